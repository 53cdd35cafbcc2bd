namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Reshapes without changing the values' order. One dimension may be -1 and is inferred, as in
    /// <c>keras.ops.reshape</c>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="shape">The new shape.</param>
    public static Tensor Reshape(Tensor x, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        var target = ResolveReshape(x.Shape, x.Size, shape);
        if (target == x.Shape)
        {
            return x;
        }
        // Tensors are immutable, so the output can share the input's buffer.
        var y = x.ViewAs(target);
        GradientTape.RecordOp(y, x, static (g, n) => [Reshape(g, n.A.Shape)]);
        return y;
    }

    /// <summary>Resolves a reshape target with at most one -1 against <paramref name="size"/> values.</summary>
    internal static Shape ResolveReshape(Shape from, int size, Shape to)
    {
        int unknown = -1;
        long known = 1;
        if (to.IsFullyDefined && to.ElementCount == size)
        {
            return to;
        }
        Span<int> dims = stackalloc int[to.Rank];
        to.Dims.CopyTo(dims);
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] == -1)
            {
                if (unknown >= 0)
                {
                    throw new ArgumentException($"Cannot reshape a tensor of shape {from} to {to}: only one dimension can be -1.");
                }
                unknown = i;
            }
            else
            {
                // capped as Shape.Size caps: a product beyond 2^32 cannot equal a tensor's size, and never overflows
                known = Math.Min(known * dims[i], 1L << 32);
            }
        }
        if (unknown >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                throw new ArgumentException($"Cannot reshape a tensor of shape {from} ({size} values) to {to}.");
            }
            dims[unknown] = (int)(size / known);
        }
        else if (known != size)
        {
            throw new ArgumentException($"Cannot reshape a tensor of shape {from} ({size} values) to {to} ({known} values).");
        }
        return Shape.Of(dims);
    }

    /// <summary>Permutes the axes (reverses them when <paramref name="perm"/> is null), like <c>keras.ops.transpose</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="perm">The new order of the axes.</param>
    public static Tensor Transpose(Tensor x, int[]? perm = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rank = x.Rank;
        perm ??= Enumerable.Range(0, rank).Reverse().ToArray();
        if (perm.Length != rank || perm.Distinct().Count() != rank || perm.Any(p => p < 0 || p >= rank))
        {
            throw new ArgumentException($"Invalid permutation [{string.Join(", ", perm)}] for a tensor of rank {rank} (shape {x.Shape}).");
        }
        var outDims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            outDims[i] = x.Shape[perm[i]];
        }
        var outShape = Shape.Wrap(outDims);
        var output = Tensor.Empty(outShape);
        var inStrides = x.Shape.Strides();
        var src = x.Span;
        var dst = output.Data;
        Span<int> counter = stackalloc int[rank];
        int srcOff = 0;
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = src[srcOff];
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                counter[axis]++;
                srcOff += inStrides[perm[axis]];
                if (counter[axis] < outDims[axis])
                {
                    break;
                }
                srcOff -= inStrides[perm[axis]] * counter[axis];
                counter[axis] = 0;
            }
        }
        GradientTape.RecordOp(output, x, static (g, n) =>
        {
            var p = n.GetState<int[]>();
            var inverse = new int[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                inverse[p[i]] = i;
            }
            return [Transpose(g, inverse)];
        }, perm);
        return output;
    }

    /// <summary>Rows <c>[start, start + count)</c> of the first axis, copied.</summary>
    /// <param name="x">The input.</param>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    public static Tensor SliceRows(Tensor x, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0 || start < 0 || count < 0 || start + count > x.Shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + count}) are out of range for a tensor of shape {x.Shape}.");
        }
        int row = x.Shape[0] == 0 ? 0 : x.Size / x.Shape[0];
        var output = Tensor.Empty(x.Shape.WithBatch(count));
        x.Span.Slice(start * row, count * row).CopyTo(output.Data);
        GradientTape.RecordOp(output, x, static (g, n) =>
        {
            var (s, _) = n.GetState<(int, int)>();
            var dx = Tensor.Zeros(n.A.Shape);
            int rowSize = n.A.Shape[0] == 0 ? 0 : n.A.Size / n.A.Shape[0];
            g.Span.CopyTo(dx.Data[(s * rowSize)..]);
            return [dx];
        }, (start, count));
        return output;
    }

    /// <summary>Rows of the first axis picked by <paramref name="indices"/>, copied (not differentiable).</summary>
    /// <param name="x">The input.</param>
    /// <param name="indices">Row indices.</param>
    public static Tensor TakeRows(Tensor x, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            throw new ArgumentException($"TakeRows needs a tensor with at least one axis, but received shape {x.Shape}.", nameof(x));
        }
        int rows = x.Shape[0];
        int row = rows == 0 ? 0 : x.Size / rows;
        var output = Tensor.Empty(x.Shape.WithBatch(indices.Length));
        for (int i = 0; i < indices.Length; i++)
        {
            int r = indices[i];
            if (r < 0 || r >= rows)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Row index {r} (position {i}) is out of range for a tensor of shape {x.Shape}.");
            }
            x.Span.Slice(r * row, row).CopyTo(output.Data.Slice(i * row, row));
        }
        return output;
    }

    /// <summary>One-hot encodes integer class ids (stored as floats) into a new last axis of size <paramref name="numClasses"/>.</summary>
    /// <param name="labels">Class ids.</param>
    /// <param name="numClasses">Number of classes.</param>
    public static Tensor OneHot(Tensor labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var output = Tensor.Zeros(labels.Shape.Append(numClasses));
        var ls = labels.Span;
        for (int i = 0; i < ls.Length; i++)
        {
            int c = (int)ls[i];
            if (c < 0 || c >= numClasses || c != ls[i])
            {
                throw new ArgumentException($"Received a label value of {ls[i]} which is outside the valid range of [0, {numClasses}).");
            }
            output.Data[i * numClasses + c] = 1f;
        }
        return output;
    }
}
