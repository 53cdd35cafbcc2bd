using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class IoUTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new IoU(numClasses: 2, targetClassIds: [0]);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.33333334).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new IoU(numClasses: 2, targetClassIds: [0]);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.33333334).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new IoU(numClasses: 2, targetClassIds: [0]);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
        m.ResetState();
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.33333334).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new IoU(numClasses: 2, targetClassIds: [0]);
        once.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        var twice = new IoU(numClasses: 2, targetClassIds: [0]);
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new IoU(numClasses: 2, targetClassIds: [0]);
        var copy = IoU.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.33333334).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 0, 1, 1 };
        Tensor yPred = new float[] { 0, 1, 0, 1 };
        Tensor weights = new float[] { 0.3f, 0.3f, 0.3f, 0.1f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new IoU(numClasses: 2, targetClassIds: [0]), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new IoU(numClasses: 2, targetClassIds: [0]), yTrue, yPred, weights), Is.Zero);
        });
    }
}
