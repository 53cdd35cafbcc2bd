using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Softmax cross-entropy with integer labels, fused: one pass per row gives the loss <c>logsumexp(z) − z[label]</c>
/// (the same value as <c>−log_softmax(z)[label]</c>) and the softmax the backward needs, <c>∂/∂z = softmax(z) −
/// one_hot(label)</c>.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>Per-row losses and softmax probabilities of <c>(rows, classes)</c> logits.</summary>
    /// <param name="logits">Logits, row-major <c>(rows, classes)</c>.</param>
    /// <param name="labels">One class index per row (as floats, already validated).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="losses">One loss per row.</param>
    /// <param name="probabilities">The softmax of each row, <c>(rows, classes)</c>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels, int classes, Span<float> losses, Span<float> probabilities)
    {
        for (int r = 0; r < losses.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var p = probabilities.Slice(r * classes, classes);
            float max = TensorPrimitives.Max(z);
            TensorPrimitives.Subtract(z, max, p);
            TensorPrimitives.Exp(p, p);
            float sum = TensorPrimitives.Sum(p);
            float logSumExp = max + MathF.Log(sum);
            TensorPrimitives.Multiply(p, 1f / sum, p);
            losses[r] = logSumExp - z[(int)labels[r]];
        }
    }

    /// <summary><c>dz[r, c] = g[r] · (p[r, c] − [c = label[r]])</c>.</summary>
    /// <param name="probabilities">The softmax saved by the forward.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="lossGradient">The gradient of each row's loss.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="logitGradient">The gradient of the logits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> labels, ReadOnlySpan<float> lossGradient, int classes, Span<float> logitGradient)
    {
        for (int r = 0; r < lossGradient.Length; r++)
        {
            var d = logitGradient.Slice(r * classes, classes);
            float g = lossGradient[r];
            TensorPrimitives.Multiply(probabilities.Slice(r * classes, classes), g, d);
            d[(int)labels[r]] -= g;
        }
    }
}
