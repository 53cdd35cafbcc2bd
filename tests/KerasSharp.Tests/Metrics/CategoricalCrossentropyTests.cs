using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class CategoricalCrossentropyTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new CategoricalCrossentropy();
        m.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
        Assert.That(m.Result(), Is.EqualTo(1.1769392).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new CategoricalCrossentropy();
        m.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        Assert.That(m.Result(), Is.EqualTo(1.6271976).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new CategoricalCrossentropy();
        m.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        Assert.That(m.Result(), Is.EqualTo(1.6271976).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new CategoricalCrossentropy();
        once.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        var twice = new CategoricalCrossentropy();
        twice.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        twice.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new CategoricalCrossentropy();
        var copy = CategoricalCrossentropy.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, new float[] { 0.3f, 0.7f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.6271976).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1, 0 }, { 0, 0, 1 } };
        Tensor yPred = new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } };
        Tensor weights = new float[] { 0.3f, 0.7f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CategoricalCrossentropy(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CategoricalCrossentropy(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_categorical_crossentropy_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("categorical_crossentropy");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(CategoricalCrossentropy), "categorical_crossentropy")));
    }
}
