using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class KLDivergenceTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new KLDivergence();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
        Assert.That(m.Result(), Is.EqualTo(0.45814306).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new KLDivergence();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.9162892).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new KLDivergence();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.9162892).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new KLDivergence();
        once.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        var twice = new KLDivergence();
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new KLDivergence();
        var copy = KLDivergence.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.9162892).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1 }, { 0, 0 } };
        Tensor yPred = new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } };
        Tensor weights = new float[] { 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new KLDivergence(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new KLDivergence(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_kld_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("kld");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(KLDivergence), "kld")));
    }

    [Test]
    public void Get_KLD_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("KLD");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(KLDivergence), "KLD")));
    }

    [Test]
    public void Get_kl_divergence_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("kl_divergence");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(KLDivergence), "kl_divergence")));
    }
}
