using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class LogCoshErrorTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new LogCoshError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
        Assert.That(m.Result(), Is.EqualTo(0.10844523).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new LogCoshError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.21689045).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new LogCoshError();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.21689045).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new LogCoshError();
        once.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        var twice = new LogCoshError();
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new LogCoshError();
        var copy = LogCoshError.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.21689045).Within(1e-6));
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
            Assert.That(AllocationProbe.BytesForSecondUpdate(new LogCoshError(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new LogCoshError(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_logcosh_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("logcosh");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(LogCoshError), "logcosh")));
    }

    [Test]
    public void Get_log_cosh_error_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("log_cosh_error");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(LogCoshError), "log_cosh_error")));
    }
}
