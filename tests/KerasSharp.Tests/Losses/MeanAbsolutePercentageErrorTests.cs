using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class MeanAbsolutePercentageErrorTests
{
    [Test]
    public void Compute_KerasDocstring_Is6_111111()
    {
        var loss = new MeanAbsolutePercentageError().Compute(Tensor.FromArray(new float[] { 100, 200, 300 }), Tensor.FromArray(new float[] { 90, 210, 310 }));
        Assert.That(loss.Item(), Is.EqualTo(6.111111).Within(1e-5));
    }

    [Test]
    public void Call_ZeroTarget_DividesByEpsilon()
    {
        // 100 * mean(|0 - 1| / 1e-7, |2 - 1| / 2)
        var values = new MeanAbsolutePercentageError().Call(Tensor.FromArray(new float[,] { { 0, 2 } }), Tensor.FromArray(new float[,] { { 1, 1 } }));
        Assert.That(values.Item(), Is.EqualTo(100 * (1 / 1e-7 + 0.5) / 2).Within(1e-5).Percent);
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new MeanAbsolutePercentageError();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("mean_absolute_percentage_error", "sum_over_batch_size")));
    }
}
