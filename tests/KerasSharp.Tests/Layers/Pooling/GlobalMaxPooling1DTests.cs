using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class GlobalMaxPooling1DTests
{
    [Test]
    public void Harness_DropsTheSpatialAxes() =>
        LayerTestHarness.Run(() => new GlobalMaxPooling1D(), new Shape(2, 4, 3), new Shape(2, 3), 0, 0, "data_format", "keepdims");

    [Test]
    public void Harness_KeepDims_KeepsUnitSpatialAxes() =>
        LayerTestHarness.Run(() => new GlobalMaxPooling1D(keepDims: true), new Shape(2, 4, 3), new Shape(2, 1, 3), 0, 0, "keepdims");

    [Test]
    public void Call_RandomInput_IsMaxPerSampleAndChannel()
    {
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, 3), seed: 5);
        var y = new GlobalMaxPooling1D().Apply(x);
        var xs = x.ToArray();
        const int positions = 4;
        var expected = new float[6];
        for (int b = 0; b < 2; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                double acc = double.NegativeInfinity;
                for (int p = 0; p < positions; p++)
                {
                    double v = xs[(b * positions + p) * 3 + c];
                    acc = Math.Max(acc, v);
                }
                expected[b * 3 + c] = (float)(acc);
            }
        }
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3)));
        TensorAssert.AllClose(y, expected, 1e-5, 1e-6);
    }

    [Test]
    public void Gradient_MatchesCentralDifferences()
    {
        var layer = new GlobalMaxPooling1D();
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Engine.TestData.Distinct(7, 0.05, 2, 4, 3)]);
    }

    [Test]
    public void Gradient_Ties_AreSharedEqually()
    {
        var x = Tensor.FromArray([2f, 2f, 1f], 1, 3, 1);
        Tensor grad;
        using (var tape = GradientTape.Record())
        {
            grad = tape.Gradient(Ops.Sum(new GlobalMaxPooling1D().Apply(x)), [x])[0];
        }
        TensorAssert.AllClose(grad, [0.5f, 0.5f, 0f], 0, 0);
    }

    [Test]
    public void Defaults_AndErrors_AreKeras()
    {
        var layer = new GlobalMaxPooling1D();
        Assert.Multiple(() =>
        {
            Assert.That(layer.KeepDims, Is.False);
            Assert.That(layer.DataFormat, Is.EqualTo("channels_last"));
            Assert.That(layer.Name, Does.StartWith("global_max_pooling1d"));
            Assert.That(layer.ComputeOutputShape(new Shape(-1, -1, 3)), Is.EqualTo(new Shape(-1, 3)));
            Assert.That(() => new GlobalMaxPooling1D().Apply(Tensor.Zeros(new Shape(2, 3))), Throws.ArgumentException.With.Message.Contains("expected ndim=3"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var json = ObjectRegistry.SerializeLayer(new GlobalMaxPooling1D(keepDims: true, name: "gp"));
        var copy = (GlobalMaxPooling1D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(copy.KeepDims, Is.True);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
    }
}
