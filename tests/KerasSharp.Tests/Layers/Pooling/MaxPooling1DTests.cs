using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class MaxPooling1DTests
{
    private static readonly Tensor OneToFive = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1);

    [Test]
    public void Harness_Defaults_HalveTheSteps() =>
        LayerTestHarness.Run(() => new MaxPooling1D(), new Shape(2, 9, 3), new Shape(2, 4, 3), 0, 0, "pool_size", "padding", "strides", "data_format");

    // the three examples of the Keras MaxPooling1D docstring
    [TestCase(1, "valid", new[] { 2f, 3f, 4f, 5f })]
    [TestCase(2, "valid", new[] { 2f, 4f })]
    [TestCase(1, "same", new[] { 2f, 3f, 4f, 5f, 5f })]
    public void Call_KerasDocExamples(int stride, string padding, float[] expected) =>
        TensorAssert.AllClose(new MaxPooling1D(2, stride, padding).Apply(OneToFive), expected, 0, 0);

    [Test]
    public void Gradient_MatchesCentralDifferences()
    {
        var layer = new MaxPooling1D(3, 2, "same");
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Engine.TestData.Distinct(1, 0.05, 2, 8, 2)]);
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new MaxPooling1D();
        Assert.That((layer.PoolSize, layer.Strides, layer.Padding, layer.DataFormat), Is.EqualTo((2, 2, "valid", "channels_last")));
        Assert.That(new MaxPooling1D(3).Strides, Is.EqualTo(3));
    }

    [Test]
    public void Errors_AreKerasWorded()
    {
        Assert.That(() => new MaxPooling1D(0), Throws.ArgumentException.With.Message.Contains("The `pool_size` argument must be a tuple of 1 integers. Received pool_size=(0,)"));
        Assert.That(() => new MaxPooling1D(4, name: "m1").Apply(Tensor.Zeros(new Shape(1, 3, 2))), Throws.ArgumentException.With.Message.Contains("Layer \"m1\" (MaxPooling1D)"));
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var json = ObjectRegistry.SerializeLayer(new MaxPooling1D(3, 1, "same", name: "mp1"));
        var copy = ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        Assert.That(json["config"]!["pool_size"]!.ToJsonString(), Is.EqualTo("[3]"));
    }
}
