using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class ReshapeTests
{
    private static Tensor Iota(params int[] shape)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, size).Select(i => (float)i).ToArray(), shape);
    }

    [Test]
    public void Harness_12To3x4_ReshapesEachSample() =>
        LayerTestHarness.Run(() => new Reshape(new Shape(3, 4)), new Shape(2, 12), new Shape(2, 3, 4), 0, 0, "target_shape");

    [Test]
    public void Harness_InferredDim_ReshapesEachSample() =>
        LayerTestHarness.Run(() => new Reshape(new Shape(-1, 2, 2)), new Shape(5, 12), new Shape(5, 3, 2, 2), 0, 0, "target_shape");

    // keras.layers.Reshape docstring: Input(shape=(12,)) → (None, 3, 4) and (None, 3, 2, 2).
    [Test]
    public void ComputeOutputShape_KerasDocstringExamples()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Reshape(new Shape(3, 4)).ComputeOutputShape(new Shape(-1, 12)), Is.EqualTo(new Shape(-1, 3, 4)));
            Assert.That(new Reshape(new Shape(-1, 2, 2)).ComputeOutputShape(new Shape(-1, 12)), Is.EqualTo(new Shape(-1, 3, 2, 2)));
        });
    }

    [Test]
    public void ComputeOutputShape_UnknownInputDim_LeavesInferredDimUnknown() =>
        Assert.That(new Reshape(new Shape(-1, 2)).ComputeOutputShape(new Shape(-1, -1, 4)), Is.EqualTo(new Shape(-1, -1, 2)));

    [Test]
    public void Call_KeepsRowMajorOrder()
    {
        var y = new Reshape(new Shape(3, 4)).Apply(Iota(2, 12));
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 4)));
        Assert.Multiple(() =>
        {
            for (int b = 0; b < 2; b++)
            {
                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        Assert.That(y[b, i, j], Is.EqualTo(b * 12 + i * 4 + j));
                    }
                }
            }
        });
    }

    [Test]
    public void Call_3x4To4x3_IsNotATranspose()
    {
        var y = new Reshape(new Shape(4, 3)).Apply(Iota(2, 3, 4));
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 4, 3)));
        // row-major reinterpretation: y[b, i, j] is the (i·3 + j)-th value of sample b
        Assert.Multiple(() =>
        {
            Assert.That(y[0, 1, 0], Is.EqualTo(3f));
            Assert.That(y[1, 3, 2], Is.EqualTo(23f));
            Assert.That(y[1, 0, 1], Is.EqualTo(13f));
        });
    }

    [Test]
    public void Call_BatchSizeOtherThanBuild_Works()
    {
        var layer = new Reshape(new Shape(-1, 3));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Apply(Tensor.Zeros(new Shape(2, 6))).Shape, Is.EqualTo(new Shape(2, 2, 3)));
            Assert.That(layer.Apply(Tensor.Zeros(new Shape(7, 6))).Shape, Is.EqualTo(new Shape(7, 2, 3)));
        });
    }

    [Test]
    public void Apply_SizeMismatch_ThrowsNamingLayerInputAndTarget()
    {
        var layer = new Reshape(new Shape(5, 3), name: "rs");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(2, 12))));
        Assert.That(ex!.Message, Does.Contain("\"rs\"")
            .And.Contain("The total size of the tensor must be unchanged")
            .And.Contain("input_shape=(12,), target_shape=(5, 3)"));
    }

    [Test]
    public void Apply_InferredDimNotDivisible_ThrowsNamingLayerInputAndTarget()
    {
        var layer = new Reshape(new Shape(-1, 5), name: "rs2");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(2, 3, 4))));
        Assert.That(ex!.Message, Does.Contain("\"rs2\"").And.Contain("input_shape=(3, 4), target_shape=(-1, 5)"));
    }

    [Test]
    public void Constructor_TwoUnknownDims_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Reshape(new Shape(-1, -1)));
        Assert.That(ex!.Message, Does.Contain("The `target_shape` argument must not contain more than one `-1` value. Received: target_shape=(-1, -1)"));
    }

    [Test]
    public void GetConfig_TargetShape_KeepsMinusOne()
    {
        var layer = new Reshape(new Shape(-1, 2, 2));
        Assert.Multiple(() =>
        {
            Assert.That(layer.GetConfig()["target_shape"]!.ToJsonString(), Is.EqualTo("[-1,2,2]"));
            Assert.That(layer.TargetShape, Is.EqualTo(new Shape(-1, 2, 2)));
        });
    }

    [Test]
    public void Name_Default_IsReshape()
    {
        Keras.ClearSession();
        var first = new Reshape(new Shape(4));
        var second = new Reshape(new Shape(4));
        Assert.Multiple(() =>
        {
            Assert.That(first.Name, Is.EqualTo("reshape"));
            Assert.That(second.Name, Is.EqualTo("reshape_1"));
        });
    }

    [Test]
    public void Gradient_MatchesFiniteDifferences()
    {
        var layer = new Reshape(new Shape(3, -1));
        var x = LayerTestHarness.RandomInput(new Shape(2, 6), seed: 4);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void ComputeOutputShape_InferredDimensionBeyondInt_NamesTheLayer()
    {
        var layer = new Reshape([-1], name: "reshape_huge");
        var ex = Assert.Throws<ArgumentException>(() => layer.ComputeOutputShape(new Shape(-1, 1 << 20, 1 << 20)));
        Assert.That(ex!.Message, Does.StartWith(
            "Layer \"reshape_huge\" cannot handle an input of shape (None, 1048576, 1048576): the inferred dimension 0 of target_shape=(-1,) is 1099511627776"));
    }

    [Test]
    public void ComputeOutputShape_LargeSymbolicShapesOfEqualSize_Reshape()
    {
        var layer = new Reshape([1 << 10, 1 << 30]);
        Assert.That(layer.ComputeOutputShape(new Shape(-1, 1 << 20, 1 << 20)), Is.EqualTo(new Shape(-1, 1 << 10, 1 << 30)));
    }
}
