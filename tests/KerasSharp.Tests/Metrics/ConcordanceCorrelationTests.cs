using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class ConcordanceCorrelationTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new ConcordanceCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } });
        Assert.That(m.Result(), Is.EqualTo(0.9816320385426076).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new ConcordanceCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.98765432).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new ConcordanceCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.98765432).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new ConcordanceCorrelation();
        once.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        var twice = new ConcordanceCorrelation();
        twice.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        twice.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new ConcordanceCorrelation();
        var copy = ConcordanceCorrelation.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 0, 1 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.98765432).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } };
        Tensor yPred = new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } };
        Tensor weights = new float[] { 0, 1 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new ConcordanceCorrelation(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new ConcordanceCorrelation(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_concordance_correlation_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("concordance_correlation");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(ConcordanceCorrelation), "concordance_correlation")));
    }
}
