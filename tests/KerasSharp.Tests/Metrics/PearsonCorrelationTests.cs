using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class PearsonCorrelationTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new PearsonCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } });
        Assert.That(m.Result(), Is.EqualTo(0.9966996338993913).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new PearsonCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new PearsonCorrelation();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new PearsonCorrelation();
        once.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        var twice = new PearsonCorrelation();
        twice.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        twice.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new PearsonCorrelation();
        var copy = PearsonCorrelation.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.0).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } };
        Tensor yPred = new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } };
        Tensor weights = new float[] { 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new PearsonCorrelation(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new PearsonCorrelation(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_pearson_correlation_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("pearson_correlation");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(PearsonCorrelation), "pearson_correlation")));
    }
}
