using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class TopKCategoricalAccuracyTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new TopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new TopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new TopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new TopKCategoricalAccuracy(k: 1);
        once.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        var twice = new TopKCategoricalAccuracy(k: 1);
        twice.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        twice.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new TopKCategoricalAccuracy(k: 1);
        var copy = TopKCategoricalAccuracy.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.3).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 0, 1 }, { 0, 1, 0 } };
        Tensor yPred = new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } };
        Tensor weights = new float[] { 0.7f, 0.3f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new TopKCategoricalAccuracy(k: 1), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new TopKCategoricalAccuracy(k: 1), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_top_k_categorical_accuracy_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("top_k_categorical_accuracy");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(TopKCategoricalAccuracy), "top_k_categorical_accuracy")));
    }

    [Test]
    public void Get_TopKCategoricalAccuracy_ResolvesAliasNamedAsGiven()
    {
        var m = Metric.Get("TopKCategoricalAccuracy");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(TopKCategoricalAccuracy), "TopKCategoricalAccuracy")));
    }
}
