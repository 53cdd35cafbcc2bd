using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class CategoricalAccuracyTests
{
    // keras/src/metrics/accuracy_metrics.py CategoricalAccuracy docstring.
    private static readonly float[,] DocTrue = { { 0, 0, 1 }, { 0, 1, 0 } };
    private static readonly float[,] DocPred = { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } };

    [Test]
    public void Constructor_Default_NameMatchesKeras()
    {
        Assert.That(new CategoricalAccuracy().Name, Is.EqualTo("categorical_accuracy"));
    }

    [Test]
    public void UpdateState_KerasDocExample_Is05()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_Is03()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-7));
    }

    [Test]
    public void UpdateState_TiedScores_PicksFirstIndexLikeArgmax()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } }, new float[,] { { 0.4f, 0.4f, 0.2f }, { 0.4f, 0.4f, 0.2f } });
        // argmax of both rows is 0: the first sample is right, the second wrong.
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_Logits_SameAsProbabilities()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 0 }, { 0, 1 } }, new float[,] { { -3, 2 }, { 5, -1 }, { 0.5f, -7 } });
        Assert.That(m.Result(), Is.EqualTo(2.0 / 3.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_SeveralBatchesOfDifferentSizes_StreamsOverAllSamples()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred);   // 1 of 2
        m.UpdateState(
            new float[,] { { 1, 0, 0 }, { 0, 0, 1 }, { 0, 1, 0 } },
            new float[,] { { 0.8f, 0.1f, 0.1f }, { 0.2f, 0.3f, 0.5f }, { 0.6f, 0.3f, 0.1f } });   // 2 of 3
        Assert.That(m.Result(), Is.EqualTo(3.0 / 5.0).Within(1e-7));
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_Rank3_AveragesPositionsPerSample()
    {
        // 2 samples x 2 timesteps x 2 classes; sample 0 has 1 of 2 positions right, sample 1 has 2 of 2.
        var yTrue = new float[,,] { { { 1, 0 }, { 0, 1 } }, { { 0, 1 }, { 1, 0 } } };
        var yPred = new float[,,] { { { 0.9f, 0.1f }, { 0.8f, 0.2f } }, { { 0.3f, 0.7f }, { 0.6f, 0.4f } } };
        var m = new CategoricalAccuracy();
        m.UpdateState(yTrue, yPred, new float[] { 1, 3 });
        Assert.That(m.Result(), Is.EqualTo((1 * 0.5 + 3 * 1.0) / 4).Within(1e-7));
    }

    [Test]
    public void UpdateState_DifferentClassCounts_ThrowsNamingBothShapes()
    {
        var m = new CategoricalAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2, 4))));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("(2, 4)"));
    }

    [Test]
    public void UpdateState_IntegerLabels_ThrowsSuggestingSparse()
    {
        var m = new CategoricalAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(new float[,] { { 2 }, { 1 } }, DocPred));
        Assert.That(ex!.Message, Does.Contain("(2, 1)").And.Contain("(2, 3)").And.Contain("SparseCategoricalAccuracy"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var copy = CategoricalAccuracy.FromConfig(new CategoricalAccuracy("acc").GetConfig());
        Assert.That(copy.Name, Is.EqualTo("acc"));
    }

    [Test]
    public void UpdateState_SecondCall_AllocatesNothing()
    {
        var yTrue = Tensor.FromArray(DocTrue);
        var yPred = Tensor.FromArray(DocPred);
        var weights = Tensor.FromArray(new float[] { 0.7f, 0.3f });
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CategoricalAccuracy(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new CategoricalAccuracy(), yTrue, yPred, weights), Is.Zero);
        });
    }
}
