using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>
/// Element and row cross-entropies with the numerics of Keras 3's numpy/jax/torch backends
/// (<c>keras/src/backend/*/nn.py</c>), composed from <see cref="Ops"/> so they are differentiable.
/// </summary>
internal static class CrossEntropy
{
    private const float Eps = Keras.Epsilon;
    private const float OneMinusEps = 1f - Keras.Epsilon;

    /// <summary>
    /// Element-wise binary cross-entropy (one fused op). From probabilities: <c>p = clip(p, ε, 1 − ε)</c>, then
    /// <c>−(y·log p + (1 − y)·log(1 − p))</c>. From logits: <c>softplus(z) − z·y</c>, which is the stable
    /// <c>max(z, 0) − z·y + log(1 + e^−|z|)</c> form (softplus is computed that way) with the exact gradient
    /// <c>sigmoid(z) − y</c> everywhere, including at <c>z = 0</c>.
    /// </summary>
    internal static Tensor Binary(Tensor target, Tensor output, bool fromLogits) =>
        Ops.BinaryCrossentropy(target, output, fromLogits, Eps);

    /// <summary>
    /// Categorical cross-entropy over <paramref name="axis"/> (that axis is removed). From probabilities:
    /// <c>p = p / Σp</c>, <c>clip(p, ε, 1 − ε)</c>, <c>−Σ y·log p</c>. From logits: <c>−Σ y·log_softmax(z)</c>.
    /// </summary>
    internal static Tensor Categorical(Tensor target, Tensor output, bool fromLogits, int axis)
    {
        Tensor logProb;
        if (fromLogits)
        {
            logProb = Ops.LogSoftmax(output, axis);
        }
        else
        {
            var p = Ops.Divide(output, Ops.Sum(output, axis, keepDims: true));
            logProb = Ops.Log(Ops.Clip(p, Eps, OneMinusEps));
        }
        return Ops.Negative(Ops.Sum(Ops.Multiply(target, logProb), axis));
    }
}
