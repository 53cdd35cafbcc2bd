using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Rows of <paramref name="x"/> picked by integer <paramref name="indices"/> (stored as floats), like
    /// <c>keras.ops.take(x, indices, axis=0)</c>: the output shape is <c>indices.shape + x.shape[1:]</c>. Indices are
    /// cast to integers as Keras does (truncated toward zero). The gradient scatter-adds into <paramref name="x"/>
    /// (repeated indices accumulate); the indices get none.
    /// </summary>
    /// <param name="x">The table, rank ≥ 1, e.g. embeddings <c>(inputDim, outputDim)</c>.</param>
    /// <param name="indices">Row indices of any shape.</param>
    /// <exception cref="ArgumentException">An index is not finite or is outside <c>[0, x.shape[0])</c>.</exception>
    public static Tensor Take(Tensor x, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        if (x.Rank == 0)
        {
            throw new ArgumentException($"Take needs a tensor with at least one axis, but received shape {x.Shape}.", nameof(x));
        }
        int rows = x.Shape[0];
        var ids = new int[indices.Size];
        var source = indices.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            float v = source[i];
            if (!(v > -1f && v < rows))
            {
                throw new ArgumentException(
                    $"Take received an index {v} (position {i}) that is outside the valid range [0, {rows}) of a tensor of shape {x.Shape}.",
                    nameof(indices));
            }
            ids[i] = (int)v;
        }
        var dims = new int[indices.Rank + x.Rank - 1];
        indices.Shape.Dims.CopyTo(dims);
        x.Shape.Dims[1..].CopyTo(dims.AsSpan(indices.Rank));
        int rowSize = rows == 0 ? 0 : x.Size / rows;
        var output = Tensor.Empty(Shape.Wrap(dims));
        Gather.Rows(x.Span, rowSize, ids, output.Data);
        GradientTape.RecordOp(output, x, indices, static (g, n) =>
        {
            var state = n.GetState<int[]>();
            var dx = Tensor.Zeros(n.A.Shape);
            int size = n.A.Shape[0] == 0 ? 0 : n.A.Size / n.A.Shape[0];
            Gather.ScatterAddRows(g.Span, size, state, dx.Data);
            return [dx, null];
        }, ids);
        return output;
    }
}
