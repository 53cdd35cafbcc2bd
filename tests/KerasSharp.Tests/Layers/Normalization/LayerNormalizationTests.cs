using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class LayerNormalizationTests
{
    [Test]
    public void Harness_Defaults_HasGammaAndBeta() =>
        LayerTestHarness.Run(() => new LayerNormalization(), new Shape(3, 5), new Shape(3, 5), 2, 0,
            "axis", "epsilon", "center", "scale", "rms_scaling", "beta_initializer", "gamma_initializer", "beta_regularizer", "gamma_regularizer");

    [Test]
    public void Harness_RmsScaling_HasOnlyGamma() =>
        LayerTestHarness.Run(() => new LayerNormalization(rmsScaling: true), new Shape(2, 4, 6), new Shape(2, 4, 6), 1, 0, "rms_scaling");

    [Test]
    public void Build_KerasDocExample_GammaAndBetaSpanTheAxes()
    {
        // keras.layers.LayerNormalization(axis=[1, 2, 3]); layer.build([5, 20, 30, 40]) → beta and gamma (20, 30, 40)
        var layer = new LayerNormalization(axis: [1, 2, 3], name: "ln");
        layer.EnsureBuilt(new Shape(5, 20, 30, 40));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[] { "ln/gamma", "ln/beta" }));
            Assert.That(layer.Gamma!.Shape, Is.EqualTo(new Shape(20, 30, 40)));
            Assert.That(layer.Beta!.Shape, Is.EqualTo(new Shape(20, 30, 40)));
            Assert.That(layer.Gamma.Value.ToArray(), Is.All.EqualTo(1f));
            Assert.That(layer.Beta.Value.ToArray(), Is.All.EqualTo(0f));
        });
    }

    [Test]
    public void Apply_KerasDocExample_NormalizesEachRow()
    {
        // data = np.arange(10).reshape(5, 2) * 10; LayerNormalization(axis=1) → rows ±5/√(25 + 0.001)
        var data = Enumerable.Range(0, 10).Select(i => i * 10f).ToArray();
        var y = new LayerNormalization(axis: 1).Apply(Tensor.FromArray(data, 5, 2));
        float v = (float)(5 / Math.Sqrt(25.001));
        TensorAssert.AllClose(y, [-v, v, -v, v, -v, v, -v, v, -v, v]);
    }

    [Test]
    public void Apply_KnownGammaBeta_MatchesReference()
    {
        var x = NormReference.Values(4 * 6, 1, -3f, 5f);
        var gamma = NormReference.Values(6, 2);
        var beta = NormReference.Values(6, 3);
        var layer = new LayerNormalization(epsilon: 0.01f);
        layer.EnsureBuilt(new Shape(-1, 6));
        layer.SetWeights([gamma, beta]);
        var y = layer.Apply(Tensor.FromArray(x, 4, 6), training: true);
        TensorAssert.AllClose(y, NormReference.LineNormalize(x, 4, 6, 1, gamma, beta, 0.01), 1e-5, 1e-5);
    }

    [Test]
    public void Apply_MiddleAxis_NormalizesOverTimeSteps()
    {
        var x = NormReference.Values(2 * 4 * 3, 4);
        var y = new LayerNormalization(axis: 1).Apply(Tensor.FromArray(x, 2, 4, 3));
        TensorAssert.AllClose(y, NormReference.LineNormalize(x, 2, 4, 3, null, null, 1e-3), 1e-5, 1e-5);
    }

    [Test]
    public void Apply_RmsScaling_DividesByStandardDeviationWithoutCentering()
    {
        var x = NormReference.Values(3 * 4, 5, 0f, 3f);
        var y = new LayerNormalization(rmsScaling: true).Apply(Tensor.FromArray(x, 3, 4));
        TensorAssert.AllClose(y, NormReference.LineNormalize(x, 3, 4, 1, null, null, 1e-3, rms: true), 1e-5, 1e-5);
    }

    [Test]
    public void Gradient_LayerInputAndWeights_MatchNumeric()
    {
        var layer = new LayerNormalization(axis: [1, 2]);
        layer.EnsureBuilt(new Shape(-1, 3, 4));
        layer.SetWeights([Tensor.FromArray(NormReference.Values(12, 6), 3, 4), Tensor.FromArray(NormReference.Values(12, 7), 3, 4)]);
        var x = Tensor.FromArray(NormReference.Values(24, 8), 2, 3, 4);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
        // the weights: the same computation as a function of gamma and beta
        GradientChecker.Check(xs => Ops.LayerNormalization(x, xs[0], xs[1], [1, 2], 1e-3f), [layer.Gamma!.Value, layer.Beta!.Value]);
    }

    [Test]
    public void Config_IntAxis_IsIntBeforeBuildAndListAfter()
    {
        var layer = new LayerNormalization();
        var before = layer.GetConfig()["axis"]!.ToJsonString();
        layer.Apply(Tensor.Zeros(new Shape(2, 3)));
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("-1"));
            Assert.That(layer.GetConfig()["axis"]!.ToJsonString(), Is.EqualTo("[-1]"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new LayerNormalization(axis: [1, -1], epsilon: 1e-6, center: false, rmsScaling: false,
            gammaInitializer: "random_normal", betaRegularizer: new KerasSharp.Regularizers.L1(0.1f), name: "ln_cfg");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (LayerNormalization)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.Axis, Is.EqualTo(new[] { 1, -1 }));
            Assert.That(copy.Epsilon, Is.EqualTo(1e-6));
            Assert.That(copy.Center, Is.False);
        });
    }

    [Test]
    public void Constructor_EmptyAxes_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: Array.Empty<int>()));
        Assert.That(ex!.Message, Does.Contain("'axis'"));
    }

    [Test]
    public void ComputeOutputShape_AxisOutOfBounds_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LayerNormalization(axis: 2, name: "ln_oob").ComputeOutputShape(new Shape(-1, 3)));
        Assert.That(ex!.Message, Does.Contain("Axis 2 is out of bounds").And.Contain("ln_oob"));
    }

    [Test]
    public void Constructor_DoubleEpsilon_IsStoredAndWrittenAsTyped()
    {
        var layer = new LayerNormalization(epsilon: 1e-6);
        var listAxes = new LayerNormalization([1, 2], epsilon: 0.001);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Epsilon, Is.EqualTo(1e-6));
            Assert.That((double)layer.GetConfig()["epsilon"]!, Is.EqualTo(1e-6));
            Assert.That(listAxes.Epsilon, Is.EqualTo(0.001));
        });
    }
}
