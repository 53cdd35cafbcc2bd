using KerasSharp.Engine;
using KerasSharp.Regularizers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Regularizers;

public class L1Tests
{
    [Test]
    public void Call_Matrix_IsFactorTimesSumOfAbs()
    {
        var penalty = new L1(0.3f).Call(Tensor.FromArray(new float[,] { { 1, -2 }, { 3, -4 } }));
        Assert.That(penalty.Rank, Is.Zero);
        Assert.That(penalty.Item(), Is.EqualTo(3f).Within(1e-6f));
    }

    [Test]
    public void Call_KerasDocExample_Dense()
    {
        // Keras' Regularizer docstring: L1(0.01) on a 5×5 kernel of ones gives 0.25
        Assert.That(new L1(0.01f).Call(Tensor.Ones(new Shape(5, 5))).Item(), Is.EqualTo(0.25f).Within(1e-6f));
    }

    [Test]
    public void Gradient_IsFactorTimesSign()
    {
        var w = new Variable(Tensor.FromArray([0.5f, -2f, 0f]), "w");
        using var tape = GradientTape.Record();
        var grads = tape.Gradient(new L1(0.3f).Call(w), [w]);
        Assert.That(grads[0].ToArray(), Is.EqualTo(new[] { 0.3f, -0.3f, 0f }).Within(1e-7f));
    }

    [Test]
    public void Gradient_AwayFromZero_MatchesFiniteDifferences() =>
        GradientChecker.Check(xs => new L1(0.7f).Call(xs[0]), [Tensor.FromArray(new float[,] { { 0.5f, -0.8f }, { 1.2f, -0.3f } })]);

    [Test]
    public void GetConfig_Default_MatchesKeras() =>
        Assert.That(new L1().GetConfig().ToJsonString(), Is.EqualTo("""{"l1":0.01}"""));

    [Test]
    public void Constructor_DoubleLiteral_IsStoredAndWrittenAsTyped()
    {
        var regularizer = new L1(0.003);
        Assert.Multiple(() =>
        {
            Assert.That(regularizer.Factor, Is.EqualTo(0.003));
            Assert.That(regularizer.GetConfig()["l1"]!.ToJsonString(), Is.EqualTo("0.003"));
            Assert.That(new L1(0.003f).Factor, Is.EqualTo(0.003), "a float literal is the decimal typed");
        });
    }
}
