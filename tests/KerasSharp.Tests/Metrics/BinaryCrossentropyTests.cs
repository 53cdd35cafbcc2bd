using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class BinaryCrossentropyTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new BinaryCrossentropy();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
        Assert.That(m.Result(), Is.EqualTo(0.81492424).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new BinaryCrossentropy();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.9162905).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new BinaryCrossentropy();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.9162905).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new BinaryCrossentropy();
        once.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        var twice = new BinaryCrossentropy();
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        twice.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new BinaryCrossentropy();
        var copy = BinaryCrossentropy.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.9162905).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1 }, { 0, 0 } };
        Tensor yPred = new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } };
        Tensor weights = new float[] { 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryCrossentropy(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryCrossentropy(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_binary_crossentropy_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("binary_crossentropy");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(BinaryCrossentropy), "binary_crossentropy")));
    }

    [Test]
    public void Get_bce_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("bce");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(BinaryCrossentropy), "bce")));
    }
}
