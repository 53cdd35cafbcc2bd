using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Utils;

public class UtilsArraysTests
{
    [Test]
    public void ToCategorical_IntArray_IsOneHotWithTheGivenClasses()
    {
        // keras.utils.to_categorical([0, 1, 2, 3], num_classes=4) is the 4×4 identity
        var y = Keras.Utils.ToCategorical([0, 2, 1], numClasses: 4);
        Assert.That(y.Shape.ToArray(), Is.EqualTo(new[] { 3, 4 }));
        Assert.That(y.ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0 }));
    }

    [Test]
    public void ToCategorical_WithoutNumClasses_InfersLargestPlusOne()
    {
        var y = Keras.Utils.ToCategorical(new float[] { 2, 0 });
        Assert.That(y.Shape.ToArray(), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(y.ToArray(), Is.EqualTo(new float[] { 0, 0, 1, 1, 0, 0 }));
    }

    [Test]
    public void ToCategorical_TrailingAxisOfOne_IsDroppedAsKeras()
    {
        var labels = Tensor.FromArray([1f, 0f, 1f], 3, 1);
        Assert.That(Keras.Utils.ToCategorical(labels, 2).Shape.ToArray(), Is.EqualTo(new[] { 3, 2 }));
    }

    [Test]
    public void ToCategorical_AnyShape_GetsATrailingClassAxis()
    {
        var labels = Tensor.FromArray([0f, 1f, 2f, 1f, 0f, 2f], 2, 3);
        var y = Keras.Utils.ToCategorical(labels, 3);
        Assert.That(y.Shape.ToArray(), Is.EqualTo(new[] { 2, 3, 3 }));
        Assert.That(y[1, 0, 1], Is.EqualTo(1f));
        Assert.That(y[1, 2, 2], Is.EqualTo(1f));
        Assert.That(y.ToArray().Sum(), Is.EqualTo(6f));
    }

    [Test]
    public void ToCategorical_LabelOutOfRange_ThrowsAsNumPyIndexing()
    {
        Assert.That(() => Keras.Utils.ToCategorical([0, 5], numClasses: 3),
            Throws.ArgumentException.With.Message.Contains("index 5 is out of bounds for axis 1 with size 3"));
        Assert.That(() => Keras.Utils.ToCategorical([-1], numClasses: 3), Throws.ArgumentException.With.Message.Contains("-1"));
        Assert.That(() => Keras.Utils.ToCategorical(new float[] { 0.5f }), Throws.ArgumentException.With.Message.Contains("0.5"));
    }

    [Test]
    public void Normalize_L2_MakesEachRowUnitLength_AndLeavesZeroRowsZero()
    {
        var x = Tensor.FromArray(new float[,] { { 3, 4, 0 }, { 0, 0, 0 } });
        TensorAssert.AllClose(Keras.Utils.Normalize(x), [0.6f, 0.8f, 0f, 0f, 0f, 0f]);
    }

    [Test]
    public void Normalize_L1AlongFirstAxis_DividesEachColumnBySumOfAbsoluteValues()
    {
        // columns [1, 3] and [-2, 0]: L1 norms 4 and 2
        var x = Tensor.FromArray(new float[,] { { 1, -2 }, { 3, 0 } });
        TensorAssert.AllClose(Keras.Utils.Normalize(x, axis: 0, order: 1), [0.25f, -1f, 0.75f, 0f]);
    }

    [Test]
    public void Normalize_InfinityOrder_DividesByLargestMagnitude()
    {
        var x = Tensor.FromArray([2f, -8f, 4f]);
        TensorAssert.AllClose(Keras.Utils.Normalize(x, order: double.PositiveInfinity), [0.25f, -1f, 0.5f]);
    }
}
