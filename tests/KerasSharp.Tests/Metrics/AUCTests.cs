using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class AUCTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new AUC(numThresholds: 3);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f });
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new AUC(numThresholds: 3);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new AUC(numThresholds: 3);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f });
        m.ResetState();
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new AUC(numThresholds: 3);
        once.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        var twice = new AUC(numThresholds: 3);
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new AUC(numThresholds: 3);
        var copy = AUC.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, new float[] { 1, 0, 0, 1 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.0).Within(1e-12));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 0, 1, 1 };
        Tensor yPred = new float[] { 0, 0.5f, 0.3f, 0.9f };
        Tensor weights = new float[] { 1, 0, 0, 1 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new AUC(numThresholds: 3), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new AUC(numThresholds: 3), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_auc_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("auc");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(AUC), "auc")));
    }

    [Test]
    public void Get_AUC_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("AUC");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(AUC), "AUC")));
    }
}
