using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ELUTests
{
    [Test]
    public void Harness_Default_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new ELU(), new Shape(3, 5), new Shape(3, 5), 0, 0, "alpha");

    [TestCase(1.0)]
    [TestCase(0.5)]
    [TestCase(2.5)]
    public void Call_Points_MatchKerasFormula(double alpha)
    {
        float[] x = [-6f, -1f, -0.2f, 0f, 0.3f, 2f];
        var y = new ELU(alpha).Apply(Tensor.FromArray(x));
        TensorAssert.AllClose(y, x.Select(v => (float)(v > 0 ? v : alpha * (Math.Exp(v) - 1))).ToArray(), rtol: 2e-6, atol: 1e-7);
    }

    [TestCase(1.0)]
    [TestCase(0.4)]
    public void Gradient_MatchesFiniteDifferences(double alpha)
    {
        var layer = new ELU(alpha);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Tensor.FromArray([-2.2f, -0.7f, -0.1f, 0.2f, 0.8f, 1.9f], 2, 3)]);
    }

    [Test]
    public void Config_RoundTripsAlphaAsWritten()
    {
        var layer = new ELU(alpha: 0.3, name: "e");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (ELU)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(json["config"]!["alpha"]!.ToJsonString(), Is.EqualTo("0.3"));
            Assert.That(copy.Alpha, Is.EqualTo(0.3));
            Assert.That(copy.Name, Is.EqualTo("e"));
        });
    }

    [Test]
    public void FromConfig_Keras3WithoutAlpha_UsesDefault() =>
        Assert.That(ELU.FromConfig(new JsonObject { ["name"] = "elu" }).Alpha, Is.EqualTo(1.0));

    [Test]
    public void Name_Default_IsElu()
    {
        Assert.That(new ELU().Name, Does.Match("^elu(_[0-9]+)?$"));
    }
}
