using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>Numerically stable softmax, log-softmax and logsumexp over the middle axis of an <c>(outer, n, inner)</c> view.</summary>
internal static class Softmax
{
    /// <summary>Softmax: subtracts the maximum before exponentiating, so large logits do not overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, int outer, int n, int inner, Span<float> destination)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * n, n);
                var d = destination.Slice(o * n, n);
                if (n == 0)
                {
                    continue;
                }
                float max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, d);
                TensorPrimitives.Exp(d, d);
                float sum = TensorPrimitives.Sum(d);
                TensorPrimitives.Divide(d, sum, d);
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int baseIx = o * n * inner + q;
                float max = float.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    max = MathF.Max(max, x[baseIx + j * inner]);
                }
                float sum = 0f;
                for (int j = 0; j < n; j++)
                {
                    float e = MathF.Exp(x[baseIx + j * inner] - max);
                    destination[baseIx + j * inner] = e;
                    sum += e;
                }
                for (int j = 0; j < n; j++)
                {
                    destination[baseIx + j * inner] /= sum;
                }
            }
        }
    }

    /// <summary>
    /// Log-softmax: <c>(x − max) − log Σ exp(x − max)</c>. The two terms are subtracted from <c>x − max</c> separately,
    /// never as <c>x − lse</c>, so large logits keep their precision (lse = 1000.69 has an ulp of 6e-5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogForward(ReadOnlySpan<float> x, int outer, int n, int inner, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                int baseIx = o * n * inner + q;
                var (max, logSum) = MaxAndLogSum(x, baseIx, n, inner);
                for (int j = 0; j < n; j++)
                {
                    destination[baseIx + j * inner] = (x[baseIx + j * inner] - max) - logSum;
                }
            }
        }
    }

    /// <summary>logsumexp over the middle axis into <c>(outer, inner)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSumExp(ReadOnlySpan<float> x, int outer, int n, int inner, Span<float> destination)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                destination[o * inner + q] = LogSumExpStrided(x, o * n * inner + q, n, inner);
            }
        }
    }

    private static float LogSumExpStrided(ReadOnlySpan<float> x, int start, int n, int stride)
    {
        var (max, logSum) = MaxAndLogSum(x, start, n, stride);
        return float.IsInfinity(max) ? max : max + logSum;
    }

    /// <summary>The maximum and <c>log Σ exp(x − max)</c> of a strided run (the sum is accumulated in double).</summary>
    private static (float Max, float LogSum) MaxAndLogSum(ReadOnlySpan<float> x, int start, int n, int stride)
    {
        float max = float.NegativeInfinity;
        for (int j = 0; j < n; j++)
        {
            max = MathF.Max(max, x[start + j * stride]);
        }
        if (float.IsInfinity(max))
        {
            // all -inf (or empty): lse = -inf; any +inf: lse = +inf. NaN inputs propagate through MathF.Max.
            return (max, 0f);
        }
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            sum += Math.Exp(x[start + j * stride] - max);
        }
        return (max, (float)Math.Log(sum));
    }
}
