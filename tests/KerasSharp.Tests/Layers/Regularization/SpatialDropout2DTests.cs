using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class SpatialDropout2DTests
{
    /// <summary>Positive inputs, so a dropped element (0) is never confused with a kept one.</summary>
    private static Tensor Positive(params int[] shape) =>
        Tensor.FromArray(NormReference.Values(new Shape(shape).Size, 3, 0.5f, 1.5f), shape);

    /// <summary>For every (sample, channel) map: whether all of it was dropped; fails if a map is partly dropped or wrongly scaled.</summary>
    private static List<bool> DroppedMaps(Tensor x, Tensor y, float rate, bool channelsFirst)
    {
        int b = x.Shape[0], c = channelsFirst ? x.Shape[1] : x.Shape[3], hw = x.Size / (b * c);
        var xs = x.ToArray();
        var ys = y.ToArray();
        var dropped = new List<bool>();
        for (int n = 0; n < b; n++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                var idx = Enumerable.Range(0, hw).Select(p => channelsFirst ? (n * c + ch) * hw + p : (n * hw + p) * c + ch).ToArray();
                bool allZero = idx.All(i => ys[i] == 0f);
                bool allKept = idx.All(i => ys[i] == xs[i] / (1f - rate));
                Assert.That(allZero || allKept, Is.True, $"map ({n}, {ch}) must be dropped or kept as a whole");
                dropped.Add(allZero);
            }
        }
        return dropped;
    }

    [Test]
    public void Harness_KeepsShapeAndHasNoWeights() =>
        LayerTestHarness.Run(() => new SpatialDropout2D(0.5f), new Shape(2, 3, 3, 4), new Shape(2, 3, 3, 4), 0, 0, "rate", "seed", "data_format");

    [Test]
    public void Apply_Inference_IsIdentity()
    {
        var x = Positive(2, 3, 3, 4);
        TensorAssert.AllClose(new SpatialDropout2D(0.5f, seed: 1).Apply(x), x, 0, 0);
    }

    [TestCase(0.2f)]
    [TestCase(0.5f)]
    public void Apply_TrainingChannelsLast_DropsWholeChannelsAtAboutRate(float rate)
    {
        var x = Positive(50, 2, 2, 200);
        var dropped = DroppedMaps(x, new SpatialDropout2D(rate, seed: 7).Apply(x, training: true), rate, channelsFirst: false);
        // 10 000 maps: the standard deviation of the dropped fraction is at most 0.005; 0.03 is 6 sigma.
        Assert.That(dropped.Count(d => d) / (double)dropped.Count, Is.EqualTo(rate).Within(0.03));
    }

    [Test]
    public void Apply_TrainingChannelsFirst_DropsWholeMapsOfAxis1()
    {
        var x = Positive(40, 50, 2, 3);
        var dropped = DroppedMaps(x, new SpatialDropout2D(0.3f, dataFormat: "channels_first", seed: 2).Apply(x, training: true), 0.3f, channelsFirst: true);
        Assert.That(dropped.Count(d => d) / (double)dropped.Count, Is.EqualTo(0.3).Within(0.04));
    }

    [Test]
    public void Apply_SameSeed_SameMask()
    {
        var x = Positive(4, 2, 2, 8);
        var a = new SpatialDropout2D(0.5f, seed: 42).Apply(x, training: true);
        var b = new SpatialDropout2D(0.5f, seed: 42).Apply(x, training: true);
        Assert.That(a.ToArray(), Is.EqualTo(b.ToArray()));
    }

    [Test]
    public void Gradient_IsTheScaledMask()
    {
        var x = Positive(3, 2, 2, 5);
        Tensor y, grad;
        using (var tape = GradientTape.Record())
        {
            y = new SpatialDropout2D(0.4f, seed: 5).Apply(x, training: true);
            grad = tape.Gradient(Ops.Sum(y), [x])[0];
        }
        var expected = y.ToArray().Select(v => v == 0f ? 0f : 1f / 0.6f).ToArray();
        TensorAssert.AllClose(grad, expected, 1e-6, 0);
    }

    [Test]
    public void Apply_RateOne_DropsEverythingWithZeroGradient()
    {
        var x = Positive(2, 2, 2, 3);
        using var tape = GradientTape.Record();
        var y = new SpatialDropout2D(1f).Apply(x, training: true);
        var grad = tape.Gradient(Ops.Sum(y), [x])[0];
        Assert.Multiple(() =>
        {
            Assert.That(y.ToArray(), Is.All.EqualTo(0f));
            Assert.That(grad.ToArray(), Is.All.EqualTo(0f));
        });
    }

    [TestCase(-0.1f)]
    [TestCase(1.5f)]
    [TestCase(float.NaN)]
    public void Constructor_InvalidRate_Throws(float rate)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SpatialDropout2D(rate));
        Assert.That(ex!.Message, Does.Contain("Expected a float value between 0 and 1"));
    }

    [Test]
    public void Constructor_UnknownDataFormat_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SpatialDropout2D(0.1f, dataFormat: "nhwc"));
        Assert.That(ex!.Message, Does.Contain("data_format=nhwc"));
    }

    [Test]
    public void Apply_Rank3Input_ThrowsInputSpecError()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SpatialDropout2D(0.1f, name: "sd").Apply(Tensor.Zeros(new Shape(2, 3, 4))));
        Assert.That(ex!.Message, Does.Contain("\"sd\"").And.Contain("expected ndim=4"));
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new SpatialDropout2D(0.25f, dataFormat: "channels_first", seed: 9, name: "sd_cfg");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (SpatialDropout2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That(copy.Rate, Is.EqualTo(0.25));
            Assert.That(copy.DataFormat, Is.EqualTo("channels_first"));
            Assert.That(copy.Seed, Is.EqualTo(9));
            Assert.That(new SpatialDropout2D(0.1f).DataFormat, Is.EqualTo("channels_last"), "Keras default");
        });
    }

    [Test]
    public void Constructor_DoubleLiteral_IsStoredAndWrittenAsTyped()
    {
        var layer = new SpatialDropout2D(0.3);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Rate, Is.EqualTo(0.3));
            Assert.That(layer.GetConfig()["rate"]!.ToJsonString(), Is.EqualTo("0.3"));
        });
    }

    [Test]
    public void Constructor_RateAboveOne_ThrowsKerasMessage() =>
        Assert.That(() => new SpatialDropout2D(1.5), Throws.ArgumentException.With.Message.Contains("Received: rate=1.5"));
}
