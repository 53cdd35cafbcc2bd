using KerasSharp.Saving;
using KerasSharp.Layers;

namespace KerasSharp.Tests.Layers;

public class HyperParameterTests
{
    [TestCase(0.9f, 0.9)]
    [TestCase(1e-3f, 1e-3)]
    [TestCase(0.99f, 0.99)]
    [TestCase(-0.05f, -0.05)]
    public void AsWritten_WidenedFloatLiteral_IsTheDecimalTyped(float typed, double expected) =>
        Assert.That(ConfigValues.AsWritten(typed), Is.EqualTo(expected));

    [TestCase(0.9)]
    [TestCase(1.0 / 3)]
    [TestCase(0.5)]
    [TestCase(1e-300)]
    [TestCase(double.PositiveInfinity)]
    public void AsWritten_Double_IsUnchanged(double value) =>
        Assert.That(ConfigValues.AsWritten(value), Is.EqualTo(value));

    [Test]
    public void AsWritten_NaN_StaysNaN() => Assert.That(ConfigValues.AsWritten(double.NaN), Is.NaN);

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void CheckRate_OutsideZeroOne_ThrowsKerasMessage(double rate) =>
        Assert.That(() => HyperParameter.CheckRate(rate, "rate"),
            Throws.ArgumentException.With.Message.Contains("Expected a float value between 0 and 1"));

    [Test]
    public void CheckRate_FloatLiteral_ReturnsTheDecimalTyped() =>
        Assert.That(HyperParameter.CheckRate(0.2f, "rate"), Is.EqualTo(0.2));
}
