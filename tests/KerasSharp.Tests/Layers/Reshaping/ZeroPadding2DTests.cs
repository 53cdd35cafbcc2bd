using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ZeroPadding2DTests
{
    [Test]
    public void Harness_Default_AddsOneOnEachSide() =>
        LayerTestHarness.Run(() => new ZeroPadding2D(), new Shape(2, 3, 4, 2), new Shape(2, 5, 6, 2), 0, 0, "padding", "data_format");

    [Test]
    public void Call_KerasDocExample_PaddingOne()
    {
        // keras.layers.ZeroPadding2D(padding=1) on np.arange(4).reshape((1, 1, 2, 2))
        var x = Tensor.FromArray([0f, 1f, 2f, 3f], 1, 1, 2, 2);
        var y = new ZeroPadding2D(1).Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(1, 3, 4, 2)));
        TensorAssert.AllClose(y, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0);
    }

    [Test]
    public void Call_ExplicitPads_PlaceTheImage()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2, 1);
        var y = new ZeroPadding2D(((0, 1), (2, 0))).Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(1, 3, 4, 1)));
        TensorAssert.AllClose(y, [0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0], 0, 0);
    }

    [Test]
    public void Constructor_Forms_AreKeras()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ZeroPadding2D().Padding, Is.EqualTo(((1, 1), (1, 1))));
            Assert.That(new ZeroPadding2D(2).Padding, Is.EqualTo(((2, 2), (2, 2))));
            Assert.That(new ZeroPadding2D((1, 3)).Padding, Is.EqualTo(((1, 1), (3, 3))));
            Assert.That(new ZeroPadding2D(((0, 1), (2, 3))).Padding, Is.EqualTo(((0, 1), (2, 3))));
            Assert.That(new ZeroPadding2D(0).ComputeOutputShape(new Shape(-1, 4, 4, 1)), Is.EqualTo(new Shape(-1, 4, 4, 1)));
            Assert.That(new ZeroPadding2D().ComputeOutputShape(new Shape(-1, -1, 4, 1)), Is.EqualTo(new Shape(-1, -1, 6, 1)));
            Assert.That(new ZeroPadding2D().Name, Does.StartWith("zero_padding2d"));
        });
    }

    [Test]
    public void Constructor_NegativePadding_ThrowsKerasMessage() =>
        Assert.That(() => new ZeroPadding2D(((1, -1), (0, 0))), Throws.ArgumentException.With.Message.Contains(
            "The `1st entry of padding` argument must be a tuple of 2 integers. Received 1st entry of padding=(1, -1), including values {-1} that do not satisfy `value >= 0`"));

    [Test]
    public void Gradient_MatchesCentralDifferences()
    {
        var layer = new ZeroPadding2D(((1, 0), (2, 1)));
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 3, 2, 2))]);
    }

    [Test]
    public void Config_RoundTripsAndReadsKerasForms()
    {
        var json = ObjectRegistry.SerializeLayer(new ZeroPadding2D(((0, 1), (2, 3)), name: "zp"));
        Assert.That(json["config"]!["padding"]!.ToJsonString(), Is.EqualTo("[[0,1],[2,3]]"));
        var copy = (ZeroPadding2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        Assert.That(ZeroPadding2D.FromConfig(JsonNode.Parse("""{"padding": 2}""")!.AsObject()).Padding, Is.EqualTo(((2, 2), (2, 2))));
        Assert.That(ZeroPadding2D.FromConfig(JsonNode.Parse("""{"padding": [1, 2]}""")!.AsObject()).Padding, Is.EqualTo(((1, 1), (2, 2))));
    }

    [Test]
    public void ComputeOutputShape_PaddedHeightBeyondInt_NamesTheLayer()
    {
        var layer = new ZeroPadding2D(((int.MaxValue, 1), (0, 0)), name: "pad_huge");
        var ex = Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape(new Shape(-1, 10, 10, 1)));
        Assert.That(ex!.Message, Does.StartWith("Layer \"pad_huge\" cannot handle an input of shape (None, 10, 10, 1): the padded height is 2147483658"));
    }
}
