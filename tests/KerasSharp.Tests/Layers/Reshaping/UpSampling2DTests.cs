using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class UpSampling2DTests
{
    [Test]
    public void Harness_Default_DoublesRowsAndCols() =>
        LayerTestHarness.Run(() => new UpSampling2D(), new Shape(2, 3, 4, 2), new Shape(2, 6, 8, 2), 0, 0, "size", "data_format", "interpolation");

    [Test]
    public void Call_KerasDocExample_Size1x2()
    {
        // keras.layers.UpSampling2D(size=(1, 2)) on np.arange(12).reshape((2, 2, 1, 3))
        var x = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 2, 2, 1, 3);
        var y = new UpSampling2D((1, 2)).Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2, 2, 3)));
        TensorAssert.AllClose(y, [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 6, 7, 8, 9, 10, 11, 9, 10, 11], 0, 0);
    }

    [Test]
    public void Call_Size2x3_RepeatsRowsAndColumns()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 2, 2, 1);
        var y = new UpSampling2D((2, 3)).Apply(x);
        var expected = new float[4 * 6];
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 6; c++)
            {
                expected[r * 6 + c] = x[0, r / 2, c / 3, 0];
            }
        }
        TensorAssert.AllClose(y, expected, 0, 0);
    }

    [Test]
    public void Gradient_IsTheSumOverCopies()
    {
        var layer = new UpSampling2D((2, 3));
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 2, 3, 2))]);
    }

    [Test]
    public void Constructor_Defaults_AndErrors_AreKeras()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new UpSampling2D().Size, Is.EqualTo(new IntPair(2, 2)));
            Assert.That(new UpSampling2D().Interpolation, Is.EqualTo("nearest"));
            Assert.That(new UpSampling2D(interpolation: "NEAREST").Interpolation, Is.EqualTo("nearest"));
            Assert.That(new UpSampling2D().Name, Does.StartWith("up_sampling2d"));
            Assert.That(new UpSampling2D(3).ComputeOutputShape(new Shape(-1, -1, 4, 2)), Is.EqualTo(new Shape(-1, -1, 12, 2)));
            Assert.That(() => new UpSampling2D(interpolation: "bilinear"), Throws.ArgumentException.With.Message.Contains("implements interpolation=\"nearest\" only. Received: interpolation=bilinear"));
            Assert.That(() => new UpSampling2D(interpolation: "cubic"), Throws.ArgumentException.With.Message.Contains("Expected one of {bicubic, bilinear, lanczos3, lanczos5, nearest}"));
            Assert.That(() => new UpSampling2D((0, 2)), Throws.ArgumentException.With.Message.Contains("The `size` argument must be a tuple of 2 integers. Received size=(0, 2)"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughTheRegistry()
    {
        var json = ObjectRegistry.SerializeLayer(new UpSampling2D((3, 2), name: "up"));
        var copy = (UpSampling2D)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.That(copy.Size, Is.EqualTo(new IntPair(3, 2)));
        Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
    }

    [Test]
    public void ComputeOutputShape_HeightBeyondInt_NamesTheLayer()
    {
        var layer = new UpSampling2D(size: (1 << 16, 1), name: "up_huge");
        var ex = Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape(new Shape(-1, 1 << 16, 4, 1)));
        Assert.That(ex!.Message, Is.EqualTo(
            "Layer \"up_huge\" cannot handle an input of shape (None, 65536, 4, 1): the upsampled height is 4294967296, more than the largest dimension a tensor can have (2147483647)."));
    }
}
