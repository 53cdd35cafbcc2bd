using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ThresholdedReLUTests
{
    [Test]
    public void Harness_Default_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new ThresholdedReLU(), new Shape(3, 5), new Shape(3, 5), 0, 0, "theta");

    [Test]
    public void Call_Default_ZeroesValuesUpToOne()
    {
        var y = new ThresholdedReLU().Apply(Tensor.FromArray([-2f, 0f, 0.5f, 1f, 1.0001f, 3f]));
        TensorAssert.AllClose(y, [0f, 0f, 0f, 0f, 1.0001f, 3f], 0, 0);
    }

    [Test]
    public void Gradient_IsOneAboveThetaOnly_IncludingAtTheta()
    {
        var x = Tensor.FromArray([-1f, 0.5f, 0.7f, 0.71f, 2f]);
        using var tape = GradientTape.Record();
        var y = new ThresholdedReLU(0.7).Apply(x);
        var g = tape.Gradient(Ops.Sum(y), [x])[0];
        Assert.That(g.ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 1f, 1f }));
    }

    [Test]
    public void Gradient_MatchesFiniteDifferences()
    {
        var layer = new ThresholdedReLU(0.5);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Tensor.FromArray([-2.2f, -0.7f, 0.1f, 0.3f, 0.8f, 1.9f], 2, 3)]);
    }

    [Test]
    public void Config_RoundTripsTheta()
    {
        var json = ObjectRegistry.SerializeLayer(new ThresholdedReLU(theta: 0.25));
        var copy = (ThresholdedReLU)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(json["config"]!["theta"]!.ToJsonString(), Is.EqualTo("0.25"));
            Assert.That(copy.Theta, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void Constructor_NegativeTheta_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new ThresholdedReLU(-0.5));
        Assert.That(ex!.Message, Does.Contain("theta value of a Thresholded ReLU layer should be >=0").And.Contain("Received: theta=-0.5"));
    }

    [Test]
    public void Name_Default_IsThresholdedReLu()
    {
        Assert.That(new ThresholdedReLU().Name, Does.Match("^thresholded_re_lu(_[0-9]+)?$"));
    }
}
