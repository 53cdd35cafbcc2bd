using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class TverskyTests
{
    [Test]
    public void Compute_HandComputed_WeighsFalsePositivesAndNegatives()
    {
        // tp = 1, fp = 1, fn = 1 -> 1 − 1 / (1 + 0.3 + 0.7) in row 0; row 1: tp = 0.5, fp = 0, fn = 1.5 -> 1 − 0.5 / (0.5 + 1.05)
        var loss = new Tversky(alpha: 0.3, beta: 0.7, reduction: "none", axis: [1]);
        var values = loss.Compute(Tensor.FromArray(new float[,] { { 1, 1, 0, 0 }, { 1, 1, 0, 0 } }),
                                  Tensor.FromArray(new float[,] { { 1, 0, 1, 0 }, { 0.5f, 0, 0, 0 } }));
        TensorAssert.AllClose(values, [0.5f, (float)(1 - 0.5 / 1.55)]);
    }

    [Test]
    public void Compute_HalfHalf_IsTheDiceLoss()
    {
        var y = Tensor.FromArray(new float[] { 1, 1, 0, 0, 1, 1, 0, 0 }, 2, 2, 2, 1);
        var p = Tensor.FromArray(new float[] { 0, 1, 0, 1, 0.4f, 0, 0, 0.9f }, 2, 2, 2, 1);
        Assert.That(new Tversky().Compute(y, p).Item(), Is.EqualTo(0.6164384).Within(1e-6));
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new Tversky();
        Assert.That((loss.Alpha, loss.Beta, loss.Axis, loss.Name, loss.Reduction), Is.EqualTo((0.5, 0.5, (IReadOnlyList<int>?)null, "tversky", "sum_over_batch_size")));
    }
}
