using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class SensitivityAtSpecificityTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new SensitivityAtSpecificity(0.5);
        m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-9));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new SensitivityAtSpecificity(0.5);
        m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        Assert.That(m.Result(), Is.EqualTo(1.0 / 3.0).Within(1e-9));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new SensitivityAtSpecificity(0.5);
        m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f });
        m.ResetState();
        m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        Assert.That(m.Result(), Is.EqualTo(1.0 / 3.0).Within(1e-9));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new SensitivityAtSpecificity(0.5);
        once.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        var twice = new SensitivityAtSpecificity(0.5);
        twice.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        twice.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new SensitivityAtSpecificity(0.5);
        var copy = SensitivityAtSpecificity.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, new float[] { 1, 1, 2, 2, 1 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.0 / 3.0).Within(1e-9));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 0, 0, 1, 1 };
        Tensor yPred = new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f };
        Tensor weights = new float[] { 1, 1, 2, 2, 1 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SensitivityAtSpecificity(0.5), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SensitivityAtSpecificity(0.5), yTrue, yPred, weights), Is.Zero);
        });
    }
}
