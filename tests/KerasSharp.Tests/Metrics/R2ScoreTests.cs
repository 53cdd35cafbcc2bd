using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class R2ScoreTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new R2Score();
        m.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } });
        Assert.That(m.Result(), Is.EqualTo(0.57142854).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new R2Score();
        m.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(7.0 / 9.0).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new R2Score();
        m.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } });
        m.ResetState();
        m.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(7.0 / 9.0).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new R2Score();
        once.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        var twice = new R2Score();
        twice.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        twice.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new R2Score();
        var copy = R2Score.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, new float[] { 1, 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(7.0 / 9.0).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 1 }, { 4 }, { 3 } };
        Tensor yPred = new float[,] { { 2 }, { 4 }, { 4 } };
        Tensor weights = new float[] { 1, 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new R2Score(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new R2Score(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_r2_score_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("r2_score");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(R2Score), "r2_score")));
    }

    [Test]
    public void Get_R2Score_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("R2Score");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(R2Score), "R2Score")));
    }
}
