using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class DiceTests
{
    // keras.losses.Dice docstring data, shape (2, 2, 2, 1)
    private static readonly Tensor Y = Tensor.FromArray(new float[] { 1, 1, 0, 0, 1, 1, 0, 0 }, 2, 2, 2, 1);
    private static readonly Tensor P = Tensor.FromArray(new float[] { 0, 1, 0, 1, 0.4f, 0, 0, 0.9f }, 2, 2, 2, 1);

    [Test]
    public void Compute_KerasDocstringPerImage_Matches()
    {
        var values = new Dice(reduction: "none", axis: [1, 2, 3]).Compute(Y, P);
        TensorAssert.AllClose(values, [0.5f, 0.75757575f]);
    }

    [Test]
    public void Compute_KerasDocstringWholeBatch_IsOneScalar()
    {
        var loss = new Dice();
        var values = loss.Call(Y, P);
        Assert.Multiple(() =>
        {
            Assert.That(values.Shape, Is.EqualTo(Shape.Scalar));
            Assert.That(loss.Compute(Y, P).Item(), Is.EqualTo(0.6164384).Within(1e-6));
            Assert.That(loss.Axis, Is.Null);
        });
    }

    [Test]
    public void Constructor_AxisArray_IsCopied()
    {
        int[] axis = [1, 2];
        var loss = new Dice(axis: axis);
        axis[0] = 3;
        Assert.That(loss.Axis, Is.EqualTo(new[] { 1, 2 }));
    }
}
