using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The im2col transform of an NHWC tensor and its adjoint. Row <c>r</c> of the column matrix is the patch read by
/// output position <c>r = (n, oh, ow)</c>, laid out as <c>(kh, kw, channels)</c>: exactly the row order of a Keras
/// kernel <c>(kh, kw, inC, outC)</c> viewed as a <c>(kh·kw·inC, outC)</c> matrix, so a convolution is
/// <c>cols · kernel</c>. Padding positions are zeros. Works on a block of rows so callers can tile the matrix.
/// </summary>
internal static class Im2Col
{
    /// <summary>Writes rows <c>[rowStart, rowStart + rowCount)</c> of the column matrix of <paramref name="x"/> into <paramref name="cols"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(ReadOnlySpan<float> x, in ConvGeometry g, int rowStart, int rowCount, Span<float> cols)
    {
        int patch = g.PatchSize;
        int c = g.Channels;
        int kw = g.KernelWidth;
        for (int r = 0; r < rowCount; r++)
        {
            g.Origin(rowStart + r, out int n, out int h0, out int w0);
            var dst = cols.Slice(r * patch, patch);
            if (g.DilationWidth == 1 && IsInside(g, h0, w0))
            {
                // the common case: every kernel row reads one contiguous run of kw·c values, no padding
                int run = kw * c;
                for (int i = 0; i < g.KernelHeight; i++)
                {
                    Copy(x.Slice(g.PixelOffset(n, h0 + i * g.DilationHeight, w0), run), dst.Slice(i * run, run));
                }
                continue;
            }
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int h = h0 + i * g.DilationHeight;
                var dstRow = dst.Slice(i * kw * c, kw * c);
                if ((uint)h >= (uint)g.InHeight)
                {
                    dstRow.Clear();
                    continue;
                }
                int rowOffset = g.PixelOffset(n, h, 0);
                if (g.DilationWidth == 1)
                {
                    // the valid taps of a kernel row are one contiguous run of the input row
                    int jStart = Math.Max(0, -w0);
                    int jEnd = Math.Min(kw, g.InWidth - w0);
                    if (jStart >= jEnd)
                    {
                        dstRow.Clear();
                        continue;
                    }
                    dstRow[..(jStart * c)].Clear();
                    Copy(x.Slice(rowOffset + (w0 + jStart) * c, (jEnd - jStart) * c), dstRow[(jStart * c)..]);
                    dstRow[(jEnd * c)..].Clear();
                    continue;
                }
                for (int j = 0; j < kw; j++)
                {
                    int w = w0 + j * g.DilationWidth;
                    var tap = dstRow.Slice(j * c, c);
                    if ((uint)w >= (uint)g.InWidth)
                    {
                        tap.Clear();
                    }
                    else
                    {
                        Copy(x.Slice(rowOffset + w * c, c), tap);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Pack"/>: adds each patch of rows <c>[rowStart, rowStart + rowCount)</c> of
    /// <paramref name="cols"/> back onto the input positions it was read from (padding positions are dropped).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<float> cols, in ConvGeometry g, int rowStart, int rowCount, Span<float> dx)
    {
        int patch = g.PatchSize;
        int c = g.Channels;
        int kw = g.KernelWidth;
        for (int r = 0; r < rowCount; r++)
        {
            g.Origin(rowStart + r, out int n, out int h0, out int w0);
            var src = cols.Slice(r * patch, patch);
            if (g.DilationWidth == 1 && IsInside(g, h0, w0))
            {
                int run = kw * c;
                for (int i = 0; i < g.KernelHeight; i++)
                {
                    AddTo(src.Slice(i * run, run), dx.Slice(g.PixelOffset(n, h0 + i * g.DilationHeight, w0), run));
                }
                continue;
            }
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int h = h0 + i * g.DilationHeight;
                if ((uint)h >= (uint)g.InHeight)
                {
                    continue;
                }
                int rowOffset = g.PixelOffset(n, h, 0);
                var srcRow = src.Slice(i * kw * c, kw * c);
                if (g.DilationWidth == 1)
                {
                    int jStart = Math.Max(0, -w0);
                    int jEnd = Math.Min(kw, g.InWidth - w0);
                    if (jStart < jEnd)
                    {
                        AddTo(srcRow.Slice(jStart * c, (jEnd - jStart) * c), dx.Slice(rowOffset + (w0 + jStart) * c, (jEnd - jStart) * c));
                    }
                    continue;
                }
                for (int j = 0; j < kw; j++)
                {
                    int w = w0 + j * g.DilationWidth;
                    if ((uint)w < (uint)g.InWidth)
                    {
                        AddTo(srcRow.Slice(j * c, c), dx.Slice(rowOffset + w * c, c));
                    }
                }
            }
        }
    }

    /// <summary>Whether the whole window at <c>(h0, w0)</c> lies inside the input (no padding is read).</summary>
    private static bool IsInside(in ConvGeometry g, int h0, int w0) =>
        h0 >= 0 && h0 + (g.KernelHeight - 1) * g.DilationHeight < g.InHeight
        && w0 >= 0 && w0 + (g.KernelWidth - 1) * g.DilationWidth < g.InWidth;

    /// <summary>Below this length a plain loop beats a library call (single-channel images copy runs of kw floats).</summary>
    private const int ShortRun = 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length > ShortRun)
        {
            source.CopyTo(destination);
            return;
        }
        for (int t = 0; t < source.Length; t++)
        {
            destination[t] = source[t];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddTo(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length > ShortRun)
        {
            TensorPrimitives.Add(destination, source, destination);
            return;
        }
        for (int t = 0; t < source.Length; t++)
        {
            destination[t] += source[t];
        }
    }
}
