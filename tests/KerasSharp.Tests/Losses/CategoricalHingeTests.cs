using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class CategoricalHingeTests
{
    [Test]
    public void Call_OneHot_IsMaxOfNegMinusPosPlusOne()
    {
        // row 0: pos 0.4, neg 0.6 -> 1.2; row 1: pos 0, neg 0.6 -> 1.6; row 2: pos 3, neg 0.2 -> max(-1.8, 0) = 0
        var values = new CategoricalHinge().Call(
            Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 }, { 1, 0 } }), Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f }, { 3, 0.2f } }));
        TensorAssert.AllClose(values, [1.2f, 1.6f, 0f]);
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new CategoricalHinge();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("categorical_hinge", "sum_over_batch_size")));
    }
}
