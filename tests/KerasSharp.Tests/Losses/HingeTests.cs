using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class HingeTests
{
    private static readonly Tensor P = Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });

    [Test]
    public void Call_BinaryLabels_AreConvertedToMinusOneAndOne()
    {
        // [[0, 1], [0, 0]] -> [[-1, 1], [-1, -1]]: rows (1.6 + 0.6) / 2 and (1.4 + 1.6) / 2
        var values = new Hinge().Call(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), P);
        TensorAssert.AllClose(values, [1.1f, 1.5f]);
    }

    [Test]
    public void Call_MinusOneOneLabels_AreUsedAsGiven()
    {
        var values = new Hinge().Call(Tensor.FromArray(new float[,] { { -1, 1 }, { -1, -1 } }), P);
        TensorAssert.AllClose(values, [1.1f, 1.5f]);
    }

    [Test]
    public void Call_MixedLabels_AreNotConverted()
    {
        // 0 and -1 in one batch: not all binary, so labels stay (0 gives a margin of 1)
        var values = new Hinge().Call(Tensor.FromArray(new float[,] { { 0, 1 }, { -1, 1 } }), P);
        TensorAssert.AllClose(values, [0.8f, 0.9f]);
    }

    [Test]
    public void Compute_Default_Is1_3()
    {
        var loss = new Hinge().Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), P);
        Assert.That(loss.Item(), Is.EqualTo(1.3).Within(1e-6));
    }
}
