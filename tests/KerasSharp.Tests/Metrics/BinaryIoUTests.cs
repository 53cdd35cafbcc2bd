using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class BinaryIoUTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        m.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f });
        Assert.That(m.Result(), Is.EqualTo(0.33333334).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        m.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.17361112).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        m.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f });
        m.ResetState();
        m.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        Assert.That(m.Result(), Is.EqualTo(0.17361112).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        once.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        var twice = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        twice.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        twice.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
        var copy = BinaryIoU.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, new float[] { 0.2f, 0.3f, 0.4f, 0.1f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.17361112).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 1, 0, 1 };
        Tensor yPred = new float[] { 0.1f, 0.2f, 0.4f, 0.7f };
        Tensor weights = new float[] { 0.2f, 0.3f, 0.4f, 0.1f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3), yTrue, yPred, weights), Is.Zero);
        });
    }
}
