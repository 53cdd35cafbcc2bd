namespace KerasSharp.Engine;

public sealed partial class Tensor
{
    /// <summary>A tensor of the given shape filled with zeros.</summary>
    /// <param name="shape">The shape.</param>
    public static Tensor Zeros(Shape shape)
    {
        if (TensorArena.Current is { } arena)
        {
            var tensor = arena.NewTensor(shape);
            tensor.Data.Clear();
            return tensor;
        }
        return new(new float[MemoryLimits.Elements(shape)], shape);
    }

    /// <summary>A tensor of the given shape filled with ones.</summary>
    /// <param name="shape">The shape.</param>
    public static Tensor Ones(Shape shape) => Full(shape, 1f);

    /// <summary>A tensor of the given shape filled with <paramref name="value"/>.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="value">The fill value.</param>
    public static Tensor Full(Shape shape, float value)
    {
        var tensor = Empty(shape);
        tensor.Data.Fill(value);
        return tensor;
    }

    /// <summary>A scalar (rank 0) tensor.</summary>
    /// <param name="value">The value.</param>
    public static Tensor Scalar(float value)
    {
        if (TensorArena.Current is { } arena)
        {
            var tensor = arena.NewTensor(Shape.Scalar);
            tensor.Buffer[0] = value;
            return tensor;
        }
        return new([value], Shape.Scalar);
    }

    /// <summary>An uninitialised tensor for ops to write into.</summary>
    /// <remarks>Inside a step scope the buffer comes from the step arena (see <see cref="TensorArena"/>).</remarks>
    internal static Tensor Empty(Shape shape) => TensorArena.Current is { } arena
        ? arena.NewTensor(shape)
        : new Tensor(GC.AllocateUninitializedArray<float>(MemoryLimits.Elements(shape)), shape);

    /// <summary>
    /// A tensor over <paramref name="buffer"/> without copying: a new buffer the caller gives up, or a view (e.g. a
    /// reshape) of another tensor's buffer. Inside a step the tensor object comes from the step arena.
    /// </summary>
    internal static Tensor Wrap(float[] buffer, Shape shape) => TensorArena.Current is { } arena
        ? arena.Wrap(buffer, shape)
        : new Tensor(buffer, shape);

    /// <summary>Takes ownership of a new buffer, never through the step arena (for values that outlive a step).</summary>
    internal static Tensor Adopt(float[] buffer, Shape shape) => new(buffer, shape);

    /// <summary>A copy that owns an ordinary (non-arena) tensor and buffer, for values that outlive a step.</summary>
    internal Tensor Detach() => IsPooled ? new Tensor(Span.ToArray(), Shape) : this;

    /// <summary>The same values seen with another shape of the same size (no copy), like a reshape.</summary>
    internal Tensor ViewAs(Shape shape) => View(Offset, shape);

    /// <summary>Rows <c>[start, start + count)</c> of the first axis, without copying.</summary>
    internal Tensor ViewRows(int start, int count)
    {
        int perRow = Shape[0] == 0 ? 0 : Size / Shape[0];
        return View(Offset + start * perRow, Shape.WithBatch(count));
    }

    private Tensor View(int offset, Shape shape)
    {
        int size = shape.Size;
        if (offset < 0 || offset + size > Buffer.Length || offset < Offset || offset + size > Offset + Size)
        {
            throw new ArgumentException($"A view of {size} values at offset {offset - Offset} does not fit in a tensor of shape {Shape}.");
        }
        if (TensorArena.Current is { } arena)
        {
            return arena.Wrap(Buffer, offset, shape);
        }
        return new Tensor(Buffer, offset, shape, pooled: false);
    }

    /// <summary>A tensor with a copy of <paramref name="values"/> and the given shape.</summary>
    /// <param name="values">Row-major values.</param>
    /// <param name="shape">The shape; its size must equal the number of values, and one dimension may be -1 (inferred). Defaults to a vector.</param>
    public static Tensor FromArray(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        Shape s = shape.Length == 0 ? new Shape(values.Length) : new Shape(shape);
        if (!s.IsFullyDefined)
        {
            s = Ops.ResolveReshape(new Shape(values.Length), values.Length, s);
        }
        if (s.Size != values.Length)
        {
            throw new ArgumentException($"Cannot reshape {values.Length} values into shape {s}.", nameof(shape));
        }
        return new Tensor((float[])values.Clone(), s);
    }

    /// <summary>A rank-1 tensor of the given values (e.g. labels).</summary>
    /// <param name="values">The values.</param>
    public static Tensor FromArray(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            buffer[i] = values[i];
        }
        return new Tensor(buffer, new Shape(values.Length));
    }

    /// <summary>A rank-2 tensor with a copy of a 2-D array.</summary>
    /// <param name="values">The values, rows first.</param>
    public static Tensor FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        System.Buffer.BlockCopy(values, 0, buffer, 0, values.Length * sizeof(float));
        return new Tensor(buffer, new Shape(values.GetLength(0), values.GetLength(1)));
    }

    /// <summary>A rank-3 tensor with a copy of a 3-D array (e.g. a stack of grey images).</summary>
    /// <param name="values">The values.</param>
    public static Tensor FromArray(float[,,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        System.Buffer.BlockCopy(values, 0, buffer, 0, values.Length * sizeof(float));
        return new Tensor(buffer, new Shape(values.GetLength(0), values.GetLength(1), values.GetLength(2)));
    }

    /// <summary>A rank-4 tensor with a copy of a 4-D array (e.g. NHWC images).</summary>
    /// <param name="values">The values.</param>
    public static Tensor FromArray(float[,,,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new float[values.Length];
        System.Buffer.BlockCopy(values, 0, buffer, 0, values.Length * sizeof(float));
        return new Tensor(buffer, new Shape(values.GetLength(0), values.GetLength(1), values.GetLength(2), values.GetLength(3)));
    }

    /// <summary>A rank-2 tensor from jagged rows, which must all have the same length.</summary>
    /// <param name="rows">The rows.</param>
    public static Tensor FromArray(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int cols = rows.Length == 0 || rows[0] is null ? 0 : rows[0].Length;
        var buffer = new float[rows.Length * cols];
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null)
            {
                throw new ArgumentException($"Cannot create a tensor from jagged rows: row {r} is null.", nameof(rows));
            }
            if (rows[r].Length != cols)
            {
                throw new ArgumentException(
                    $"Cannot create a tensor from ragged rows: all rows must have the same length, but row 0 has {cols} values and row {r} has {rows[r].Length}.",
                    nameof(rows));
            }
            rows[r].CopyTo(buffer, r * cols);
        }
        return new Tensor(buffer, new Shape(rows.Length, cols));
    }

    /// <summary>A rank-2 tensor from a 2-D array.</summary>
    public static implicit operator Tensor(float[,] values) => FromArray(values);

    /// <summary>A rank-3 tensor from a 3-D array.</summary>
    public static implicit operator Tensor(float[,,] values) => FromArray(values);

    /// <summary>A rank-4 tensor from a 4-D array.</summary>
    public static implicit operator Tensor(float[,,,] values) => FromArray(values);

    /// <summary>A rank-2 tensor from jagged rows.</summary>
    public static implicit operator Tensor(float[][] rows) => FromArray(rows);

    /// <summary>A rank-1 tensor from a vector.</summary>
    public static implicit operator Tensor(float[] values) => FromArray(values);

    /// <summary>A rank-1 tensor from integer labels.</summary>
    public static implicit operator Tensor(int[] labels) => FromArray(labels);

    /// <summary>A scalar tensor.</summary>
    public static implicit operator Tensor(float value) => Scalar(value);
}
