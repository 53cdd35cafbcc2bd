using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class OneHotMeanIoUTests
{
    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new OneHotMeanIoU(numClasses: 3);
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        Assert.That(m.Result(), Is.EqualTo(0.1 / 0.7 / 3).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new OneHotMeanIoU(numClasses: 3);
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        Assert.That(m.Result(), Is.EqualTo(0.1 / 0.7 / 3).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new OneHotMeanIoU(numClasses: 3);
        once.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        var twice = new OneHotMeanIoU(numClasses: 3);
        twice.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        twice.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new OneHotMeanIoU(numClasses: 3);
        var copy = OneHotMeanIoU.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.1 / 0.7 / 3).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } };
        Tensor yPred = new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } };
        Tensor weights = new float[] { 0.1f, 0.2f, 0.3f, 0.4f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new OneHotMeanIoU(numClasses: 3), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new OneHotMeanIoU(numClasses: 3), yTrue, yPred, weights), Is.Zero);
        });
    }
}
