using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Activations;

/// <summary>
/// The activations of <c>keras.activations</c>: values against the Keras formulas evaluated in double (kinks and
/// thresholds included), gradients against central differences and, at the kinks, against TensorFlow's convention,
/// and the ids with arguments that configs carry.
/// </summary>
public class ActivationFunctionTests
{
    private static readonly float[] Points =
        [-20f, -5f, -3f, -2.5f, -1.5f, -1f, -0.5f, -0.3f, -0.1f, 0f, 0.1f, 0.3f, 0.5f, 1f, 1.5f, 2f, 2.5f, 3f, 5f, 6f, 20f];

    // at least 0.05 away from every kink of the cases below (0, ±0.3, ±0.5, ±1, 2, ±3), for finite differences
    private static readonly float[] SmoothPoints = [-4.2f, -2.7f, -1.6f, -0.8f, -0.45f, -0.2f, 0.13f, 0.37f, 0.62f, 0.9f, 1.35f, 2.2f, 2.8f, 3.6f, 4.4f];

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    private static TestCaseData Case(ActivationFunction f, Func<double, double> reference) =>
        new TestCaseData(f, reference).SetArgDisplayNames(f.Name);

    public static IEnumerable<TestCaseData> Formulas()
    {
        yield return Case(ActivationFunction.Mish, x => x * Math.Tanh(Softplus(x)));
        yield return Case(ActivationFunction.LogSigmoid, x => -Math.Log(1 + Math.Exp(-x)));
        yield return Case(ActivationFunction.HardSilu, x => x * Math.Min(Math.Max(x + 3, 0), 6) / 6);
        yield return Case(ActivationFunction.HardSwish, x => x * Math.Min(Math.Max(x + 3, 0), 6) / 6);
        yield return Case(ActivationFunction.HardTanh, x => Math.Clamp(x, -1, 1));
        yield return Case(ActivationFunction.SparsePlus, x => x <= -1 ? 0 : x < 1 ? (x + 1) * (x + 1) / 4 : x);
        yield return Case(ActivationFunction.SparseSigmoid, x => x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2);
        yield return Case(ActivationFunction.TanhShrink, x => x - Math.Tanh(x));
        yield return Case(ActivationFunction.Celu, x => x >= 0 ? x : Math.Exp(x) - 1);
        yield return Case(ActivationFunction.CeluWith(alpha: 0.5), x => x >= 0 ? x : 0.5 * (Math.Exp(x / 0.5) - 1));
        yield return Case(ActivationFunction.Squareplus, x => (x + Math.Sqrt(x * x + 4)) / 2);
        yield return Case(ActivationFunction.SquareplusWith(b: 0.5), x => (x + Math.Sqrt(x * x + 0.5)) / 2);
        yield return Case(ActivationFunction.SoftShrink, x => x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0);
        yield return Case(ActivationFunction.SoftShrinkWith(threshold: 0.3), x => x > 0.3 ? x - 0.3 : x < -0.3 ? x + 0.3 : 0);
        yield return Case(ActivationFunction.HardShrink, x => Math.Abs(x) > 0.5 ? x : 0);
        // thresholds compare in float32, as Keras casts them to the input's dtype: 0.3f is not above 0.3f
        yield return Case(ActivationFunction.HardShrinkWith(threshold: 0.3), x => Math.Abs(x) > 0.3f ? x : 0);
        yield return Case(ActivationFunction.Threshold(threshold: 0.3, defaultValue: -2), x => x > 0.3f ? x : -2);
        yield return Case(ActivationFunction.EluWith(alpha: 0.5), x => x > 0 ? x : 0.5 * (Math.Exp(x) - 1));
        yield return Case(ActivationFunction.LeakyReluWith(negativeSlope: 0.05), x => x > 0 ? x : 0.05 * x);
        yield return Case(ActivationFunction.ReluWith(negativeSlope: 0.1, maxValue: 2, threshold: 0.5),
            x => x > 0.5 ? Math.Min(x, 2) : 0.1 * (x - 0.5));
        yield return Case(ActivationFunction.ReluWith(maxValue: 6), x => Math.Clamp(x, 0, 6));
        yield return Case(ActivationFunction.GeluApproximate, x => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
        yield return Case(ActivationFunction.Swish, x => x * Sigmoid(x));
    }

    [TestCaseSource(nameof(Formulas))]
    public void Call_Points_MatchKerasFormula(ActivationFunction f, Func<double, double> reference)
    {
        var expected = Points.Select(p => (float)reference(p)).ToArray();
        TensorAssert.AllClose(f.Call(Tensor.FromArray(Points)), expected, rtol: 2e-6, atol: 1e-6);
    }

    [TestCaseSource(nameof(Formulas))]
    public void Gradient_SmoothPoints_MatchesCentralDifferences(ActivationFunction f, Func<double, double> reference)
    {
        _ = reference;
        GradientChecker.Check(xs => f.Call(xs[0]), [Tensor.FromArray(SmoothPoints, 3, 5)]);
    }

    // TensorFlow's gradient at the kinks (what Keras 3 computes there); celu is C¹, so its gradient at 0 is 1
    [TestCase("relu6", 0f, 0f)]
    [TestCase("relu6", 6f, 0f)]
    [TestCase("hard_silu", -3f, 0f)]
    [TestCase("hard_silu", 3f, 1f)]
    [TestCase("hard_tanh", -1f, 1f)]
    [TestCase("hard_tanh", 1f, 1f)]
    [TestCase("sparse_plus", -1f, 0f)]
    [TestCase("sparse_plus", 1f, 1f)]
    [TestCase("sparse_sigmoid", -1f, 0f)]
    [TestCase("sparse_sigmoid", 1f, 0f)]
    [TestCase("soft_shrink", 0.5f, 0f)]
    [TestCase("soft_shrink", -0.5f, 0f)]
    [TestCase("hard_shrink", 0.5f, 0f)]
    [TestCase("hard_shrink", -0.5f, 0f)]
    [TestCase("threshold(threshold=0.3, default_value=1.0)", 0.3f, 0f)]
    [TestCase("celu", 0f, 1f)]
    [TestCase("celu(alpha=2.0)", 0f, 1f)]
    [TestCase("relu(max_value=6.0)", 6f, 0f)]
    [TestCase("relu(max_value=4.0)", 4f, 1f)]
    [TestCase("mish", 0f, 0.6f)]
    [TestCase("log_sigmoid", 0f, 0.5f)]
    [TestCase("squareplus", 0f, 0.5f)]
    [TestCase("tanh_shrink", 0f, 0f)]
    public void Gradient_AtKink_FollowsTensorFlow(string id, float x, float expected)
    {
        var input = Tensor.FromArray([x]);
        using var tape = GradientTape.Record();
        var y = ActivationFunction.Get(id).Call(input);
        var g = tape.Gradient(Ops.Sum(y), [input])[0];
        Assert.That(g.Span[0], Is.EqualTo(expected).Within(1e-6f));
    }

    [Test]
    public void Names_EveryId_IsACallableActivationWhoseNameReadsBack()
    {
        Assert.Multiple(() =>
        {
            foreach (var id in ActivationFunction.Names)
            {
                var f = ActivationFunction.Get(id);
                Assert.That(ActivationFunction.Get(f.Name), Is.SameAs(f), id);
                var x = Tensor.FromArray([-1f, 0.5f, 2f, -3f], 2, 2);
                Assert.That(f.Call(x).Shape, Is.EqualTo(id == "glu" ? new Shape(2, 1) : x.Shape), id);
            }
        });
    }

    [Test]
    public void Names_ContainKeras3Ids()
    {
        string[] keras =
        [
            "relu", "leaky_relu", "relu6", "softmax", "celu", "elu", "selu", "softplus", "softsign", "squareplus", "soft_shrink",
            "sparse_plus", "silu", "gelu", "glu", "tanh", "tanh_shrink", "sigmoid", "sparse_sigmoid", "exponential",
            "hard_sigmoid", "hard_silu", "hard_tanh", "hard_shrink", "linear", "mish", "log_softmax", "log_sigmoid",
            "sparsemax", "swish", "hard_swish",
        ];
        Assert.That(ActivationFunction.Names, Is.SupersetOf(keras));
    }

    [Test]
    public void Aliases_AreTheSameInstances_AndWriteTheKerasName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ActivationFunction.Get("hard_swish"), Is.SameAs(ActivationFunction.HardSilu));
            Assert.That(ActivationFunction.HardSwish.Name, Is.EqualTo("hard_silu"));
            Assert.That(ActivationFunction.Get("swish"), Is.SameAs(ActivationFunction.Silu));
            Assert.That(ActivationFunction.Swish.Name, Is.EqualTo("silu"));
        });
    }

    [Test]
    public void Factories_WithDefaults_ReturnTheSharedInstances()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ActivationFunction.ReluWith(), Is.SameAs(ActivationFunction.Relu));
            Assert.That(ActivationFunction.ReluWith(maxValue: null, negativeSlope: 0.0), Is.SameAs(ActivationFunction.Relu));
            Assert.That(ActivationFunction.LeakyReluWith(0.2), Is.SameAs(ActivationFunction.LeakyRelu));
            Assert.That(ActivationFunction.EluWith(1.0), Is.SameAs(ActivationFunction.Elu));
            Assert.That(ActivationFunction.GeluWith(), Is.SameAs(ActivationFunction.Gelu));
            Assert.That(ActivationFunction.GeluWith(approximate: true), Is.SameAs(ActivationFunction.GeluApproximate));
            Assert.That(ActivationFunction.SoftmaxWith(-1), Is.SameAs(ActivationFunction.Softmax));
            Assert.That(ActivationFunction.Get("relu(max_value=None)"), Is.SameAs(ActivationFunction.Relu));
            Assert.That(ActivationFunction.Get("gelu(approximate=True)"), Is.SameAs(ActivationFunction.GeluApproximate));
        });
    }

    public static IEnumerable<TestCaseData> Named()
    {
        yield return new TestCaseData(ActivationFunction.GeluApproximate, "gelu(approximate=True)");
        yield return new TestCaseData(ActivationFunction.EluWith(alpha: 0.5), "elu(alpha=0.5)");
        yield return new TestCaseData(ActivationFunction.ReluWith(negativeSlope: 0.1, maxValue: 6), "relu(negative_slope=0.1, max_value=6.0)");
        yield return new TestCaseData(ActivationFunction.ReluWith(threshold: 1e-7), "relu(threshold=1e-07)");
        yield return new TestCaseData(ActivationFunction.LeakyReluWith(0.01), "leaky_relu(negative_slope=0.01)");
        yield return new TestCaseData(ActivationFunction.Threshold(0, -1), "threshold(threshold=0.0, default_value=-1.0)");
        yield return new TestCaseData(ActivationFunction.GluWith(axis: 1), "glu(axis=1)");
        yield return new TestCaseData(ActivationFunction.SparsemaxWith(axis: 0), "sparsemax(axis=0)");
        yield return new TestCaseData(ActivationFunction.SquareplusWith(b: 2), "squareplus(b=2.0)");
        yield return new TestCaseData(ActivationFunction.CeluWith(alpha: 0.25), "celu(alpha=0.25)");
        yield return new TestCaseData(ActivationFunction.SoftShrinkWith(0.1), "soft_shrink(threshold=0.1)");
        yield return new TestCaseData(ActivationFunction.HardShrinkWith(2), "hard_shrink(threshold=2.0)");
        yield return new TestCaseData(ActivationFunction.LogSoftmaxWith(axis: 0), "log_softmax(axis=0)");
    }

    [TestCaseSource(nameof(Named))]
    public void Name_WithArguments_IsPythonKeywordSyntax_AndGetReadsItBack(ActivationFunction f, string name)
    {
        var x = TestData.Uniform(5, -3, 3, 2, 4);
        var copy = ActivationFunction.Get(name);
        Assert.Multiple(() =>
        {
            Assert.That(f.Name, Is.EqualTo(name));
            Assert.That(copy.Name, Is.EqualTo(name));
            Assert.That(copy.Call(x).ToArray(), Is.EqualTo(f.Call(x).ToArray()));
        });
    }

    [Test]
    public void Get_SpacesAndPythonSpellings_AreAccepted()
    {
        var f = ActivationFunction.Get("relu( max_value = 6 , negative_slope=1e-1 )");
        Assert.That(f.Name, Is.EqualTo("relu(negative_slope=0.1, max_value=6.0)"));
    }

    [TestCase("threshold", "threshold needs its threshold and default_value")]
    [TestCase("threshold(threshold=1.0)", "threshold needs the argument default_value")]
    [TestCase("elu(beta=1.0)", "elu takes the keyword arguments (alpha)")]
    [TestCase("elu(alpha=big)", "The argument alpha of elu must be a number")]
    [TestCase("gelu(approximate=1)", "must be True or False")]
    [TestCase("glu(axis=0.5)", "must be an integer")]
    [TestCase("elu(alpha=1.0, alpha=2.0)", "given twice")]
    [TestCase("relu(0.1)", "relu takes the keyword arguments (negative_slope, max_value, threshold)")]
    [TestCase("cube(power=3)", "Valid identifiers:")]
    public void Get_BadId_ThrowsNamingTheProblem(string id, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => ActivationFunction.Get(id));
        Assert.That(ex!.Message, Does.Contain($"'{id}'").And.Contain(message));
    }

    [Test]
    public void DenseConfig_WithArguments_RoundTripsTheFunction()
    {
        var dense = new Dense(3, activation: ActivationFunction.ReluWith(negativeSlope: 0.1, maxValue: 0.5));
        var x = TestData.Uniform(1, -2, 2, 4, 6);
        var y = dense.Apply(x);
        var json = ObjectRegistry.SerializeLayer(dense);
        var copy = (Dense)ObjectRegistry.DeserializeLayer(System.Text.Json.Nodes.JsonNode.Parse(json.ToJsonString())!);
        copy.Apply(x);
        copy.SetWeights(dense.GetWeights());
        Assert.Multiple(() =>
        {
            Assert.That((string?)json["config"]!["activation"], Is.EqualTo("relu(negative_slope=0.1, max_value=0.5)"));
            Assert.That(copy.Activation.Name, Is.EqualTo(dense.Activation.Name));
            Assert.That(copy.Apply(x).ToArray(), Is.EqualTo(y.ToArray()));
        });
    }

    [Test]
    public void Glu_HalvesTheAxis_AndActivationLayerInfersIt()
    {
        var x = Tensor.FromArray([1f, 2f, 0f, 3f, -1f, 4f, 1f, -2f], 2, 4);
        var y = ActivationFunction.Glu.Call(x);
        var s = (Func<double, double>)Sigmoid;
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2)));
            TensorAssert.AllClose(y, [(float)(1 * s(0)), (float)(2 * s(3)), (float)(-1 * s(1)), (float)(4 * s(-2))], rtol: 1e-6, atol: 1e-7);
            Assert.That(ActivationFunction.GluWith(axis: 0).Call(x).Shape, Is.EqualTo(new Shape(1, 4)));
            Assert.That(new Activation("glu").ComputeOutputShape(new Shape(-1, 6)), Is.EqualTo(new Shape(-1, 3)));
            Assert.That(new Activation("glu(axis=1)").ComputeOutputShape(new Shape(-1, 8, 5)), Is.EqualTo(new Shape(-1, 4, 5)));
        });
    }

    [Test]
    public void Glu_OddAxis_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => ActivationFunction.Glu.Call(Tensor.Zeros(new Shape(2, 5))));
        Assert.That(ex!.Message, Does.Contain("axis size must be divisible by 2").And.Contain("(2, 5)"));
    }

    [Test]
    public void Gradient_Glu_MatchesCentralDifferences()
    {
        Assert.Multiple(() =>
        {
            GradientChecker.Check(xs => ActivationFunction.Glu.Call(xs[0]), [TestData.Uniform(3, -3, 3, 2, 6)]);
            GradientChecker.Check(xs => ActivationFunction.GluWith(axis: 1).Call(xs[0]), [TestData.Uniform(4, -3, 3, 2, 4, 3)]);
        });
    }

    /// <summary>Sparsemax by the paper's algorithm, in double.</summary>
    private static double[] SparsemaxReference(double[] z)
    {
        var sorted = z.OrderByDescending(v => v).ToArray();
        double cumulative = 0, support = 0;
        int k = 0;
        for (int j = 1; j <= sorted.Length; j++)
        {
            cumulative += sorted[j - 1];
            if (1 + j * sorted[j - 1] > cumulative)
            {
                k = j;
                support = cumulative;
            }
        }
        double tau = (support - 1) / k;
        return [.. z.Select(v => Math.Max(v - tau, 0))];
    }

    [Test]
    public void Sparsemax_KnownValues_AreTheSimplexProjection()
    {
        Assert.Multiple(() =>
        {
            // Keras' docstring example, and a support of two (where Keras 3's backends do not sum to 1)
            TensorAssert.AllClose(ActivationFunction.Sparsemax.Call(Tensor.FromArray([-1f, 0f, 1f])), [0f, 0f, 1f], 0, 1e-7);
            TensorAssert.AllClose(ActivationFunction.Sparsemax.Call(Tensor.FromArray([0.5f, 0.4f, -1f])), [0.55f, 0.45f, 0f], 0, 1e-6);
            TensorAssert.AllClose(ActivationFunction.Sparsemax.Call(Tensor.FromArray([2f, 2f, 2f, 2f])), [0.25f, 0.25f, 0.25f, 0.25f], 0, 1e-7);
        });
    }

    [Test]
    public void Sparsemax_AnyAxis_MatchesReferenceAndSumsToOne()
    {
        var x = TestData.Uniform(9, -2, 2, 3, 4, 5);
        var y = ActivationFunction.SparsemaxWith(axis: 1).Call(x);
        var xs = x.ToArray();
        var expected = new float[x.Size];
        for (int o = 0; o < 3; o++)
        {
            for (int q = 0; q < 5; q++)
            {
                var slice = Enumerable.Range(0, 4).Select(j => (double)xs[o * 20 + j * 5 + q]).ToArray();
                var projected = SparsemaxReference(slice);
                for (int j = 0; j < 4; j++)
                {
                    expected[o * 20 + j * 5 + q] = (float)projected[j];
                }
            }
        }
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, expected, rtol: 1e-5, atol: 1e-6);
            TensorAssert.AllClose(Ops.Sum(y, 1), Enumerable.Repeat(1f, 15).ToArray(), rtol: 1e-5, atol: 1e-6);
        });
    }

    [Test]
    public void Gradient_Sparsemax_MatchesCentralDifferences()
    {
        // supports of 2 and 4 entries, every value at least 0.05 from the threshold
        var x = Tensor.FromArray([0.9f, 0.5f, -0.3f, 0.1f, -1.2f, 0.2f, 0.25f, 0.1f, -0.15f, 0.3f], 2, 5);
        GradientChecker.Check(xs => ActivationFunction.Sparsemax.Call(xs[0]), [x]);
    }

    [Test]
    public void Gradient_PReluOp_BroadcastSlopes_MatchesCentralDifferences()
    {
        var x = Tensor.FromArray(SmoothPoints.Concat(SmoothPoints.Select(v => -v)).Concat([-1.1f, 0.7f]).ToArray(), 2, 4, 4);
        Assert.Multiple(() =>
        {
            GradientChecker.Check(xs => Ops.PRelu(xs[0], xs[1]), [x, Tensor.FromArray([0.1f, -0.2f, 0.3f, 0.6f], 1, 4)]);
            GradientChecker.Check(xs => Ops.PRelu(xs[0], xs[1]), [x, Tensor.FromArray([0.25f, 0.5f, -0.1f, 0.2f], 4, 1)]);
            GradientChecker.Check(xs => Ops.PRelu(xs[0], xs[1]), [x, Tensor.FromArray([0.3f])]);
        });
    }
}
