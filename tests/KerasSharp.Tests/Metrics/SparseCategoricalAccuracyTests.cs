using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class SparseCategoricalAccuracyTests
{
    // keras/src/metrics/accuracy_metrics.py SparseCategoricalAccuracy docstring.
    private static readonly float[,] DocTrue = { { 2 }, { 1 } };
    private static readonly float[,] DocPred = { { 0.1f, 0.6f, 0.3f }, { 0.05f, 0.95f, 0 } };

    [Test]
    public void Constructor_Default_NameMatchesKeras()
    {
        Assert.That(new SparseCategoricalAccuracy().Name, Is.EqualTo("sparse_categorical_accuracy"));
    }

    [Test]
    public void UpdateState_KerasDocExample_Is05()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_Is03()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 0.7f, 0.3f });
        Assert.That(m.Result(), Is.EqualTo(0.3).Within(1e-7));
    }

    [Test]
    public void UpdateState_RankOneLabels_SameAsColumnLabels()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(new float[] { 2, 1 }, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_IntLabels_Work()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(new[] { 1, 1, 0 }, new float[,] { { 0.2f, 0.8f }, { 0.9f, 0.1f }, { 0.7f, 0.3f } });
        Assert.That(m.Result(), Is.EqualTo(2.0 / 3.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_NonIntegerLabel_NeverMatches()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(new float[] { 1.5f }, new float[,] { { 0.2f, 0.8f } });
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_SeveralBatchesOfDifferentSizes_StreamsOverAllSamples()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred);                                                   // 1 of 2
        m.UpdateState(new float[] { 0, 0, 1 }, new float[,] { { 5, 1 }, { 2, 3 }, { 0, 4 } });  // 2 of 3
        m.UpdateState(new float[] { 1 }, new float[,] { { 0, 1 } });                         // 1 of 1
        Assert.That(m.Result(), Is.EqualTo(4.0 / 6.0).Within(1e-7));
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_WeightedBatches_DividesBySumOfWeights()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 0.7f, 0.3f });                          // hit weighs 0.3
        m.UpdateState(new float[] { 0, 0 }, new float[,] { { 5, 1 }, { 2, 3 } }, new float[] { 2, 4 });   // hit weighs 2
        Assert.That(m.Result(), Is.EqualTo((0.3 + 2.0) / (1.0 + 6.0)).Within(1e-6));
    }

    [Test]
    public void UpdateState_SequenceLabels_AveragesPositionsPerSample()
    {
        // labels (2, 2) against scores (2, 2, 3): sample 0 gets 2 of 2 right, sample 1 gets 0 of 2.
        var yPred = new float[,,] { { { 1, 0, 0 }, { 0, 0, 1 } }, { { 0, 1, 0 }, { 0, 1, 0 } } };
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(new float[,] { { 0, 2 }, { 2, 0 } }, yPred);
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_LabelCountDiffersFromBatch_ThrowsNamingBothShapes()
    {
        var m = new SparseCategoricalAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(Tensor.Zeros(new Shape(3)), Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("(3,)").And.Contain("(2, 3)"));
    }

    [Test]
    public void UpdateState_OneHotLabels_ThrowsSuggestingCategorical()
    {
        var m = new SparseCategoricalAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, DocPred));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("CategoricalAccuracy"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var copy = SparseCategoricalAccuracy.FromConfig(new SparseCategoricalAccuracy("acc").GetConfig());
        Assert.That(copy.Name, Is.EqualTo("acc"));
    }

    [Test]
    public void UpdateState_SecondCall_AllocatesNothing()
    {
        var yTrue = Tensor.FromArray(DocTrue);
        var yTrueFlat = Tensor.FromArray(new float[] { 2, 1 });
        var yPred = Tensor.FromArray(DocPred);
        var weights = Tensor.FromArray(new float[] { 0.7f, 0.3f });
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SparseCategoricalAccuracy(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new SparseCategoricalAccuracy(), yTrueFlat, yPred, weights), Is.Zero);
        });
    }
}
