using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class MeanAbsolutePercentageErrorTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new MeanAbsolutePercentageError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
        Assert.That(m.Result(), Is.EqualTo(250000000.0).Within(20));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new MeanAbsolutePercentageError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(500000000.0).Within(20));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new MeanAbsolutePercentageError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(500000000.0).Within(20));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new MeanAbsolutePercentageError();
        once.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        var twice = new MeanAbsolutePercentageError();
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new MeanAbsolutePercentageError();
        var copy = MeanAbsolutePercentageError.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(500000000.0).Within(20));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1 }, { 0, 0 } };
        Tensor yPred = new float[,] { { 1, 1 }, { 0, 0 } };
        Tensor weights = new float[] { 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanAbsolutePercentageError(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanAbsolutePercentageError(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_mape_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("mape");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(MeanAbsolutePercentageError), "mape")));
    }

    [Test]
    public void Get_MAPE_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("MAPE");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(MeanAbsolutePercentageError), "MAPE")));
    }

    [Test]
    public void Get_mean_absolute_percentage_error_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("mean_absolute_percentage_error");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(MeanAbsolutePercentageError), "mean_absolute_percentage_error")));
    }
}
