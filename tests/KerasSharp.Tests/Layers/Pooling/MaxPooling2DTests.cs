using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class MaxPooling2DTests
{
    private static readonly Tensor Grid3x3 = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 3, 3, 1);

    [Test]
    public void Harness_Defaults_HalveHeightAndWidth() =>
        LayerTestHarness.Run(() => new MaxPooling2D(), new Shape(2, 6, 7, 3), new Shape(2, 3, 3, 3), 0, 0, "pool_size", "padding", "strides", "data_format");

    // the three examples of the Keras MaxPooling2D docstring
    [Test]
    public void Call_KerasDocExample_Stride1Valid() =>
        TensorAssert.AllClose(new MaxPooling2D((2, 2), strides: (1, 1), padding: "valid").Apply(Grid3x3), [5f, 6f, 8f, 9f], 0, 0);

    [Test]
    public void Call_KerasDocExample_Stride2Valid()
    {
        var x = Tensor.FromArray(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 1, 3, 4, 1);
        var y = new MaxPooling2D((2, 2), strides: (2, 2), padding: "valid").Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(1, 1, 2, 1)));
        TensorAssert.AllClose(y, [6f, 8f], 0, 0);
    }

    [Test]
    public void Call_KerasDocExample_Stride1Same() =>
        TensorAssert.AllClose(new MaxPooling2D((2, 2), strides: (1, 1), padding: "same").Apply(Grid3x3), [5f, 6f, 6f, 8f, 9f, 9f, 8f, 9f, 9f], 0, 0);

    [TestCase(2, 2, "valid")]
    [TestCase(3, 2, "same")]
    [TestCase(3, 1, "valid")]
    public void Call_RandomInput_MatchesDirectLoopsAndGradientCheck(int pool, int stride, string padding)
    {
        var layer = new MaxPooling2D(pool, stride, padding);
        var x = TestData.Distinct(3, 0.05, 2, 7, 6, 2);
        TensorAssert.AllClose(layer.Apply(x), ConvReference.Pool2D(x, pool, pool, stride, stride, padding, max: true, out _).ToFloats(), 0, 0);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new MaxPooling2D();
        Assert.That((layer.PoolSize, layer.Strides, layer.Padding, layer.DataFormat), Is.EqualTo((new IntPair(2, 2), new IntPair(2, 2), "valid", "channels_last")));
        Assert.That(new MaxPooling2D(3).Strides, Is.EqualTo(new IntPair(3, 3)), "strides default to pool_size");
        Assert.That(layer.Name, Does.StartWith("max_pooling2d"));
    }

    [Test]
    public void Errors_AreKerasWorded()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new MaxPooling2D(0), Throws.ArgumentException.With.Message.Contains("The `pool_size` argument must be a tuple of 2 integers. Received pool_size=(0, 0)"));
            Assert.That(() => new MaxPooling2D(padding: "full"), Throws.ArgumentException.With.Message.Contains("{'valid', 'same'}. Received: full"));
            Assert.That(() => new MaxPooling2D(3, name: "mp").Apply(Tensor.Zeros(new Shape(1, 2, 5, 1))),
                Throws.ArgumentException.With.Message.Contains("Layer \"mp\" (MaxPooling2D)").And.Message.Contains("`pool_size=(3, 3)`"));
            Assert.That(() => new MaxPooling2D().Apply(Tensor.Zeros(new Shape(1, 4, 4))), Throws.ArgumentException.With.Message.Contains("expected ndim=4, found ndim=3"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var layer = new MaxPooling2D((3, 2), strides: (1, 2), padding: "same", name: "mp2");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (MaxPooling2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        Assert.That(json["config"]!["pool_size"]!.ToJsonString(), Is.EqualTo("[3,2]"));
    }
}
