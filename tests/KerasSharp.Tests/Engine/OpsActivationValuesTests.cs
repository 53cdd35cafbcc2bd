using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

/// <summary>Forward values of the activation ops against the Keras 3 formulas evaluated in double inside the test.</summary>
public class OpsActivationValuesTests
{
    private static readonly float[] Points = [-20f, -5f, -3f, -2.5f, -1.5f, -0.5f, -0.1f, 0f, 0.1f, 0.5f, 1.5f, 2.5f, 3f, 5f, 20f];

    /// <summary>erf by composite Simpson integration of 2/√π·e^(−t²) (independent of the engine's series).</summary>
    internal static double ReferenceErf(double x)
    {
        if (x == 0)
        {
            return 0;
        }
        const int n = 4000; // even
        double h = x / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double t = i * h;
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.Exp(-t * t);
        }
        return 2 / Math.Sqrt(Math.PI) * sum * h / 3;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static IEnumerable<TestCaseData> Activations()
    {
        const double seluAlpha = 1.67326324, seluScale = 1.05070098;
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Sigmoid, (Func<double, double>)Sigmoid).SetArgDisplayNames("sigmoid");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Tanh, (Func<double, double>)Math.Tanh).SetArgDisplayNames("tanh");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Exp, (Func<double, double>)Math.Exp).SetArgDisplayNames("exp");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Relu, (Func<double, double>)(x => Math.Max(x, 0))).SetArgDisplayNames("relu");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Relu6, (Func<double, double>)(x => Math.Min(Math.Max(x, 0), 6))).SetArgDisplayNames("relu6");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.LeakyRelu(t)), (Func<double, double>)(x => x > 0 ? x : 0.2 * x))
            .SetArgDisplayNames("leaky_relu default negative_slope=0.2");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.LeakyRelu(t, 0.3f)), (Func<double, double>)(x => x > 0 ? x : 0.3 * x))
            .SetArgDisplayNames("leaky_relu negative_slope=0.3");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Elu(t)), (Func<double, double>)(x => x > 0 ? x : Math.Exp(x) - 1))
            .SetArgDisplayNames("elu default alpha=1");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Elu(t, 0.5f)), (Func<double, double>)(x => x > 0 ? x : 0.5 * (Math.Exp(x) - 1)))
            .SetArgDisplayNames("elu alpha=0.5");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Selu,
            (Func<double, double>)(x => x > 0 ? seluScale * x : seluScale * seluAlpha * (Math.Exp(x) - 1))).SetArgDisplayNames("selu");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Softplus, (Func<double, double>)(x => Math.Log(1 + Math.Exp(x))))
            .SetArgDisplayNames("softplus");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Softsign, (Func<double, double>)(x => x / (1 + Math.Abs(x))))
            .SetArgDisplayNames("softsign");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Silu, (Func<double, double>)(x => x * Sigmoid(x))).SetArgDisplayNames("silu");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Swish, (Func<double, double>)(x => x * Sigmoid(x))).SetArgDisplayNames("swish");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Gelu(t)),
            (Func<double, double>)(x => 0.5 * x * (1 + ReferenceErf(x / Math.Sqrt(2))))).SetArgDisplayNames("gelu default is exact (erf)");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Gelu(t, approximate: true)),
            (Func<double, double>)(x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)))))
            .SetArgDisplayNames("gelu approximate (tanh)");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.HardSigmoid, (Func<double, double>)(x => Math.Min(Math.Max(x + 3, 0), 6) / 6))
            .SetArgDisplayNames("hard_sigmoid = relu6(x + 3) / 6");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Negative, (Func<double, double>)(x => -x)).SetArgDisplayNames("negative");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Square, (Func<double, double>)(x => x * x)).SetArgDisplayNames("square");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Abs, (Func<double, double>)Math.Abs).SetArgDisplayNames("abs");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Sign, (Func<double, double>)(x => Math.Sign(x))).SetArgDisplayNames("sign");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Power(t, 3f)), (Func<double, double>)(x => x * x * x)).SetArgDisplayNames("power 3");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Power(t, 2f)), (Func<double, double>)(x => x * x)).SetArgDisplayNames("power 2");
        yield return new TestCaseData((Func<Tensor, Tensor>)(t => Ops.Clip(t, -1f, 2f)), (Func<double, double>)(x => Math.Clamp(x, -1, 2)))
            .SetArgDisplayNames("clip [-1, 2]");
    }

    [TestCaseSource(nameof(Activations))]
    public void Forward_Activation_MatchesKerasFormula(Func<Tensor, Tensor> op, Func<double, double> reference)
    {
        var expected = Points.Select(p => (float)reference(p)).ToArray();
        TensorAssert.AllClose(op(Tensor.FromArray(Points)), expected, rtol: 2e-6, atol: 1e-6);
    }

    [Test]
    public void Forward_Rank3Input_KeepsShape()
    {
        var x = TestData.Uniform(1, -2, 2, 2, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.Gelu(x).Shape, Is.EqualTo(x.Shape));
            Assert.That(Ops.Softmax(x, 1).Shape, Is.EqualTo(x.Shape));
            Assert.That(Ops.LogSumExp(x, 1).Shape, Is.EqualTo(new Shape(2, 4)));
            Assert.That(Ops.LogSumExp(x, 1, keepDims: true).Shape, Is.EqualTo(new Shape(2, 1, 4)));
        });
    }

    [Test]
    public void Forward_LogAndSqrt_MatchMath()
    {
        float[] xs = [0.001f, 0.5f, 1f, 2f, 1e6f];
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(Ops.Log(Tensor.FromArray(xs)), xs.Select(x => (float)Math.Log(x)).ToArray());
            TensorAssert.AllClose(Ops.Sqrt(Tensor.FromArray(xs)), xs.Select(x => (float)Math.Sqrt(x)).ToArray());
        });
    }

    [Test]
    public void Softmax_HugeEqualLogits_IsStable()
    {
        TensorAssert.AllClose(Ops.Softmax(Tensor.FromArray([1000f, 1000f, 0f])), [0.5f, 0.5f, 0f]);
    }

    [Test]
    public void Softmax_HugeNegativeLogits_IsStable()
    {
        TensorAssert.AllClose(Ops.Softmax(Tensor.FromArray([-1000f, 0f, -1000f])), [0f, 1f, 0f]);
    }

    [Test]
    public void Softmax_Axis0OfRank3_SumsToOneAlongAxis0()
    {
        var x = TestData.Uniform(3, -3, 3, 3, 2, 2);
        var y = Ops.Softmax(x, 0);
        var xs = x.Span;
        var expected = new float[12];
        for (int q = 0; q < 4; q++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int j = 0; j < 3; j++)
            {
                max = Math.Max(max, xs[j * 4 + q]);
            }
            for (int j = 0; j < 3; j++)
            {
                sum += Math.Exp(xs[j * 4 + q] - max);
            }
            for (int j = 0; j < 3; j++)
            {
                expected[j * 4 + q] = (float)(Math.Exp(xs[j * 4 + q] - max) / sum);
            }
        }
        TensorAssert.AllClose(y, expected);
    }

    [Test]
    public void LogSoftmax_HugeLogits_IsStable()
    {
        double ln2 = Math.Log(2);
        TensorAssert.AllClose(Ops.LogSoftmax(Tensor.FromArray([1000f, 1000f, 0f])), [(float)-ln2, (float)-ln2, (float)(-1000 - ln2)]);
    }

    [Test]
    public void LogSumExp_ExtremeValues_AreFinite()
    {
        Assert.Multiple(() =>
        {
            var a = Ops.LogSumExp(Tensor.FromArray([-1000f, 0f])).Item();
            Assert.That(float.IsFinite(a), Is.True, $"logsumexp([-1000, 0]) = {a}");
            Assert.That(a, Is.EqualTo(0f).Within(1e-6f));
            Assert.That(Ops.LogSumExp(Tensor.FromArray([1000f, 1000f])).Item(), Is.EqualTo((float)(1000 + Math.Log(2))).Within(1e-3f));
            Assert.That(Ops.LogSumExp(Tensor.FromArray([-1000f, -1000f])).Item(), Is.EqualTo((float)(-1000 + Math.Log(2))).Within(1e-3f));
        });
    }

    [Test]
    public void LogSumExp_RowsOfMatrix_MatchDoubleReference()
    {
        var x = TestData.Uniform(4, -5, 5, 3, 7);
        var xs = x.Span;
        var expected = new float[3];
        for (int r = 0; r < 3; r++)
        {
            double s = 0;
            for (int c = 0; c < 7; c++)
            {
                s += Math.Exp(xs[r * 7 + c]);
            }
            expected[r] = (float)Math.Log(s);
        }
        TensorAssert.AllClose(Ops.LogSumExp(x, -1), expected);
    }

    [TestCase(0.5, 0.5204998778130465)]
    [TestCase(1.0, 0.8427007929497149)]
    [TestCase(2.0, 0.9953222650189527)]
    [TestCase(3.0, 0.9999779095030014)]
    [TestCase(-1.0, -0.8427007929497149)]
    [TestCase(0.0, 0.0)]
    [TestCase(6.0, 1.0)]
    public void Erf_KnownValues_Match(double x, double expected) =>
        Assert.That(Ops.Erf(x), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Erf_Grid_MatchesIntegralReferenceAcrossTheSeriesBoundary()
    {
        Assert.Multiple(() =>
        {
            for (double x = -5; x <= 5.0001; x += 0.05)
            {
                Assert.That(Ops.Erf(x), Is.EqualTo(ReferenceErf(x)).Within(1e-11), $"erf({x})");
            }
            Assert.That(Ops.Erf(1.999999999), Is.EqualTo(Ops.Erf(2.000000001)).Within(1e-8), "continuous at the switch point");
        });
    }
}
