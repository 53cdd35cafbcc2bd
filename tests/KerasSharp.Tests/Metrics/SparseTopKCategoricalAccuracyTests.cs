using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class SparseTopKCategoricalAccuracyTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new SparseTopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new SparseTopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new SparseTopKCategoricalAccuracy(k: 1);
        m.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } });
        m.ResetState();
        m.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new SparseTopKCategoricalAccuracy(k: 1);
        once.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        var twice = new SparseTopKCategoricalAccuracy(k: 1);
        twice.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        twice.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new SparseTopKCategoricalAccuracy(k: 1);
        var copy = SparseTopKCategoricalAccuracy.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, new float[] { 0.7f, 0.3f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.3).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 2, 1 };
        Tensor yPred = new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } };
        Tensor weights = new float[] { 0.7f, 0.3f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SparseTopKCategoricalAccuracy(k: 1), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SparseTopKCategoricalAccuracy(k: 1), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_sparse_top_k_categorical_accuracy_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("sparse_top_k_categorical_accuracy");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(SparseTopKCategoricalAccuracy), "sparse_top_k_categorical_accuracy")));
    }
}
