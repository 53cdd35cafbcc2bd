using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class NormalizationTests
{
    private static readonly float[,] KerasAdaptData = { { 0, 7, 4 }, { 2, 9, 6 }, { 0, 7, 4 }, { 2, 9, 6 } };

    [Test]
    public void Harness_Unadapted_HasMeanVarianceAndCountWeights() =>
        LayerTestHarness.Run(() => new Normalization(), new Shape(4, 3), new Shape(4, 3), 0, 3, "axis", "invert", "mean", "variance");

    [Test]
    public void Build_Weights_HaveKerasNamesShapesAndInitialValues()
    {
        var layer = new Normalization(axis: [1, 2], name: "norm");
        layer.EnsureBuilt(new Shape(-1, 3, 4, 5));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[] { "norm/mean", "norm/variance", "norm/count" }));
            Assert.That(layer.Weights.Select(w => w.Shape.ToString()), Is.EqualTo(new[] { "(3, 4)", "(3, 4)", "()" }));
            Assert.That(layer.Weights.Any(w => w.Trainable), Is.False);
            Assert.That(layer.AdaptMean!.Value.ToArray(), Is.All.EqualTo(0f));
            Assert.That(layer.AdaptVariance!.Value.ToArray(), Is.All.EqualTo(1f));
        });
    }

    [Test]
    public void Adapt_KerasDocExample_AxisNone()
    {
        // adapt [1, 2, 3, 4, 5] with axis=None, call on [1, 2, 3] → [-1.4142135, -0.70710677, 0]
        var layer = new Normalization(axis: null);
        layer.Adapt(Tensor.FromArray([1f, 2f, 3f, 4f, 5f]));
        TensorAssert.AllClose(layer.Apply(Tensor.FromArray([1f, 2f, 3f])), [-1.4142135f, -0.70710677f, 0f]);
    }

    [Test]
    public void Adapt_KerasDocExample_LastAxis()
    {
        var layer = new Normalization(axis: -1);
        layer.Adapt(Tensor.FromArray(KerasAdaptData));
        Assert.Multiple(() =>
        {
            Assert.That(layer.AdaptMean!.Value.ToArray(), Is.EqualTo(new[] { 1f, 8f, 5f }));
            Assert.That(layer.AdaptVariance!.Value.ToArray(), Is.EqualTo(new[] { 1f, 1f, 1f }));
            TensorAssert.AllClose(layer.Apply(Tensor.FromArray(new float[,] { { 0, 7, 4 } })), [-1f, -1f, -1f]);
        });
    }

    [Test]
    public void Apply_KerasDocExample_GivenMeanAndVariance()
    {
        // Normalization(mean=3., variance=2.) on [[1], [2], [3]] → [[-1.4142135], [-0.70710677], [0]]
        var layer = new Normalization(mean: [3f], variance: [2f]);
        var y = layer.Apply(Tensor.FromArray(new float[,] { { 1 }, { 2 }, { 3 } }));
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(y, [-1.4142135f, -0.70710677f, 0f]);
            Assert.That(layer.Weights, Is.Empty, "given statistics are constants, not weights");
        });
    }

    [Test]
    public void Apply_KerasDocExample_Invert()
    {
        var layer = new Normalization(axis: -1, invert: true);
        layer.Adapt(Tensor.FromArray(KerasAdaptData));
        TensorAssert.AllClose(layer.Apply(Tensor.FromArray(new float[,] { { 1, 2, 3 } })), [2f, 10f, 8f]);
    }

    [Test]
    public void Adapt_KnownData_GivesExactMeanAndBiasedVariance()
    {
        // (4, 3, 2) data keeping axes 1 and 2: statistics over the 4 samples of each of the 6 positions
        var data = NormReference.Values(24, 1, -5f, 5f);
        var layer = new Normalization(axis: [1, 2]);
        layer.Adapt(Tensor.FromArray(data, 4, 3, 2));
        var mean = new double[6];
        var variance = new double[6];
        for (int k = 0; k < 6; k++)
        {
            for (int s = 0; s < 4; s++)
            {
                mean[k] += data[s * 6 + k] / 4.0;
            }
            for (int s = 0; s < 4; s++)
            {
                variance[k] += Math.Pow(data[s * 6 + k] - mean[k], 2) / 4.0;
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(layer.AdaptMean!.Shape, Is.EqualTo(new Shape(3, 2)));
            TensorAssert.AllClose(layer.AdaptMean.Value, mean.Select(v => (float)v).ToArray(), 1e-7, 1e-7);
            TensorAssert.AllClose(layer.AdaptVariance!.Value, variance.Select(v => (float)v).ToArray(), 1e-7, 1e-7);
            var x = Tensor.FromArray(NormReference.Values(12, 2), 2, 3, 2);
            var expected = x.ToArray().Select((v, i) => (float)((v - mean[i % 6]) / Math.Sqrt(variance[i % 6]))).ToArray();
            TensorAssert.AllClose(layer.Apply(x), expected, 1e-5, 1e-6);
        });
    }

    [Test]
    public void Adapt_Batches_EqualsAdaptOnAllData()
    {
        var data = NormReference.Values(10 * 3, 3, 0f, 100f);
        var whole = new Normalization();
        whole.Adapt(Tensor.FromArray(data, 10, 3));
        var batched = new Normalization();
        batched.Adapt([Tensor.FromArray(data[..12], 4, 3), Tensor.FromArray(data[12..21], 3, 3), Tensor.FromArray(data[21..], 3, 3)]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(batched.AdaptMean!.Value, whole.AdaptMean!.Value, 1e-6, 1e-6);
            TensorAssert.AllClose(batched.AdaptVariance!.Value, whole.AdaptVariance!.Value, 1e-6, 1e-6);
        });
    }

    [Test]
    public void Apply_NotAdapted_IsTheIdentityAsInKeras()
    {
        var x = Tensor.FromArray(NormReference.Values(6, 4), 2, 3);
        TensorAssert.AllClose(new Normalization().Apply(x), x, 0, 0);
    }

    [Test]
    public void Apply_ZeroVariance_DividesByKerasEpsilon()
    {
        var layer = new Normalization();
        layer.Adapt(Tensor.FromArray(new float[,] { { 1, 5 }, { 1, 7 } }));
        var y = layer.Apply(Tensor.FromArray(new float[,] { { 1, 6 }, { 1.5f, 8 } }));
        TensorAssert.AllClose(y, [0f, 0f, (float)(0.5 / 1e-7), 2f], 1e-6, 0);
    }

    [Test]
    public void Gradient_WithRespectToInputs_MatchesNumeric()
    {
        var layer = new Normalization(mean: [1f, -2f, 0.5f], variance: [4f, 0.25f, 2f]);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Tensor.FromArray(NormReference.Values(6, 5), 2, 3)]);
    }

    [Test]
    public void Config_GivenStatistics_RoundTrip()
    {
        var layer = new Normalization(axis: [1], mean: [0.5f, 2f], variance: [1f, 9f], invert: true, name: "norm_cfg");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Normalization)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(json["config"]!["mean"]!.ToJsonString(), Is.EqualTo("[0.5,2]"));
            Assert.That(json["config"]!["variance"]!.ToJsonString(), Is.EqualTo("[1,9]"));
            Assert.That(json["config"]!["axis"]!.ToJsonString(), Is.EqualTo("[1]"));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            TensorAssert.AllClose(copy.Apply(Tensor.FromArray(new float[,] { { 1, 1 } })), [1.5f, 5f]);
        });
    }

    [Test]
    public void Config_AxisNoneAndKerasScalarMean_AreRead()
    {
        var none = new Normalization(axis: null);
        var copy = (Normalization)ObjectRegistry.DeserializeLayer(ObjectRegistry.SerializeLayer(none));
        var keras = Normalization.FromConfig(JsonNode.Parse("""{"name": "n", "axis": [-1], "invert": false, "mean": 3.0, "variance": 2.0}""")!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(none)["config"]!["axis"]!.ToJsonString(), Is.EqualTo("[]"));
            Assert.That(new Normalization().GetConfig()["axis"]!.ToJsonString(), Is.EqualTo("[-1]"), "Keras writes the axis tuple (-1,)");
            Assert.That(copy.Axis, Is.Empty);
            Assert.That(keras.InputMean, Is.EqualTo(new[] { 3f }));
        });
    }

    [Test]
    public void Constructor_MeanWithoutVariance_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Normalization(mean: [1f]));
        Assert.That(ex!.Message, Does.Contain("both `mean` and `variance` must be set"));
    }

    [Test]
    public void Constructor_MeanAndVarianceLengthsDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Normalization(mean: [1f, 2f], variance: [1f]));
        Assert.That(ex!.Message, Does.Contain("must have the same shape"));
    }

    [Test]
    public void Adapt_WithGivenStatistics_Throws()
    {
        var layer = new Normalization(mean: [1f], variance: [1f], name: "norm_fixed");
        var ex = Assert.Throws<InvalidOperationException>(() => layer.Adapt(Tensor.Zeros(new Shape(2, 1))));
        Assert.That(ex!.Message, Does.Contain("norm_fixed"));
    }

    [Test]
    public void Adapt_IncompatibleKeptAxis_Throws()
    {
        var layer = new Normalization();
        layer.Adapt(Tensor.Zeros(new Shape(4, 3)));
        var ex = Assert.Throws<ArgumentException>(() => layer.Adapt(Tensor.Zeros(new Shape(4, 2))));
        Assert.That(ex!.Message, Does.Contain("incompatible shape"));
    }

    [Test]
    public void Build_AxisOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Normalization(axis: 2).Apply(Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("must be in the range [-ndim, ndim)"));
    }

    [Test]
    public void Build_MeanThatDoesNotBroadcast_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Normalization(mean: [1f, 2f], variance: [1f, 1f]).Apply(Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("cannot be broadcast"));
    }
}
