using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

/// <summary>The fused binary cross-entropy against the composed formula it replaces (values and gradients).</summary>
public class BinaryCrossentropyOpTests
{
    private const float Eps = 1e-7f;

    private static Tensor Composed(Tensor t, Tensor p, bool fromLogits)
    {
        if (fromLogits)
        {
            return Ops.Subtract(Ops.Softplus(p), Ops.Multiply(p, t));
        }
        var c = Ops.Clip(p, Eps, 1f - Eps);
        var positive = Ops.Multiply(t, Ops.Log(c));
        var negative = Ops.Multiply(Ops.Subtract(Tensor.Scalar(1f), t), Ops.Log(Ops.Subtract(Tensor.Scalar(1f), c)));
        return Ops.Negative(Ops.Add(positive, negative));
    }

    private static (float[] Value, float[] DTarget, float[] DOutput) Run(Func<Tensor, Tensor, Tensor> f, Tensor t, Tensor p)
    {
        var tv = new Variable(t, "t");
        var pv = new Variable(p, "p");
        using var tape = GradientTape.Record();
        var loss = f(tv.Value, pv.Value);
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(loss, Tensor.FromArray([0.5f, -1f, 2f, 1f, 3f, 0.25f]))), [tv, pv]);
        return (loss.ToArray(), grads[0].ToArray(), grads[1].ToArray());
    }

    // probabilities include both clip edges and values outside [ε, 1 − ε] (zero gradient there, as Clip gives)
    [TestCase(false, new[] { 0f, 1e-9f, 0.3f, 0.5f, 1f - 1e-8f, 1f })]
    [TestCase(true, new[] { -30f, -2f, 0f, 0.7f, 5f, 40f })]
    public void ValuesAndGradients_MatchTheComposedFormula(bool fromLogits, float[] outputs)
    {
        var t = Tensor.FromArray([1f, 0f, 0.3f, 1f, 0f, 1f]);
        var p = Tensor.FromArray(outputs);
        var fused = Run((a, b) => Ops.BinaryCrossentropy(a, b, fromLogits), t, p);
        var composed = Run((a, b) => Composed(a, b, fromLogits), t, p);
        Assert.Multiple(() =>
        {
            Assert.That(fused.Value, Is.EqualTo(composed.Value).Within(1e-4f).Percent, "loss");
            Assert.That(fused.DOutput, Is.EqualTo(composed.DOutput).Within(1e-4f).Percent, "d output");
            Assert.That(fused.DTarget, Is.EqualTo(composed.DTarget).Within(1e-4f).Percent, "d target");
        });
    }

    [Test]
    public void DifferentShapes_ThrowNamingBoth() =>
        Assert.That(() => Ops.BinaryCrossentropy(Tensor.Zeros([2, 1]), Tensor.Zeros([2])),
            Throws.ArgumentException.With.Message.Contains("(2, 1) and (2,)"));
}
