using KerasSharp.Engine;

namespace KerasSharp.Tests.Layers;

/// <summary>Independent double-precision references for the normalization tests (naive loops, Keras' formulas).</summary>
internal static class NormReference
{
    /// <summary>Reproducible values in [lo, hi).</summary>
    public static float[] Values(int count, int seed, float lo = -2f, float hi = 2f)
    {
        var rng = new Rng(seed);
        var v = new float[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = rng.Uniform(lo, hi);
        }
        return v;
    }

    /// <summary>Per-channel mean and biased variance of an <c>(outer, channels, inner)</c> view.</summary>
    public static (double[] Mean, double[] Variance) ChannelMoments(float[] x, int outer, int channels, int inner)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        double n = (double)outer * inner;
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < inner; i++)
                {
                    mean[c] += x[(o * channels + c) * inner + i] / n;
                }
            }
        }
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < inner; i++)
                {
                    double d = x[(o * channels + c) * inner + i] - mean[c];
                    variance[c] += d * d / n;
                }
            }
        }
        return (mean, variance);
    }

    /// <summary><c>γ·(x − mean)/√(var + ε) + β</c> per channel of an <c>(outer, channels, inner)</c> view.</summary>
    public static float[] ChannelNormalize(float[] x, int outer, int channels, int inner, double[] mean, double[] variance,
        float[]? gamma, float[]? beta, double epsilon)
    {
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int ix = (o * channels + c) * inner + i;
                    double v = (x[ix] - mean[c]) / Math.Sqrt(variance[c] + epsilon);
                    y[ix] = (float)(v * (gamma?[c] ?? 1.0) + (beta?[c] ?? 0.0));
                }
            }
        }
        return y;
    }

    /// <summary>Layer normalization of each <c>(o, ·, q)</c> line of <c>n</c> elements, with per-element γ, β.</summary>
    public static float[] LineNormalize(float[] x, int outer, int n, int inner, float[]? gamma, float[]? beta, double epsilon, bool rms = false)
    {
        var y = new float[x.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                double mean = 0, variance = 0;
                for (int j = 0; j < n; j++)
                {
                    mean += x[(o * n + j) * inner + q] / (double)n;
                }
                for (int j = 0; j < n; j++)
                {
                    double d = x[(o * n + j) * inner + q] - mean;
                    variance += d * d / n;
                }
                for (int j = 0; j < n; j++)
                {
                    int ix = (o * n + j) * inner + q;
                    double centered = rms ? x[ix] : x[ix] - mean;
                    double v = centered / Math.Sqrt(variance + epsilon) * (gamma?[j] ?? 1.0);
                    y[ix] = (float)(rms ? v : v + (beta?[j] ?? 0.0));
                }
            }
        }
        return y;
    }
}
