using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class MeanIoUTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new MeanIoU(numClasses: 2);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.33333334).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new MeanIoU(numClasses: 2);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.23809525).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new MeanIoU(numClasses: 2);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
        m.ResetState();
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.23809525).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new MeanIoU(numClasses: 2);
        once.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        var twice = new MeanIoU(numClasses: 2);
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        twice.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new MeanIoU(numClasses: 2);
        var copy = MeanIoU.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, new float[] { 0.3f, 0.3f, 0.3f, 0.1f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.23809525).Within(1e-6));
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
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanIoU(numClasses: 2), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanIoU(numClasses: 2), yTrue, yPred, weights), Is.Zero);
        });
    }
}
