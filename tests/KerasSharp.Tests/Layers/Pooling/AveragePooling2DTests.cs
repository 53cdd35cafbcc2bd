using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class AveragePooling2DTests
{
    private static readonly Tensor Grid3x3 = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 3, 3, 1);

    [Test]
    public void Harness_Defaults_HalveHeightAndWidth() =>
        LayerTestHarness.Run(() => new AveragePooling2D(), new Shape(2, 6, 7, 3), new Shape(2, 3, 3, 3), 0, 0, "pool_size", "padding", "strides", "data_format");

    // the three examples of the Keras AveragePooling2D docstring
    [Test]
    public void Call_KerasDocExample_Stride1Valid() =>
        TensorAssert.AllClose(new AveragePooling2D((2, 2), strides: (1, 1), padding: "valid").Apply(Grid3x3), [3f, 4f, 6f, 7f], 0, 0);

    [Test]
    public void Call_KerasDocExample_Stride2Valid()
    {
        var x = Tensor.FromArray(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 1, 3, 4, 1);
        TensorAssert.AllClose(new AveragePooling2D((2, 2), strides: (2, 2), padding: "valid").Apply(x), [3.5f, 5.5f], 0, 0);
    }

    [Test]
    public void Call_KerasDocExample_Stride1Same_ExcludesPadding() =>
        TensorAssert.AllClose(new AveragePooling2D((2, 2), strides: (1, 1), padding: "same").Apply(Grid3x3), [3f, 4f, 4.5f, 6f, 7f, 7.5f, 7.5f, 8.5f, 9f], 0, 0);

    [TestCase(2, 2, "valid")]
    [TestCase(3, 2, "same")]
    [TestCase(2, 1, "same")]
    public void Call_RandomInput_MatchesDirectLoopsAndGradientCheck(int pool, int stride, string padding)
    {
        var layer = new AveragePooling2D(pool, stride, padding);
        var x = TestData.Uniform(4, -1, 1, 2, 7, 6, 2);
        TensorAssert.AllClose(layer.Apply(x), ConvReference.Pool2D(x, pool, pool, stride, stride, padding, max: false, out _).ToFloats(), 1e-5, 1e-6);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new AveragePooling2D();
        Assert.That((layer.PoolSize, layer.Strides, layer.Padding), Is.EqualTo((new IntPair(2, 2), new IntPair(2, 2), "valid")));
        Assert.That(layer.Name, Does.StartWith("average_pooling2d"));
    }

    [Test]
    public void Errors_AreKerasWorded() =>
        Assert.That(() => new AveragePooling2D((2, 2), strides: (0, 1)), Throws.ArgumentException.With.Message.Contains("The `strides` argument must be a tuple of 2 integers. Received strides=(0, 1)"));

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var layer = new AveragePooling2D(3, padding: "same", name: "ap2");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (AveragePooling2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
    }
}
