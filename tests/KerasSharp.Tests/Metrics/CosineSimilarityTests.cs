using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class CosineSimilarityTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new CosineSimilarity();
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } });
        Assert.That(m.Result(), Is.EqualTo(0.49999997).Within(1e-6));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new CosineSimilarity();
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        Assert.That(m.Result(), Is.EqualTo(0.6999999).Within(1e-6));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new CosineSimilarity();
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } });
        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        Assert.That(m.Result(), Is.EqualTo(0.6999999).Within(1e-6));
    }

    [Test]
    public void UpdateState_TwoBatches_AccumulateLikeOne()
    {
        var once = new CosineSimilarity();
        once.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        var twice = new CosineSimilarity();
        twice.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        twice.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        Assert.That(twice.Result(), Is.EqualTo(once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new CosineSimilarity();
        var copy = CosineSimilarity.FromConfig(original.GetConfig());
        copy.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, new float[] { 0.3f, 0.7f });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(0.6999999).Within(1e-6));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1 }, { 1, 1 } };
        Tensor yPred = new float[,] { { 1, 0 }, { 1, 1 } };
        Tensor weights = new float[] { 0.3f, 0.7f };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CosineSimilarity(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CosineSimilarity(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_cosine_similarity_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("cosine_similarity");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(CosineSimilarity), "cosine_similarity")));
    }
}
