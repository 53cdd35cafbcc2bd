using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Element-wise binary cross-entropy and its gradients, fused: one pass instead of the dozen element-wise ops of the
/// composed formula, with the same values. From probabilities <c>p</c> (clipped to <c>[ε, 1 − ε]</c> as
/// <c>c</c>): <c>−(t·log c + (1 − t)·log(1 − c))</c>. From logits <c>z</c>: <c>softplus(z) − z·t</c>.
/// </summary>
internal static class BinaryCrossEntropy
{
    /// <summary>The losses for targets <paramref name="t"/> and outputs <paramref name="output"/> (same length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> t, ReadOnlySpan<float> output, bool fromLogits, float epsilon, Span<float> loss)
    {
        if (fromLogits)
        {
            for (int i = 0; i < loss.Length; i++)
            {
                float z = output[i];
                loss[i] = Softplus(z) - z * t[i];
            }
            return;
        }
        float hi = 1f - epsilon;
        for (int i = 0; i < loss.Length; i++)
        {
            float c = Math.Clamp(output[i], epsilon, hi);
            loss[i] = -((t[i] * MathF.Log(c)) + ((1f - t[i]) * MathF.Log(1f - c)));
        }
    }

    /// <summary>
    /// Gradients of <c>Σ g·loss</c>: with respect to the outputs (<c>sigmoid(z) − t</c> from logits; from
    /// probabilities <c>−(t/c − (1 − t)/(1 − c))</c> where <c>p</c> lies in the clip range, else 0) and, when
    /// <paramref name="dt"/> is not empty, to the targets (<c>−z</c>, or <c>−(log c − log(1 − c))</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> t, ReadOnlySpan<float> output, ReadOnlySpan<float> g, bool fromLogits, float epsilon,
        Span<float> doutput, Span<float> dt)
    {
        float hi = 1f - epsilon;
        for (int i = 0; i < g.Length; i++)
        {
            float x = output[i];
            if (fromLogits)
            {
                if (!doutput.IsEmpty)
                {
                    doutput[i] = (g[i] / (1f + MathF.Exp(-x))) - (g[i] * t[i]);
                }
                if (!dt.IsEmpty)
                {
                    dt[i] = -(g[i] * x);
                }
                continue;
            }
            float c = Math.Clamp(x, epsilon, hi);
            if (!doutput.IsEmpty)
            {
                doutput[i] = x >= epsilon && x <= hi ? -(g[i] * t[i] / c) + (g[i] * (1f - t[i]) / (1f - c)) : 0f;
            }
            if (!dt.IsEmpty)
            {
                dt[i] = -(g[i] * (MathF.Log(c) - MathF.Log(1f - c)));
            }
        }
    }

    /// <summary><c>log(1 + eᶻ)</c> computed as <c>max(z, 0) + log(1 + e^−|z|)</c>, as <see cref="Ops.Softplus"/> does.</summary>
    private static float Softplus(float z) => MathF.Max(z, 0f) + (float)Math.Log(1.0 + Math.Exp(-Math.Abs(z)));
}
