using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class BinaryAccuracyTests
{
    // keras/src/metrics/accuracy_metrics.py BinaryAccuracy docstring.
    private static readonly float[,] DocTrue = { { 1 }, { 1 }, { 0 }, { 0 } };
    private static readonly float[,] DocPred = { { 0.98f }, { 1 }, { 0 }, { 0.6f } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var m = new BinaryAccuracy();
        Assert.Multiple(() =>
        {
            Assert.That(m.Name, Is.EqualTo("binary_accuracy"));
            Assert.That(m.Threshold, Is.EqualTo(0.5));
            Assert.That(m.Result(), Is.Zero);
        });
    }

    [Test]
    public void UpdateState_KerasDocExample_Is075()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-7));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_Is05()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 0, 0, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_PredictionEqualToThreshold_CountsAsZero()
    {
        // Keras uses y_pred > threshold: 0.5 becomes 0, so it matches label 0 and misses label 1.
        var m = new BinaryAccuracy();
        m.UpdateState(new float[,] { { 1 }, { 0 } }, new float[,] { { 0.5f }, { 0.5f } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_CustomThreshold_UsesIt()
    {
        var m = new BinaryAccuracy(threshold: 0.7);
        m.UpdateState(new float[,] { { 1 }, { 1 }, { 0 } }, new float[,] { { 0.6f }, { 0.8f }, { 0.65f } });
        // 0.6 -> 0 (miss), 0.8 -> 1 (hit), 0.65 -> 0 (hit)
        Assert.That(m.Result(), Is.EqualTo(2.0 / 3.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_RankOneLabelsWithColumnPredictions_Align()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(new float[] { 1, 0, 1 }, new float[,] { { 0.7f }, { 0.2f }, { 0.4f } });
        Assert.That(m.Result(), Is.EqualTo(2.0 / 3.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_ColumnLabelsWithRankOnePredictions_Align()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(new float[,] { { 1 }, { 0 }, { 1 }, { 1 } }, new float[] { 0.7f, 0.2f, 0.4f, 0.9f });
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-7));
    }

    [Test]
    public void UpdateState_RankOneBatches_WeighEachSample()
    {
        // (n,) with (n,) is n samples of one value (a deliberate difference from Keras, which would count each
        // rank-1 batch as a single sample and give (0.75 + 0) / 2 here).
        var m = new BinaryAccuracy();
        m.UpdateState(new float[] { 1, 0, 1, 1 }, new float[] { 0.9f, 0.1f, 0.2f, 0.8f });   // 3 of 4
        m.UpdateState(new float[] { 1, 1 }, new float[] { 0.1f, 0.2f });                     // 0 of 2
        Assert.That(m.Result(), Is.EqualTo(3.0 / 6.0).Within(1e-7));

        m.ResetState();
        m.UpdateState(new float[] { 1, 0, 1, 1 }, new float[] { 0.9f, 0.1f, 0.2f, 0.8f }, new float[] { 0, 0, 1, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_MultiLabel_AveragesOverLastAxisPerSample()
    {
        var yTrue = new float[,] { { 1, 0 }, { 1, 1 } };
        var yPred = new float[,] { { 0.9f, 0.8f }, { 0.6f, 0.7f } };
        var m = new BinaryAccuracy();
        m.UpdateState(yTrue, yPred);
        // sample 0: 1 of 2 match -> 0.5; sample 1: 2 of 2 -> 1
        Assert.That(m.Result(), Is.EqualTo((0.5 + 1.0) / 2).Within(1e-7));

        m.ResetState();
        m.UpdateState(yTrue, yPred, new float[] { 3, 1 });
        Assert.That(m.Result(), Is.EqualTo((3 * 0.5 + 1 * 1.0) / 4).Within(1e-7));
    }

    [Test]
    public void UpdateState_SeveralBatchesOfDifferentSizes_StreamsOverAllSamples()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred);                                              // 3 of 4
        m.UpdateState(new float[,] { { 1 }, { 0 } }, new float[,] { { 0.2f }, { 0.1f } }); // 1 of 2
        m.UpdateState(new float[,] { { 1 } }, new float[,] { { 0.9f } });               // 1 of 1
        Assert.That(m.Result(), Is.EqualTo(5.0 / 7.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_WeightedBatches_DividesBySumOfWeights()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 2, 3, 4 });                // hits weigh 1+2+3, total 10
        m.UpdateState(new float[,] { { 1 }, { 0 } }, new float[,] { { 0.2f }, { 0.1f } }, new float[] { 5, 6 }); // hit weighs 6
        Assert.That(m.Result(), Is.EqualTo((1.0 + 2 + 3 + 6) / (10 + 11)).Within(1e-7));
    }

    [Test]
    public void UpdateState_ColumnSampleWeights_Accepted()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[,] { { 1 }, { 0 }, { 0 }, { 1 } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_ScalarSampleWeight_WeighsEverySample()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred, Tensor.Scalar(2f));
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-7));
    }

    [Test]
    public void ResetState_AfterUpdates_ResultIsZeroAndStreamingRestarts()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred);
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
        m.UpdateState(new float[,] { { 1 }, { 0 } }, new float[,] { { 0.2f }, { 0.1f } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_AllWeightsZero_ResultIsZero()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 0, 0, 0, 0 });
        Assert.That(m.Result(), Is.Zero);
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Constructor_ThresholdOutsideOpenUnitInterval_Throws(double threshold)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BinaryAccuracy(threshold: threshold));
        Assert.That(ex!.Message, Does.Contain("Expected a value in interval (0, 1)"));
    }

    [Test]
    public void UpdateState_IncompatibleShapes_ThrowsNamingBothShapes()
    {
        var m = new BinaryAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(Tensor.Zeros(new Shape(4, 2)), Tensor.Zeros(new Shape(4, 3))));
        Assert.That(ex!.Message, Does.Contain("(4, 2)").And.Contain("(4, 3)").And.Contain("binary_accuracy"));
    }

    [Test]
    public void UpdateState_DifferentBatchSizes_Throws()
    {
        var m = new BinaryAccuracy();
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(Tensor.Zeros(new Shape(3)), Tensor.Zeros(new Shape(4, 1))));
        Assert.That(ex!.Message, Does.Contain("(3,)").And.Contain("(4, 1)"));
    }

    [Test]
    public void UpdateState_SampleWeightOfWrongLength_Throws()
    {
        var m = new BinaryAccuracy();
        var ex = Assert.Throws<ArgumentException>(() => m.UpdateState(DocTrue, DocPred, new float[] { 1, 1, 1 }));
        Assert.That(ex!.Message, Does.Contain("(3,)").And.Contain("4 samples"));
    }

    [Test]
    public void GetConfig_Default_HasKerasKeys()
    {
        var config = new BinaryAccuracy().GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config["name"]!.GetValue<string>(), Is.EqualTo("binary_accuracy"));
            Assert.That(config["dtype"]!.GetValue<string>(), Is.EqualTo("float32"));
            Assert.That(config["threshold"]!.GetValue<double>(), Is.EqualTo(0.5));
        });
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new BinaryAccuracy("acc", 0.7);
        Assert.That(BinaryAccuracy.FromConfig(new BinaryAccuracy(threshold: 1e-30).GetConfig()).Threshold, Is.EqualTo(1e-30));
        var copy = BinaryAccuracy.FromConfig(original.GetConfig());
        Assert.Multiple(() =>
        {
            Assert.That(copy.Name, Is.EqualTo("acc"));
            Assert.That(copy.Threshold, Is.EqualTo(0.7));
            Assert.That(original.GetConfig()["threshold"]!.GetValue<double>(), Is.EqualTo(0.7));
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
        });
    }

    [Test]
    public void FromConfig_EmptyConfig_UsesDefaults()
    {
        var m = BinaryAccuracy.FromConfig(new JsonObject());
        Assert.That((m.Name, m.Threshold), Is.EqualTo(("binary_accuracy", 0.5)));
    }

    [Test]
    public void UpdateState_SecondCall_AllocatesNothing()
    {
        var yTrue = Tensor.FromArray(DocTrue);
        var yPred = Tensor.FromArray(DocPred);
        var weights = Tensor.FromArray(new float[] { 1, 0, 0, 1 });
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryAccuracy(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new BinaryAccuracy(), yTrue, yPred, weights), Is.Zero);
        });
    }
}
