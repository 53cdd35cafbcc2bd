using KerasSharp.Utils;

namespace KerasSharp.Tests.Utils;

public class PythonFloatTests
{
    // the texts are Python 3's repr() of the same doubles
    [TestCase(1.0, "1.0")]
    [TestCase(0.5, "0.5")]
    [TestCase(123.456, "123.456")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(1e-05, "1e-05")]
    [TestCase(1.5e-07, "1.5e-07")]
    [TestCase(0.00010000000474974513, "0.00010000000474974513")]
    [TestCase(1e15, "1000000000000000.0")]
    [TestCase(1e16, "1e+16")]
    [TestCase(-2.5e20, "-2.5e+20")]
    [TestCase(0.0, "0.0")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(double.NaN, "nan")]
    [TestCase(double.NegativeInfinity, "-inf")]
    public void Float_WritesAsPythonRepr(double value, string expected) => Assert.That(Python.Float(value), Is.EqualTo(expected));
}
