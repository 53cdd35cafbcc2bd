using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class RescalingTests
{
    [Test]
    public void Harness_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new Rescaling(0.5f, 1f), new Shape(2, 3, 4), new Shape(2, 3, 4), 0, 0, "scale", "offset");

    [Test]
    public void Apply_PixelRangeToUnitInterval()
    {
        // Keras docs: scale=1./255 maps [0, 255] to [0, 1].
        var y = new Rescaling(1f / 255).Apply(Tensor.FromArray([0f, 51f, 255f]));
        TensorAssert.AllClose(y, [0f, 0.2f, 1f]);
    }

    [Test]
    public void Apply_PixelRangeToMinusOneOne()
    {
        // Keras docs: scale=1./127.5, offset=-1 maps [0, 255] to [-1, 1].
        var y = new Rescaling(1f / 127.5f, -1f).Apply(Tensor.FromArray([0f, 127.5f, 255f]));
        TensorAssert.AllClose(y, [-1f, 0f, 1f]);
    }

    [Test]
    public void Apply_ComputesXTimesScalePlusOffsetInFloat32()
    {
        var x = NormReference.Values(12, 1, -10f, 10f);
        var y = new Rescaling(0.37f, 2.5f).Apply(Tensor.FromArray(x, 3, 4), training: true);
        TensorAssert.AllClose(y, x.Select(v => v * 0.37f + 2.5f).ToArray(), 0, 0);
    }

    [Test]
    public void Gradient_IsScale() =>
        GradientChecker.Check(xs => new Rescaling(-3f, 1f).Apply(xs[0]), [Tensor.FromArray(NormReference.Values(6, 2), 2, 3)]);

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new Rescaling(1.0 / 255, -0.5, name: "rescale");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Rescaling)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.Scale, Is.EqualTo(1.0 / 255));
            Assert.That(copy.Offset, Is.EqualTo(-0.5));
            Assert.That((double)json["config"]!["offset"]!, Is.EqualTo(-0.5));
        });
    }

    [Test]
    public void FromConfig_PerChannelScale_IsRejected()
    {
        var config = JsonNode.Parse("""{"name": "r", "scale": [0.5, 0.25, 0.125], "offset": 0.0}""")!.AsObject();
        var ex = Assert.Throws<NotSupportedException>(() => Rescaling.FromConfig(config));
        Assert.That(ex!.Message, Does.Contain("scalar scale"));
    }

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var layer = new Rescaling(1.0 / 127.5, offset: -1.0);
        var config = layer.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(layer.Scale, Is.EqualTo(1.0 / 127.5));
            Assert.That(layer.Offset, Is.EqualTo(-1.0));
            Assert.That((double)config["scale"]!, Is.EqualTo(1.0 / 127.5));
            Assert.That((double)config["offset"]!, Is.EqualTo(-1.0));
        });
    }

    [Test]
    public void Call_FloatOrDoubleScale_GivesTheSameValues()
    {
        var x = Tensor.FromArray([0f, 17f, 128f, 255f], 1, 4);
        Assert.That(new Rescaling(1.0 / 255).Apply(x).ToArray(), Is.EqualTo(new Rescaling(1f / 255).Apply(x).ToArray()));
    }
}
