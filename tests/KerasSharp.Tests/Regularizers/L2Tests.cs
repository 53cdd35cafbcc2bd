using KerasSharp.Engine;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Regularizers;

public class L2Tests
{
    [Test]
    public void Call_KerasDocExample_Is50()
    {
        // Keras' Regularizer docstring: L2(2.) on ops.ones((5, 5)) is 50.0 (no ½)
        var penalty = new L2(2f).Call(Tensor.Ones(new Shape(5, 5)));
        Assert.That(penalty.Rank, Is.Zero);
        Assert.That(penalty.Item(), Is.EqualTo(50f).Within(1e-5f));
    }

    [Test]
    public void Gradient_IsTwoFactorW()
    {
        var w = new Variable(Tensor.FromArray([0.5f, -2f, 0f]), "w");
        using var tape = GradientTape.Record();
        var grads = tape.Gradient(new L2(0.1f).Call(w), [w]);
        Assert.That(grads[0].ToArray(), Is.EqualTo(new[] { 0.1f, -0.4f, 0f }).Within(1e-7f));
    }

    [Test]
    public void Gradient_MatchesFiniteDifferences() =>
        GradientChecker.Check(xs => new L2(0.5f).Call(xs[0]), [Tensor.FromArray(new float[,] { { 0.5f, -0.8f }, { 1.2f, -0.3f } })]);

    [Test]
    public void GetConfig_Default_MatchesKeras() =>
        Assert.That(new L2().GetConfig().ToJsonString(), Is.EqualTo("""{"l2":0.01}"""));

    [Test]
    public void Constructor_DoubleLiteral_IsStoredAndWrittenAsTyped()
    {
        var regularizer = new L2(0.003);
        Assert.Multiple(() =>
        {
            Assert.That(regularizer.Factor, Is.EqualTo(0.003));
            Assert.That(regularizer.GetConfig()["l2"]!.ToJsonString(), Is.EqualTo("0.003"));
        });
    }

    [Test]
    public void Call_FloatOrDoubleFactor_GivesTheSamePenalty()
    {
        var w = Tensor.FromArray([0.5f, -1.5f, 2f, 3f], 2, 2);
        Assert.That(new L2(0.01).Call(w).Item(), Is.EqualTo(new L2(0.01f).Call(w).Item()));
    }

    [Test]
    public void Constructor_NegativeFactor_Throws() =>
        Assert.That(() => new L2(-0.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("l2=-0.5"));
}
