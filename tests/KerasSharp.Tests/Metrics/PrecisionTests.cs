using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class PrecisionTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new Precision();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 });
        Assert.That(m.Result(), Is.EqualTo(2.0 / 3.0).Within(1e-12));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new Precision();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new Precision();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 });
        m.ResetState();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new Precision();
        once.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        var twice = new Precision();
        twice.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        twice.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new Precision();
        var copy = Precision.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, new float[] { 0, 0, 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.0).Within(1e-12));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 1, 1, 1 };
        Tensor yPred = new float[] { 1, 0, 1, 1 };
        Tensor weights = new float[] { 0, 0, 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new Precision(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new Precision(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_precision_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("precision");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(Precision), "precision")));
    }

    [Test]
    public void Get_Precision_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("Precision");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(Precision), "Precision")));
    }
}
