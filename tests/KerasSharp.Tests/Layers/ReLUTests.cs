using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ReLUTests
{
    private static readonly float[] DocInput = [-10f, -5f, 0f, 5f, 10f];

    /// <summary>Keras' formula: <c>min(x, max)</c> above the threshold, else <c>slope · (x − threshold)</c>.</summary>
    private static double Reference(double x, double? max, double slope, double threshold) =>
        x > threshold ? (max is double m ? Math.Min(x, m) : x) : slope * (x - threshold);

    [Test]
    public void Harness_Default_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new ReLU(), new Shape(2, 3, 4), new Shape(2, 3, 4), 0, 0, "max_value", "negative_slope", "threshold");

    // The examples of keras.activations.relu's and keras.layers.ReLU's docstrings.
    [TestCase(null, 0f, 0f, new[] { 0f, 0f, 0f, 5f, 10f })]
    [TestCase(null, 0.5f, 0f, new[] { -5f, -2.5f, 0f, 5f, 10f })]
    [TestCase(5f, 0f, 0f, new[] { 0f, 0f, 0f, 5f, 5f })]
    [TestCase(null, 0f, 5f, new[] { 0f, 0f, 0f, 0f, 10f })]
    [TestCase(10f, 0.5f, 0f, new[] { -5f, -2.5f, 0f, 5f, 10f })]
    [TestCase(10f, 0f, 0f, new[] { 0f, 0f, 0f, 5f, 10f })]
    public void Call_KerasDocstringExamples_MatchDocumentedResults(float? maxValue, float negativeSlope, float threshold, float[] expected)
    {
        var y = new ReLU(maxValue, negativeSlope, threshold).Apply(Tensor.FromArray(DocInput, 5));
        TensorAssert.AllClose(y, expected, 0, 0);
    }

    [TestCase(null, 0f, 0f)]
    [TestCase(6f, 0f, 0f)]
    [TestCase(10f, 1f, 0.5f)]
    [TestCase(3f, 0f, 0f)]
    [TestCase(0f, 0f, 0f)]
    [TestCase(null, 0.2f, 0f)]
    [TestCase(null, 0f, 1.5f)]
    [TestCase(null, 0.1f, 1.5f)]
    [TestCase(4f, 0.1f, 0f)]
    [TestCase(4f, 0f, 1.5f)]
    [TestCase(4f, 0.25f, 1.5f)]
    [TestCase(1f, 0.25f, 2f)]
    public void Call_ParameterCombinations_MatchKerasFormula(float? maxValue, float negativeSlope, float threshold)
    {
        float[] x = [-7f, -2.5f, -1f, -0.25f, 0f, 0.5f, 1f, 1.5f, 1.75f, 2f, 2.5f, 3.9f, 4f, 4.5f, 6f, 8f];
        var y = new ReLU(maxValue, negativeSlope, threshold).Apply(Tensor.FromArray(x, 2, 8));
        var expected = x.Select(v => (float)Reference(v, maxValue, negativeSlope, threshold)).ToArray();
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 8)));
        TensorAssert.AllClose(y, expected, 1e-6, 1e-6);
    }

    // keras/src/layers/activations/relu_test.py: test_threshold_relu_correctness.
    [Test]
    public void Call_ThresholdWithMaxValue_MatchesKerasTest()
    {
        var y = new ReLU(maxValue: 8f, negativeSlope: 0f, threshold: 5f).Apply(Tensor.FromArray([6f, 7f, 0f, 5f, 10f]));
        TensorAssert.AllClose(y, [6f, 7f, 0f, 0f, 8f], 0, 0);
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new ReLU();
        var config = layer.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(layer.MaxValue, Is.Null);
            Assert.That(layer.NegativeSlope, Is.Zero);
            Assert.That(layer.Threshold, Is.Zero);
            Assert.That(config["max_value"], Is.Null);
            Assert.That((double?)config["negative_slope"], Is.Zero);
            Assert.That((double?)config["threshold"], Is.Zero);
        });
    }

    [Test]
    public void GetConfig_SetValues_AreWritten()
    {
        var config = new ReLU(6, 0.1, 0.5).GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((double?)config["max_value"], Is.EqualTo(6.0));
            Assert.That((double?)config["negative_slope"], Is.EqualTo(0.1));
            Assert.That((double?)config["threshold"], Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Constructor_NegativeMaxValue_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new ReLU(maxValue: -1f));
        Assert.That(ex!.Message, Does.Contain("max_value of a ReLU layer cannot be a negative value. Received: max_value=-1"));
    }

    [Test]
    public void Constructor_NegativeSlope_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new ReLU(negativeSlope: -0.5f));
        Assert.That(ex!.Message, Does.Contain("negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope=-0.5"));
    }

    [Test]
    public void Constructor_NegativeThreshold_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new ReLU(threshold: -2f));
        Assert.That(ex!.Message, Does.Contain("threshold of a ReLU layer cannot be a negative value. Received: threshold=-2"));
    }

    [Test]
    public void Constructor_NaNSlope_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new ReLU(negativeSlope: float.NaN));

    [Test]
    public void Name_Default_IsReLu()
    {
        Keras.ClearSession();
        var first = new ReLU();
        var second = new ReLU();
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("re_lu"));
            Assert.That(second.Name, Is.EqualTo("re_lu_1"));
            Assert.That(first.ClassName, Is.EqualTo("ReLU"));
        });
    }

    [TestCase(null, 0f, 0f)]
    [TestCase(null, 0.3f, 0f)]
    [TestCase(6f, 0f, 0f)]
    [TestCase(null, 0f, 2f)]
    [TestCase(6f, 0.2f, 2f)]
    [TestCase(6f, 0.2f, 0f)]
    [TestCase(10f, 1f, 0.5f)]
    public void Gradient_MatchesFiniteDifferences(float? maxValue, float negativeSlope, float threshold)
    {
        var layer = new ReLU(maxValue, negativeSlope, threshold);
        // away from the kinks at 0, 2 and 6
        var x = Tensor.FromArray([-3.1f, -1.2f, -0.4f, 0.3f, 1.1f, 1.8f, 2.4f, 3.7f, 5.5f, 6.6f, 9f, -0.05f], 3, 4);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }
}
