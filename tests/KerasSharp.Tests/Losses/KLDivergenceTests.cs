using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class KLDivergenceTests
{
    [Test]
    public void Call_ClipsBothToEpsilonOne_AsKeras()
    {
        var values = new KLDivergence().Call(
            Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 }, { 0.3f, 0.7f } }), Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f }, { 0.5f, 1.5f } }));
        const double e = 1e-7;
        TensorAssert.AllClose(values,
        [
            (float)(e * Math.Log(e / 0.6) + Math.Log(1 / 0.4)),
            (float)(e * Math.Log(e / 0.4) + e * Math.Log(e / 0.6)),
            (float)(0.3 * Math.Log(0.3 / 0.5) + 0.7 * Math.Log(0.7 / 1.0)),
        ], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Compute_SameDistribution_IsZero()
    {
        var p = Tensor.FromArray(new float[,] { { 0.2f, 0.8f } });
        Assert.That(new KLDivergence().Compute(p, p).Item(), Is.EqualTo(0).Within(1e-7));
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new KLDivergence();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("kl_divergence", "sum_over_batch_size")));
    }
}
