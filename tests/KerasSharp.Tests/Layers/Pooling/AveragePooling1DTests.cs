using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class AveragePooling1DTests
{
    private static readonly Tensor OneToFive = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1);

    [Test]
    public void Harness_Defaults_HalveTheSteps() =>
        LayerTestHarness.Run(() => new AveragePooling1D(), new Shape(2, 9, 3), new Shape(2, 4, 3), 0, 0, "pool_size", "padding", "strides", "data_format");

    // the three examples of the Keras AveragePooling1D docstring
    [TestCase(1, "valid", new[] { 1.5f, 2.5f, 3.5f, 4.5f })]
    [TestCase(2, "valid", new[] { 1.5f, 3.5f })]
    [TestCase(1, "same", new[] { 1.5f, 2.5f, 3.5f, 4.5f, 5f })]
    public void Call_KerasDocExamples(int stride, string padding, float[] expected) =>
        TensorAssert.AllClose(new AveragePooling1D(2, stride, padding).Apply(OneToFive), expected, 0, 0);

    [Test]
    public void Gradient_MatchesCentralDifferences()
    {
        var layer = new AveragePooling1D(3, 2, "same");
        GradientChecker.Check(xs => layer.Apply(xs[0]), [Engine.TestData.Uniform(2, -1, 1, 2, 8, 2)]);
    }

    [Test]
    public void Constructor_Defaults_AreKeras() =>
        Assert.That((new AveragePooling1D().PoolSize, new AveragePooling1D().Strides, new AveragePooling1D().Padding), Is.EqualTo((2, 2, "valid")));

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var json = ObjectRegistry.SerializeLayer(new AveragePooling1D(4, 2, name: "ap1"));
        var copy = ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
    }
}
