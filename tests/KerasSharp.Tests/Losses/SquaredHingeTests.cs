using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class SquaredHingeTests
{
    [Test]
    public void Call_BinaryLabels_SquaresTheConvertedMargins()
    {
        // margins [[1.6, 0.6], [1.4, 1.6]]; a margin below 0 is 0 (label 1, prediction 2)
        var values = new SquaredHinge().Call(
            Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 }, { 1, 1 } }), Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f }, { 2, 0.5f } }));
        TensorAssert.AllClose(values, [(1.6f * 1.6f + 0.36f) / 2, (1.96f + 1.6f * 1.6f) / 2, 0.125f]);
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new SquaredHinge();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("squared_hinge", "sum_over_batch_size")));
    }
}
