using System.Runtime.CompilerServices;
using System.Buffers;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// 2D convolution on NHWC tensors as im2col + GEMM, with a Keras kernel <c>(kh, kw, inC, outC)</c> used directly as the
/// <c>(kh·kw·inC, outC)</c> matrix. Without a cache the column matrix is built a block of rows at a time in pooled
/// scratch (about 4 MB), so memory stays bounded on large inputs; while training, the forward can keep the whole
/// matrix (up to 16 MB) for the kernel gradient. A pointwise (1×1, stride 1, no padding) convolution skips im2col: the
/// input already is the column matrix. The backward passes are GEMMs with transpose flags (<c>dW = colsᵀ·dY</c>,
/// <c>dCols = dY·Wᵀ</c> then col2im), never materialised transposes.
/// </summary>
internal static class Convolution
{
    /// <summary>
    /// Target size of one block of the column matrix, in floats (4 MB). Large enough that typical layers take one to
    /// three blocks (each GEMM call has a fork/join cost), small enough to bound memory on large images.
    /// </summary>
    private const int BlockFloats = 1 << 20;

    private static int RowsPerBlock(in ConvGeometry g) => Math.Max(1, BlockFloats / Math.Max(g.PatchSize, 1));

    /// <summary>
    /// Whether the whole column matrix is small enough (at most 16 MB) to be kept from the forward pass for the
    /// kernel gradient, which then skips a second im2col and runs as one GEMM.
    /// </summary>
    public static bool CanCacheColumns(in ConvGeometry g) => !g.IsPointwise && (long)g.Rows * g.PatchSize <= 1 << 22;

    /// <summary>
    /// <c>y = act(conv(x, w) + bias)</c> with <paramref name="y"/> of shape <c>(rows, filters)</c>; an empty bias adds
    /// nothing. When <paramref name="columns"/> is not empty (length <c>rows · patch</c>) the whole column matrix is
    /// written there for <see cref="BackwardFilter"/>; otherwise pooled scratch is used a block at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, in ConvGeometry g, int filters, bool relu,
        Span<float> y, Span<float> columns = default)
    {
        int patch = g.PatchSize;
        if (g.IsPointwise)
        {
            Gemm.Multiply(x, w, y, g.Rows, filters, patch);
            BiasActivation.Forward(y[..(g.Rows * filters)], bias, filters, relu);
            return;
        }
        int block = Math.Min(RowsPerBlock(g), g.Rows);
        float[]? scratch = columns.IsEmpty ? ArrayPool<float>.Shared.Rent(block * patch) : null;
        try
        {
            for (int r0 = 0; r0 < g.Rows; r0 += block)
            {
                int count = Math.Min(block, g.Rows - r0);
                var c = scratch is null ? columns.Slice(r0 * patch, count * patch) : scratch.AsSpan(0, count * patch);
                Im2Col.Pack(x, g, r0, count, c);
                var yBlock = y.Slice(r0 * filters, count * filters);
                Gemm.Multiply(c, w, yBlock, count, filters, patch);
                BiasActivation.Forward(yBlock, bias, filters, relu);
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>Input gradient: <c>dx += col2im(dy · wᵀ)</c>. <paramref name="dx"/> must be initialised (zeros).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardData(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, in ConvGeometry g, int filters, Span<float> dx)
    {
        int patch = g.PatchSize;
        if (g.IsPointwise)
        {
            Gemm.Multiply(dy, w, dx, g.Rows, patch, filters, transposeB: true, accumulate: true);
            return;
        }
        int block = Math.Min(RowsPerBlock(g), g.Rows);
        var cols = ArrayPool<float>.Shared.Rent(block * patch);
        try
        {
            for (int r0 = 0; r0 < g.Rows; r0 += block)
            {
                int count = Math.Min(block, g.Rows - r0);
                var c = cols.AsSpan(0, count * patch);
                Gemm.Multiply(dy.Slice(r0 * filters, count * filters), w, c, count, patch, filters, transposeB: true);
                Im2Col.Accumulate(c, g, r0, count, dx);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cols);
        }
    }

    /// <summary>
    /// Kernel gradient: <c>dw = colsᵀ · dy</c>, written (not accumulated) into <paramref name="dw"/>. Uses the column
    /// matrix kept by <see cref="Forward"/> when <paramref name="columns"/> is not empty, else rebuilds it by blocks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardFilter(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, in ConvGeometry g, int filters, Span<float> dw,
        ReadOnlySpan<float> columns = default)
    {
        int patch = g.PatchSize;
        if (g.IsPointwise || !columns.IsEmpty)
        {
            Gemm.Multiply(g.IsPointwise ? x : columns, dy, dw, patch, filters, g.Rows, transposeA: true);
            return;
        }
        if (g.Rows == 0)
        {
            dw[..(patch * filters)].Clear();
            return;
        }
        int block = Math.Min(RowsPerBlock(g), g.Rows);
        var cols = ArrayPool<float>.Shared.Rent(block * patch);
        try
        {
            for (int r0 = 0; r0 < g.Rows; r0 += block)
            {
                int count = Math.Min(block, g.Rows - r0);
                var c = cols.AsSpan(0, count * patch);
                Im2Col.Pack(x, g, r0, count, c);
                Gemm.Multiply(c, dy.Slice(r0 * filters, count * filters), dw, patch, filters, count, transposeA: true, accumulate: r0 > 0);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(cols);
        }
    }
}
