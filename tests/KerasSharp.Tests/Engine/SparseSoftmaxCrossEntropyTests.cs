using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

/// <summary>The fused sparse softmax cross-entropy against the composed log-softmax form it replaces.</summary>
public class SparseSoftmaxCrossEntropyTests
{
    [Test]
    public void Values_MatchNegativeLogSoftmaxAtTheLabel_IncludingLargeLogits()
    {
        var logits = Tensor.FromArray([1f, 2f, 3f, 0.5f, 100f, -100f, 0f, 0f, 90f, 1e-3f, -5f, 2f], 3, 4);
        var labels = Tensor.FromArray([2f, 1f, 3f]);
        var fused = Ops.SparseSoftmaxCrossEntropy(labels, logits).ToArray();
        var logProb = Ops.LogSoftmax(logits).ToArray();
        float[] expected = [-logProb[2], -logProb[4 + 1], -logProb[8 + 3]];
        Assert.Multiple(() =>
        {
            Assert.That(fused, Is.EqualTo(expected).Within(1e-5f));
            Assert.That(fused[1], Is.EqualTo(200f).Within(1e-3f), "log-sum-exp keeps a huge margin finite");
        });
    }

    [Test]
    public void Gradient_IsSoftmaxMinusOneHot_TimesTheLossGradient()
    {
        var logits = Tensor.FromArray([0.2f, -1f, 0.7f, 1.5f, 0f, -0.3f], 2, 3);
        var labels = Tensor.FromArray([2f, 0f]);
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            var loss = Ops.SparseSoftmaxCrossEntropy(labels, logits);
            grads = tape.Gradient(Ops.Multiply(loss, Tensor.FromArray([1f, 3f])), [logits]);
        }
        var p = Ops.Softmax(logits).ToArray();
        float[] expected = [p[0], p[1], p[2] - 1f, 3f * (p[3] - 1f), 3f * p[4], 3f * p[5]];
        Assert.That(grads[0].ToArray(), Is.EqualTo(expected).Within(1e-6f));
    }

    [TestCase(3f)]
    [TestCase(-1f)]
    [TestCase(0.5f)]
    [TestCase(float.NaN)]
    public void LabelThatIsNotAClassIndex_Throws(float bad)
    {
        var logits = Tensor.Zeros([2, 3]);
        var labels = Tensor.FromArray([0f, bad]);
        Assert.That(() => Ops.SparseSoftmaxCrossEntropy(labels, logits),
            Throws.ArgumentException.With.Message.Contains("not a class index in [0, 3)"));
    }

    [Test]
    public void MismatchedShapes_ThrowNamingBoth() =>
        Assert.That(() => Ops.SparseSoftmaxCrossEntropy(Tensor.Zeros([3]), Tensor.Zeros([2, 4])),
            Throws.ArgumentException.With.Message.Contains("labels (3,) and logits (2, 4)"));
}
