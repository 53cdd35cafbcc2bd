using System.Globalization;
using System.Text;

namespace KerasSharp.Engine;

/// <summary>
/// A dense, row-major float32 tensor. Tensors are immutable by contract: ops create new tensors and never change
/// their inputs, which is what lets the <see cref="GradientTape"/> keep references to them. (The one exception is
/// the tensor inside a <see cref="Variable"/>, which optimizers update in place between steps.)
/// </summary>
/// <example>
/// <code>
/// var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
/// var y = Ops.MatMul(x, x) + 1f;
/// Console.WriteLine(y[1, 0]);   // 16
/// </code>
/// </example>
public sealed partial class Tensor
{
    // Not readonly: the step arena recycles tensor objects (see TensorArena), re-pointing them at new buffers.
    internal float[] Buffer;
    private Shape _shape;
    private int _offset;
    private int _size;

    internal Tensor(float[] buffer, Shape shape, bool pooled = false)
    {
        IsPooled = pooled;
        if (buffer.Length != shape.Size)
        {
            throw new ArgumentException($"A buffer of {buffer.Length} values cannot have shape {shape} ({shape.Size} values).");
        }
        Buffer = buffer;
        _shape = shape;
        _size = buffer.Length;
    }

    /// <summary>A view of <c>shape.Size</c> values of <paramref name="buffer"/> from <paramref name="offset"/> (checked by the caller).</summary>
    internal Tensor(float[] buffer, int offset, Shape shape, bool pooled)
    {
        IsPooled = pooled;
        Buffer = buffer;
        _offset = offset;
        _shape = shape;
        _size = shape.Size;
    }

    /// <summary>
    /// True when the tensor object was handed out by the step arena: it (and, unless it is a view of another
    /// array, its buffer) is recycled at the end of the step.
    /// </summary>
    internal bool IsPooled { get; }

    /// <summary>The shape of the tensor.</summary>
    public Shape Shape => _shape;

    /// <summary>
    /// Re-points an arena tensor at <c>shape.Size</c> values of <paramref name="buffer"/> from <paramref name="offset"/>
    /// (the arena checked that they fit).
    /// </summary>
    internal void Reuse(float[] buffer, int offset, Shape shape, int size)
    {
        Buffer = buffer;
        _offset = offset;
        _shape = shape;
        _size = size;
    }

    /// <summary>Where the values start in <see cref="Buffer"/> (views share a buffer from different offsets).</summary>
    internal int Offset => _offset;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Size => _size;

    /// <summary>The values in row-major order.</summary>
    public ReadOnlySpan<float> Span => new(Buffer, _offset, _size);

    /// <summary>Writable access for kernels and optimizers (only on tensors not yet shared).</summary>
    internal Span<float> Data => new(Buffer, _offset, _size);

    /// <summary>The element at the given indices (negative indices count from the end).</summary>
    /// <param name="indices">One index per dimension.</param>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] indices] => Buffer[_offset + FlatIndex(indices)];

    /// <summary>The value of a tensor with exactly one element (e.g. a loss).</summary>
    public float Item()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element, but this tensor has shape {Shape}.");
        }
        return Buffer[_offset];
    }

    private int FlatIndex(int[] indices)
    {
        if (indices.Length != Rank)
        {
            throw new ArgumentException($"Expected {Rank} indices for a tensor of shape {Shape}, received {indices.Length}.");
        }
        int flat = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            int d = Shape[i];
            int ix = indices[i] < 0 ? indices[i] + d : indices[i];
            if (ix < 0 || ix >= d)
            {
                throw new IndexOutOfRangeException($"Index {indices[i]} is out of bounds for axis {i} with size {d} (shape {Shape}).");
            }
            flat = flat * d + ix;
        }
        return flat;
    }

    /// <summary>A copy of the values in row-major order.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>A copy as a 2-D array; a rank-1 tensor becomes one column, higher ranks keep the first axis and flatten the rest.</summary>
    public float[,] ToArray2D()
    {
        int rows = Rank == 0 ? 1 : Shape[0];
        int cols = rows == 0 ? 0 : Size / rows;
        if (Rank == 1)
        {
            cols = 1;
        }
        var result = new float[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[r, c] = Buffer[_offset + r * cols + c];
            }
        }
        return result;
    }

    /// <summary>A copy as jagged rows (first axis), each row holding the remaining values flattened.</summary>
    public float[][] ToJagged()
    {
        int rows = Rank == 0 ? 1 : Shape[0];
        int cols = rows == 0 ? 0 : Size / rows;
        var result = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            result[r] = Buffer.AsSpan(_offset + r * cols, cols).ToArray();
        }
        return result;
    }

    /// <summary>NumPy-like text, abbreviated for large tensors.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb, 0, 0);
        return $"Tensor(shape={Shape}, values={sb})";
    }

    private int Append(StringBuilder sb, int axis, int offset)
    {
        if (axis == Rank)
        {
            sb.Append(Buffer[_offset + offset].ToString("G6", CultureInfo.InvariantCulture));
            return offset + 1;
        }
        sb.Append('[');
        int n = Shape[axis];
        int stride = n == 0 ? 0 : Shape.Strides()[axis];
        for (int i = 0; i < n; i++)
        {
            if (n > 8 && i == 3)
            {
                sb.Append("..., ");
                i = n - 3;
            }
            Append(sb, axis + 1, offset + i * stride);
            if (i < n - 1)
            {
                sb.Append(", ");
            }
        }
        sb.Append(']');
        return offset + n * stride;
    }
}
