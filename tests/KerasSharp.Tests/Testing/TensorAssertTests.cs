using KerasSharp.Engine;

namespace KerasSharp.Tests.Testing;

public class TensorAssertTests
{
    [Test]
    public void AllClose_WithinTolerance_Passes()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => TensorAssert.AllClose(t, [1f, 2f, 3.00001f, 4f]));
            Assert.DoesNotThrow(() => TensorAssert.AllClose(t, Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2)));
            Assert.DoesNotThrow(() => TensorAssert.AllClose(new[] { 1f, float.PositiveInfinity }, new[] { 1f, float.PositiveInfinity }));
            Assert.DoesNotThrow(() => TensorAssert.AllClose(t.Span, [1f, 2f, 3f, 4f]));
        });
    }

    [Test]
    public void AllClose_Mismatch_MessageNamesIndexValuesAndShapes()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var ex = Assert.Throws<AssertionException>(() => TensorAssert.AllClose(t, [1f, 2f, 3f, 4f, 5.5f, 6f]));
        Assert.That(ex!.Message, Does.Contain("flat index 4 [1, 1]").And.Contain("actual 5").And.Contain("expected 5.5")
            .And.Contain("(2, 3)").And.Contain("(6,)"));
    }

    [Test]
    public void AllClose_DifferentShapes_Fails()
    {
        var ex = Assert.Throws<AssertionException>(() =>
            TensorAssert.AllClose(Tensor.FromArray([1f, 2f], 2, 1), Tensor.FromArray([1f, 2f], 1, 2)));
        Assert.That(ex!.Message, Does.Contain("(2, 1)").And.Contain("(1, 2)"));
    }

    [Test]
    public void AllClose_DifferentLengths_Fails() =>
        Assert.Throws<AssertionException>(() => TensorAssert.AllClose(Tensor.FromArray([1f, 2f]), [1f, 2f, 3f]));

    [Test]
    public void AllClose_NaN_NeverMatches() =>
        Assert.Throws<AssertionException>(() => TensorAssert.AllClose(new[] { float.NaN }, new[] { float.NaN }));

    [TestCase(1.0, 1.0 + 2e-6, 1e-5, 0.0, true)]
    [TestCase(1.0, 1.0 + 2e-5, 1e-5, 0.0, false)]
    [TestCase(0.0, 5e-7, 0.0, 1e-6, true)]
    [TestCase(0.0, 2e-6, 0.0, 1e-6, false)]
    public void IsClose_Tolerances_FollowAllcloseFormula(double actual, double expected, double rtol, double atol, bool close) =>
        Assert.That(TensorAssert.IsClose(actual, expected, rtol, atol), Is.EqualTo(close));
}
