using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class FlattenTests
{
    private static Tensor Iota(params int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, size).Select(i => (float)i).ToArray(), shape);
    }

    [Test]
    public void Harness_Rank3_FlattensToRank2() =>
        LayerTestHarness.Run(() => new Flatten(), new Shape(2, 3, 4), new Shape(2, 12), 0, 0, "data_format");

    [Test]
    public void Call_Rank3_KeepsRowMajorOrderPerSample()
    {
        var y = new Flatten().Apply(Iota(2, 3, 4));
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 12)));
        Assert.Multiple(() =>
        {
            for (int b = 0; b < 2; b++)
            {
                for (int i = 0; i < 12; i++)
                {
                    // x[b, i / 4, i % 4] = b·12 + i
                    Assert.That(y[b, i], Is.EqualTo(b * 12 + i));
                }
            }
        });
    }

    [Test]
    public void Call_Rank4_ChannelsLastOrder()
    {
        var x = Iota(2, 2, 2, 3);
        var y = new Flatten().Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 12)));
        Assert.Multiple(() =>
        {
            for (int h = 0; h < 2; h++)
            {
                for (int w = 0; w < 2; w++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        Assert.That(y[1, (h * 2 + w) * 3 + c], Is.EqualTo(x[1, h, w, c]));
                    }
                }
            }
        });
    }

    [Test]
    public void Call_Rank1_AddsFeatureAxis()
    {
        var y = new Flatten().Apply(Tensor.FromArray([1f, 2f, 3f]));
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 1)));
        TensorAssert.AllClose(y, [1f, 2f, 3f], 0, 0);
    }

    [Test]
    public void Call_Rank2_IsUnchanged()
    {
        var x = Iota(2, 5);
        TensorAssert.AllClose(new Flatten().Apply(x), x, 0, 0);
    }

    [Test]
    public void Apply_Scalar_ThrowsMinNDimMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Flatten(name: "flat").Apply(Tensor.Scalar(1f)));
        Assert.That(ex!.Message, Does.Contain("Input 0 of layer \"flat\" is incompatible with the layer: expected min_ndim=1, found ndim=0"));
    }

    [Test]
    public void ComputeOutputShape_KnownAndUnknownDims()
    {
        var layer = new Flatten();
        Assert.Multiple(() =>
        {
            Assert.That(layer.ComputeOutputShape(new Shape(-1, 10, 64)), Is.EqualTo(new Shape(-1, 640)));
            Assert.That(layer.ComputeOutputShape(new Shape(-1, -1, 4)), Is.EqualTo(new Shape(-1, -1)));
            Assert.That(layer.ComputeOutputShape(new Shape(8, 3, -1)), Is.EqualTo(new Shape(8, -1)));
            Assert.That(layer.ComputeOutputShape(new Shape(-1)), Is.EqualTo(new Shape(-1, 1)));
        });
    }

    [Test]
    public void InputShape_GivesOutputShapeOnceBuilt()
    {
        var layer = new Flatten(inputShape: new Shape(28, 28));
        Assert.That(layer.BatchInputShape, Is.EqualTo(new Shape(-1, 28, 28)));
        layer.EnsureBuilt(layer.BatchInputShape!.Value);
        Assert.That(layer.OutputShape, Is.EqualTo(new Shape(-1, 784)));
    }

    [Test]
    public void GetConfig_DataFormat_IsChannelsLast()
    {
        var layer = new Flatten();
        Assert.Multiple(() =>
        {
            Assert.That((string?)layer.GetConfig()["data_format"], Is.EqualTo("channels_last"));
            Assert.That(layer.DataFormat, Is.EqualTo("channels_last"));
        });
    }

    [Test]
    public void Name_Default_IsFlatten()
    {
        Keras.ClearSession();
        var first = new Flatten();
        var second = new Flatten();
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("flatten"));
            Assert.That(second.Name, Is.EqualTo("flatten_1"));
        });
    }

    [Test]
    public void Gradient_MatchesFiniteDifferences()
    {
        var layer = new Flatten();
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, 2), seed: 8);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void ComputeOutputShape_SampleBeyondADimension_NamesLayerShapeAndCount()
    {
        var layer = new Flatten(name: "flatten_huge");
        var ex = Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape(new Shape(-1, 1 << 20, 1 << 20)));
        Assert.That(ex!.Message, Is.EqualTo(
            "Layer \"flatten_huge\" cannot handle an input of shape (None, 1048576, 1048576): the flattened size of a sample is 1099511627776, more than the largest dimension a tensor can have (2147483647)."));
    }

    [Test]
    public void Sequential_InputTooLargeToFlatten_FailsWhenTheLayerIsAdded()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new KerasSharp.Models.Sequential([new Input(shape: [1 << 20, 1 << 20]), new Flatten(name: "flatten_in_model"), new Dense(1)]));
        Assert.That(ex!.Message, Does.StartWith("Layer \"flatten_in_model\" cannot handle an input of shape (None, 1048576, 1048576)"));
    }
}
