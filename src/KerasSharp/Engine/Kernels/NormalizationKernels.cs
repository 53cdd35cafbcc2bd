using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Batch-, layer- and L2-normalization kernels over a tensor viewed as <c>(outer, n, inner)</c>. Batch normalization keeps
/// one statistic per index of the middle axis (the channels) and reduces over <c>outer·inner</c> elements; layer and
/// L2 normalization keep one statistic per <c>(outer, inner)</c> pair and reduce over the <c>n</c> middle elements.
/// Statistics are accumulated in double, in two passes (mean, then the biased variance about it).
/// </summary>
internal static class NormalizationKernels
{
    /// <summary>Per-channel mean and biased variance. <paramref name="sums"/> is scratch of at least 2·channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChannelMoments(ReadOnlySpan<float> x, int outer, int channels, int inner, Span<double> sums, Span<float> mean, Span<float> variance)
    {
        var m = sums[..channels];
        var v = sums.Slice(channels, channels);
        m.Clear();
        v.Clear();
        double count = (double)outer * inner;
        for (int o = 0, ix = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                double s = 0;
                for (int end = ix + inner; ix < end; ix++)
                {
                    s += x[ix];
                }
                m[c] += s;
            }
        }
        for (int c = 0; c < channels; c++)
        {
            m[c] /= count;
        }
        for (int o = 0, ix = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                double mc = m[c], s = 0;
                for (int end = ix + inner; ix < end; ix++)
                {
                    double d = x[ix] - mc;
                    s += d * d;
                }
                v[c] += s;
            }
        }
        for (int c = 0; c < channels; c++)
        {
            mean[c] = (float)m[c];
            variance[c] = (float)(v[c] / count);
        }
    }

    /// <summary><c>y = (x − center[c]) · scale[c] + offset[c]</c> per channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChannelAffine(ReadOnlySpan<float> x, int outer, int channels, int inner,
        ReadOnlySpan<float> center, ReadOnlySpan<float> scale, ReadOnlySpan<float> offset, Span<float> y)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var yr = y.Slice(o * channels, channels);
                TensorPrimitives.Subtract(x.Slice(o * channels, channels), center, yr);
                TensorPrimitives.FusedMultiplyAdd(yr, scale, offset, yr);
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = (o * channels + c) * inner;
                var yr = y.Slice(start, inner);
                TensorPrimitives.Subtract(x.Slice(start, inner), center[c], yr);
                TensorPrimitives.Multiply(yr, scale[c], yr);
                TensorPrimitives.Add(yr, offset[c], yr);
            }
        }
    }

    /// <summary>
    /// Backward of training-mode batch normalization <c>y = x̂·γ + β</c>, <c>x̂ = (x − μ)·s</c> with batch statistics:
    /// <c>dβ = Σg</c>, <c>dγ = Σg·x̂</c>, and (when <paramref name="dx"/> is not empty)
    /// <c>dx = γ·s·(g − dβ/N − x̂·dγ/N)</c>, which includes the paths through μ and σ². <paramref name="sums"/> is scratch
    /// of at least 2·channels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ChannelNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, int outer, int channels, int inner,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> gamma, Span<double> sums,
        Span<float> dgamma, Span<float> dbeta, Span<float> dx)
    {
        var sg = sums[..channels];
        var sgx = sums.Slice(channels, channels);
        sg.Clear();
        sgx.Clear();
        for (int o = 0, ix = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                float mc = mean[c];
                double a = 0, b = 0;
                for (int end = ix + inner; ix < end; ix++)
                {
                    a += g[ix];
                    b += (double)g[ix] * (x[ix] - mc);
                }
                sg[c] += a;
                sgx[c] += b * invStd[c];
            }
        }
        for (int c = 0; c < channels; c++)
        {
            dbeta[c] = (float)sg[c];
            dgamma[c] = (float)sgx[c];
        }
        if (dx.IsEmpty)
        {
            return;
        }
        double count = (double)outer * inner;
        for (int c = 0; c < channels; c++)
        {
            sg[c] /= count;
            sgx[c] /= count;
        }
        for (int o = 0, ix = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                float s = invStd[c], mc = mean[c], a = gamma[c] * s, mg = (float)sg[c], mgx = (float)sgx[c];
                for (int end = ix + inner; ix < end; ix++)
                {
                    float xhat = (x[ix] - mc) * s;
                    dx[ix] = a * (g[ix] - mg - xhat * mgx);
                }
            }
        }
    }

    /// <summary>
    /// Layer normalization of every <c>(o, ·, q)</c> line of <paramref name="n"/> elements:
    /// <c>y = (x − μ)·s·γ[j] + β[j]</c>, <c>s = 1/√(σ² + ε)</c>; saves μ and s per line (index <c>o·inner + q</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LineNormForward(ReadOnlySpan<float> x, int outer, int n, int inner, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        float epsilon, Span<float> y, Span<float> mean, Span<float> invStd)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int start = o * n * inner + q;
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    s += x[start + j * inner];
                }
                double m = s / n, ss = 0;
                for (int j = 0; j < n; j++)
                {
                    double d = x[start + j * inner] - m;
                    ss += d * d;
                }
                float mf = (float)m;
                float inv = 1f / MathF.Sqrt((float)(ss / n) + epsilon);
                mean[o * inner + q] = mf;
                invStd[o * inner + q] = inv;
                if (inner == 1)
                {
                    var yr = y.Slice(start, n);
                    TensorPrimitives.Subtract(x.Slice(start, n), mf, yr);
                    TensorPrimitives.Multiply(yr, inv, yr);
                    TensorPrimitives.FusedMultiplyAdd(yr, gamma, beta, yr);
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    int i = start + j * inner;
                    y[i] = (x[i] - mf) * inv * gamma[j] + beta[j];
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="LineNormForward"/>: accumulates <c>dγ[j] += Σ g·x̂</c> and <c>dβ[j] += Σ g</c> (both must be
    /// zeroed by the caller) and, when <paramref name="dx"/> is not empty, writes
    /// <c>dx = s·(d − mean(d) − x̂·mean(d·x̂))</c> with <c>d = g·γ</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LineNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> g, int outer, int n, int inner, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, Span<float> dgamma, Span<float> dbeta, Span<float> dx)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int start = o * n * inner + q;
                float m = mean[o * inner + q], s = invStd[o * inner + q];
                double s1 = 0, s2 = 0;
                for (int j = 0; j < n; j++)
                {
                    int i = start + j * inner;
                    float xhat = (x[i] - m) * s;
                    float d = g[i] * gamma[j];
                    s1 += d;
                    s2 += (double)d * xhat;
                    dgamma[j] += g[i] * xhat;
                    dbeta[j] += g[i];
                }
                if (dx.IsEmpty)
                {
                    continue;
                }
                float m1 = (float)(s1 / n), m2 = (float)(s2 / n);
                for (int j = 0; j < n; j++)
                {
                    int i = start + j * inner;
                    float xhat = (x[i] - m) * s;
                    dx[i] = s * (g[i] * gamma[j] - m1 - xhat * m2);
                }
            }
        }
    }

    /// <summary>
    /// L2 normalization of every <c>(o, ·, q)</c> line of <paramref name="n"/> elements:
    /// <c>y = x · rsqrt(max(Σ x², floor))</c>, the sum accumulated in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LineL2Normalize(ReadOnlySpan<float> x, int outer, int n, int inner, float floor, Span<float> y)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int start = o * n * inner + q;
                float r = InverseNorm(SquareSum(x, start, n, inner), floor);
                if (inner == 1)
                {
                    TensorPrimitives.Multiply(x.Slice(start, n), r, y.Slice(start, n));
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    y[start + j * inner] = x[start + j * inner] * r;
                }
            }
        }
    }

    /// <summary>
    /// Backward of <see cref="LineL2Normalize"/> given its input <paramref name="x"/> and output <paramref name="y"/>:
    /// <c>dx = r·(g − y·Σ g·y)</c> on lines where <c>Σ x² ≥ floor</c>, <c>dx = r·g</c> on the clamped ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LineL2NormalizeBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> g, int outer, int n, int inner,
        float floor, Span<float> dx)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int start = o * n * inner + q;
                float squares = SquareSum(x, start, n, inner);
                float r = InverseNorm(squares, floor);
                float dot = 0f;
                if (squares >= floor)
                {
                    double s = 0;
                    for (int j = 0; j < n; j++)
                    {
                        int i = start + j * inner;
                        s += (double)g[i] * y[i];
                    }
                    dot = (float)s;
                }
                for (int j = 0; j < n; j++)
                {
                    int i = start + j * inner;
                    dx[i] = r * (g[i] - y[i] * dot);
                }
            }
        }
    }

    private static float SquareSum(ReadOnlySpan<float> x, int start, int n, int inner)
    {
        double s = 0;
        for (int j = 0; j < n; j++)
        {
            double v = x[start + j * inner];
            s += v * v;
        }
        return (float)s;
    }

    private static float InverseNorm(float squares, float floor) => 1f / MathF.Sqrt(MathF.Max(squares, floor));
}
