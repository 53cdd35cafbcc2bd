using System.Runtime.CompilerServices;
using System.Numerics;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Max and average pooling over NHWC tensors (<see cref="ConvGeometry"/> with the pool as the window and no
/// dilation) and their backward passes. Padding positions never take part: a max ignores them and an average divides
/// by the number of real input positions in the window, as TensorFlow does for <c>padding="same"</c>. The forward
/// passes work on a range of output rows, so callers may run disjoint ranges in parallel.
/// </summary>
internal static class Pooling
{
    /// <summary>Max pooling of output rows <c>[rowStart, rowStart + rowCount)</c>; <paramref name="y"/> is the whole output.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, in ConvGeometry g, int rowStart, int rowCount, Span<float> y) =>
        Forward(x, g, rowStart, rowCount, y, isMax: true);

    /// <summary>
    /// Max pooling backward: each output gradient goes to the first position of its window (row-major scan) that
    /// holds the window's maximum <paramref name="y"/>, as TensorFlow breaks ties (a NaN maximum goes to the first
    /// NaN). Adds into <paramref name="dx"/>. Works on output rows <c>[rowStart, rowStart + rowCount)</c> (all by default).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx,
        int rowStart = 0, int rowCount = -1)
    {
        int c = g.Channels;
        int width = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? c - c % width : 0;
        int rowEnd = rowCount < 0 ? g.Rows : rowStart + rowCount;
        for (int r = rowStart; r < rowEnd; r++)
        {
            g.Origin(r, out int n, out int h0, out int w0);
            ClampWindow(g, h0, w0, out int iStart, out int iEnd, out int jStart, out int jEnd);
            int row = r * c;
            // per run of channels, scan the window in row-major order with the "already routed" mask in a register
            for (int ch = 0; ch < vectorEnd; ch += width)
            {
                var max = new Vector<float>(y[(row + ch)..]);
                var grad = new Vector<float>(gy[(row + ch)..]);
                var maxIsNaN = ~Vector.Equals(max, max);
                var done = Vector<int>.Zero;
                for (int i = iStart; i < iEnd; i++)
                {
                    int offset = g.PixelOffset(n, h0 + i, w0 + jStart) + ch;
                    for (int j = jStart; j < jEnd; j++, offset += c)
                    {
                        var v = new Vector<float>(x[offset..]);
                        var hit = Vector.AndNot(Vector.Equals(v, max) | (maxIsNaN & ~Vector.Equals(v, v)), done);
                        if (hit != Vector<int>.Zero)
                        {
                            (new Vector<float>(dx[offset..]) + Vector.ConditionalSelect(hit, grad, Vector<float>.Zero)).CopyTo(dx[offset..]);
                            done |= hit;
                        }
                    }
                }
            }
            for (int ch = vectorEnd; ch < c; ch++)
            {
                int at = FirstMatch(x, g, n, h0, w0, iStart, iEnd, jStart, jEnd, ch, y[row + ch]);
                if (at >= 0)
                {
                    dx[at] += gy[row + ch];
                }
            }
        }
    }

    /// <summary>
    /// Whether the windows are side by side inside the input, without overlap or padding (stride = pool size): then
    /// every input position lies in at most one window, and <see cref="MaxBackwardNonOverlapping"/> can write the
    /// gradient once.
    /// </summary>
    public static bool IsNonOverlapping(in ConvGeometry g) =>
        g.StrideHeight == g.KernelHeight && g.StrideWidth == g.KernelWidth && g.PadTop == 0 && g.PadLeft == 0
        && g.OutHeight * g.KernelHeight <= g.InHeight && g.OutWidth * g.KernelWidth <= g.InWidth;

    /// <summary>
    /// <see cref="MaxBackward"/> for non-overlapping windows, writing (not adding) every position of each window of
    /// output rows <c>[rowStart, rowStart + rowCount)</c>: the gradient at the window's first maximum, 0 elsewhere.
    /// Positions outside every window (the last rows and columns when the size is not a multiple of the pool) are
    /// not written; the caller clears them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxBackwardNonOverlapping(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, in ConvGeometry g,
        Span<float> dx, int rowStart, int rowCount)
    {
        int c = g.Channels;
        int width = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? c - c % width : 0;
        for (int r = rowStart; r < rowStart + rowCount; r++)
        {
            g.Origin(r, out int n, out int h0, out int w0);
            int row = r * c;
            for (int ch = 0; ch < vectorEnd; ch += width)
            {
                var max = new Vector<float>(y[(row + ch)..]);
                var grad = new Vector<float>(gy[(row + ch)..]);
                var maxIsNaN = ~Vector.Equals(max, max);
                var done = Vector<int>.Zero;
                for (int i = 0; i < g.KernelHeight; i++)
                {
                    int offset = g.PixelOffset(n, h0 + i, w0) + ch;
                    for (int j = 0; j < g.KernelWidth; j++, offset += c)
                    {
                        var v = new Vector<float>(x[offset..]);
                        var hit = Vector.AndNot(Vector.Equals(v, max) | (maxIsNaN & ~Vector.Equals(v, v)), done);
                        Vector.ConditionalSelect(hit, grad, Vector<float>.Zero).CopyTo(dx[offset..]);
                        done |= hit;
                    }
                }
            }
            for (int ch = vectorEnd; ch < c; ch++)
            {
                int at = FirstMatch(x, g, n, h0, w0, 0, g.KernelHeight, 0, g.KernelWidth, ch, y[row + ch]);
                for (int i = 0; i < g.KernelHeight; i++)
                {
                    int offset = g.PixelOffset(n, h0 + i, w0) + ch;
                    for (int j = 0; j < g.KernelWidth; j++, offset += c)
                    {
                        dx[offset] = offset == at ? gy[row + ch] : 0f;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FirstMatch(ReadOnlySpan<float> x, in ConvGeometry g, int n, int h0, int w0, int iStart, int iEnd, int jStart, int jEnd, int ch, float max)
    {
        bool nan = float.IsNaN(max);
        for (int i = iStart; i < iEnd; i++)
        {
            int offset = g.PixelOffset(n, h0 + i, w0 + jStart) + ch;
            for (int j = jStart; j < jEnd; j++, offset += g.Channels)
            {
                if (x[offset] == max || (nan && float.IsNaN(x[offset])))
                {
                    return offset;
                }
            }
        }
        return -1;
    }

    /// <summary>Average pooling of output rows <c>[rowStart, rowStart + rowCount)</c>, padding excluded from the count.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, in ConvGeometry g, int rowStart, int rowCount, Span<float> y) =>
        Forward(x, g, rowStart, rowCount, y, isMax: false);

    /// <summary>
    /// One pass per output row: for each run of channels, the window is reduced in registers (taps in row-major
    /// order), then written once. The max propagates NaN, like TensorFlow's max pooling.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(ReadOnlySpan<float> x, in ConvGeometry g, int rowStart, int rowCount, Span<float> y, bool isMax)
    {
        int c = g.Channels;
        int width = Vector<float>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? c - c % width : 0;
        float init = isMax ? float.NegativeInfinity : 0f;
        for (int r = rowStart; r < rowStart + rowCount; r++)
        {
            g.Origin(r, out int n, out int h0, out int w0);
            ClampWindow(g, h0, w0, out int iStart, out int iEnd, out int jStart, out int jEnd);
            var dst = y.Slice(r * c, c);
            float scale = isMax ? 1f : 1f / ((iEnd - iStart) * (jEnd - jStart));
            for (int ch = 0; ch < c; ch += ch < vectorEnd ? width : 1)
            {
                bool vector = ch < vectorEnd;
                var acc = new Vector<float>(init);
                float accScalar = init;
                for (int i = iStart; i < iEnd; i++)
                {
                    int offset = g.PixelOffset(n, h0 + i, w0 + jStart) + ch;
                    for (int j = jStart; j < jEnd; j++, offset += c)
                    {
                        if (vector)
                        {
                            var v = new Vector<float>(x[offset..]);
                            acc = isMax ? MaxPropagatingNaN(acc, v) : acc + v;
                        }
                        else
                        {
                            float v = x[offset];
                            accScalar = !isMax ? accScalar + v : v > accScalar || float.IsNaN(v) ? v : accScalar;
                        }
                    }
                }
                if (vector)
                {
                    (isMax ? acc : acc * scale).CopyTo(dst[ch..]);
                }
                else
                {
                    dst[ch] = isMax ? accScalar : accScalar * scale;
                }
            }
        }
    }

    private static Vector<float> MaxPropagatingNaN(Vector<float> acc, Vector<float> v) =>
        // NaN if either is NaN (acc + v), else the larger
        Vector.ConditionalSelect(Vector.Equals(acc, acc) & Vector.Equals(v, v), Vector.Max(acc, v), acc + v);

    /// <summary>
    /// Average pooling backward: each output gradient is spread evenly over the real positions of its window. Adds
    /// into <paramref name="dx"/>. Works on output rows <c>[rowStart, rowStart + rowCount)</c> (all by default).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AverageBackward(ReadOnlySpan<float> gy, in ConvGeometry g, Span<float> dx, int rowStart = 0, int rowCount = -1)
    {
        int c = g.Channels;
        int rowEnd = rowCount < 0 ? g.Rows : rowStart + rowCount;
        for (int r = rowStart; r < rowEnd; r++)
        {
            g.Origin(r, out int n, out int h0, out int w0);
            ClampWindow(g, h0, w0, out int iStart, out int iEnd, out int jStart, out int jEnd);
            float scale = 1f / ((iEnd - iStart) * (jEnd - jStart));
            var src = gy.Slice(r * c, c);
            for (int i = iStart; i < iEnd; i++)
            {
                int offset = g.PixelOffset(n, h0 + i, w0 + jStart);
                for (int j = jStart; j < jEnd; j++, offset += c)
                {
                    var d = dx.Slice(offset, c);
                    TensorPrimitives.MultiplyAdd(src, scale, d, d);
                }
            }
        }
    }

    /// <summary>The window taps <c>[iStart, iEnd) × [jStart, jEnd)</c> that fall inside the input.</summary>
    private static void ClampWindow(in ConvGeometry g, int h0, int w0, out int iStart, out int iEnd, out int jStart, out int jEnd)
    {
        iStart = Math.Max(0, -h0);
        iEnd = Math.Min(g.KernelHeight, g.InHeight - h0);
        jStart = Math.Max(0, -w0);
        jEnd = Math.Min(g.KernelWidth, g.InWidth - w0);
    }
}
