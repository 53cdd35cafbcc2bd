using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Softmax cross-entropy from logits with integer labels, per sample: <c>−log_softmax(logits)[label]</c> over the
    /// last axis, computed in one fused pass (Keras' <c>sparse_categorical_crossentropy(from_logits=True)</c> before
    /// reduction). Differentiable with respect to <paramref name="logits"/>.
    /// </summary>
    /// <param name="labels">Class indices, shaped like <paramref name="logits"/> without its last axis.</param>
    /// <param name="logits">Logits <c>(…, classes)</c>.</param>
    /// <returns>The losses, shaped like <paramref name="labels"/>.</returns>
    /// <exception cref="ArgumentException">The shapes do not match, or a label is not a class index.</exception>
    public static Tensor SparseSoftmaxCrossEntropy(Tensor labels, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(logits);
        bool match = logits.Rank >= 1 && labels.Rank == logits.Rank - 1;
        for (int i = 0; match && i < labels.Rank; i++)
        {
            match = labels.Shape[i] == logits.Shape[i];
        }
        if (!match)
        {
            throw new ArgumentException($"SparseSoftmaxCrossEntropy expects labels shaped like the logits without their last axis, but received labels {labels.Shape} and logits {logits.Shape}.");
        }
        int classes = logits.Shape[^1];
        foreach (var label in labels.Span)
        {
            if (!(label >= 0 && label < classes) || label != MathF.Floor(label))
            {
                throw new ArgumentException($"SparseSoftmaxCrossEntropy received a label of {label}, which is not a class index in [0, {classes}).");
            }
        }
        var losses = Tensor.Empty(labels.Shape);
        var probabilities = Tensor.Empty(logits.Shape);
        SoftmaxCrossEntropy.Forward(logits.Span, labels.Span, classes, losses.Data, probabilities.Data);
        GradientTape.RecordOp(losses, labels, logits, static (g, node) =>
        {
            var probabilities = node.GetState<Tensor>();
            var dz = Tensor.Empty(node.B.Shape);
            SoftmaxCrossEntropy.Backward(probabilities.Span, node.A.Span, g.Span, node.B.Shape[^1], dz.Data);
            return [null, dz];
        }, probabilities);
        return losses;
    }

    /// <summary>
    /// Element-wise binary cross-entropy, as <c>keras.ops.binary_crossentropy</c>: from probabilities
    /// <c>−(t·log c + (1 − t)·log(1 − c))</c> with <c>c = clip(output, ε, 1 − ε)</c>, from logits
    /// <c>softplus(z) − z·t</c>. One fused op; differentiable with respect to both arguments.
    /// </summary>
    /// <param name="target">Targets, the same shape as <paramref name="output"/>.</param>
    /// <param name="output">Probabilities, or logits when <paramref name="fromLogits"/>.</param>
    /// <param name="fromLogits">Whether <paramref name="output"/> holds logits.</param>
    /// <param name="epsilon">The clip margin ε for probabilities (Keras' fuzz factor, 1e-7).</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor BinaryCrossentropy(Tensor target, Tensor output, bool fromLogits = false, float epsilon = 1e-7f)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        if (target.Shape != output.Shape)
        {
            throw new ArgumentException($"BinaryCrossentropy expects targets and outputs of the same shape, but received {target.Shape} and {output.Shape}.");
        }
        var loss = Tensor.Empty(output.Shape);
        BinaryCrossEntropy.Forward(target.Span, output.Span, fromLogits, epsilon, loss.Data);
        GradientTape.RecordOp(loss, target, output, static (g, node) =>
        {
            var (logits, eps) = node.GetState<(bool, float)>();
            var dt = node.NeedsGradient(0) ? Tensor.Empty(node.A.Shape) : null;
            var dout = node.NeedsGradient(1) ? Tensor.Empty(node.B.Shape) : null;
            BinaryCrossEntropy.Backward(node.A.Span, node.B.Span, g.Span, logits, eps,
                dout is null ? default : dout.Data, dt is null ? default : dt.Data);
            return [dt, dout];
        }, (fromLogits, epsilon));
        return loss;
    }
}
