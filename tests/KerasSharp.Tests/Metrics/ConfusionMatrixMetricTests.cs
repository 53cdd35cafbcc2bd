using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Models;

namespace KerasSharp.Tests.Metrics;

// The shared thresholded-counts base, through its public metrics.
public class ConfusionMatrixMetricTests
{
    [Test]
    public void Precision_TopK2_KerasDocExample_Is0()
    {
        var m = new Precision(topK: 2);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 1, 1, 1, 1 });
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void Precision_TopK4_KerasDocExample_Is05()
    {
        var m = new Precision(topK: 4);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 1, 1, 1, 1 });
        Assert.That(m.Result(), Is.EqualTo(0.5));
    }

    [Test]
    public void Recall_TopKPerRow_CountsOnlyTheTopPredictions()
    {
        var m = new Recall(topK: 1);
        // Row 0: top is class 1 (a label) -> tp; class 2 (a label) missed. Row 1: top is class 0 (not a label); class 2 missed.
        m.UpdateState(new float[,] { { 0, 1, 1 }, { 0, 0, 1 } }, new float[,] { { 0.1f, 0.8f, 0.3f }, { 0.9f, 0.1f, 0.6f } });
        Assert.That(m.Result(), Is.EqualTo(1.0 / 3.0).Within(1e-12));
    }

    [Test]
    public void Precision_ClassId_CountsOnlyThatColumn()
    {
        var m = new Precision(classId: 1);
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 0 }, { 0, 1 } }, new float[,] { { 0.2f, 0.9f }, { 0.1f, 0.7f }, { 0.9f, 0.2f } });
        Assert.That(m.Result(), Is.EqualTo(0.5));
    }

    [Test]
    public void TruePositives_SeveralThresholds_ResultValuesHasOnePerThreshold()
    {
        var m = new TruePositives(thresholds: [0.15, 0.5, 0.85]);
        m.UpdateState(new float[] { 1, 1, 1, 0 }, new float[] { 0.1f, 0.6f, 0.9f, 0.95f });
        Assert.Multiple(() =>
        {
            Assert.That(m.ResultValues(), Is.EqualTo(new double[] { 2, 2, 1 }));
            Assert.That(m.Result(), Is.EqualTo(5.0 / 3.0).Within(1e-12), "the mean of the values, as Keras' progress bar shows");
        });
    }

    [Test]
    public void Recall_EvenlySpacedThresholds_MatchTheDirectComparison()
    {
        // Three or more evenly spaced thresholds take the bucketed path; it must agree with threshold-by-threshold.
        var yTrue = new float[] { 1, 0, 1, 1, 0, 1, 0, 0 };
        var yPred = new float[] { 0.05f, 0.3f, 0.5f, 0.55f, 0.75f, 1f, 0f, 0.49f };
        var even = new Recall(thresholds: [0, 0.25, 0.5, 0.75, 1]);
        even.UpdateState(yTrue, yPred);
        var separate = new[] { 0.0, 0.25, 0.5, 0.75, 1.0 }.Select(t =>
        {
            var r = new Recall(thresholds: [t]);
            r.UpdateState(yTrue, yPred);
            return r.Result();
        });
        Assert.That(even.ResultValues(), Is.EqualTo(separate.ToArray()));
    }

    [Test]
    public void Precision_ThresholdOutsideUnitInterval_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Precision(thresholds: [0.5, 1.5]));
        Assert.That(ex!.Message, Does.Contain("Threshold values must be in [0, 1]").And.Contain("1.5"));
    }

    [Test]
    public void Precision_ClassIdWithRankOnePredictions_Throws()
    {
        var m = new Precision(classId: 0);
        Assert.Throws<ArgumentException>(() => m.UpdateState(new float[] { 1, 0 }, new float[] { 0.9f, 0.1f }));
    }

    [Test]
    public void TruePositives_PerPredictionWeights_WeighEachEntry()
    {
        var m = new TruePositives();
        m.UpdateState(new float[,] { { 1, 1 }, { 1, 0 } }, new float[,] { { 0.9f, 0.9f }, { 0.9f, 0.9f } }, new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.That(m.Result(), Is.EqualTo(6));
    }

    [Test]
    public void Auc_DefaultThresholds_ApproximatesTheExactRocArea()
    {
        // Exact ROC AUC of these scores: 7 of the 9 positive/negative pairs are ordered correctly.
        var m = new AUC();
        m.UpdateState(new float[] { 0, 0, 0, 1, 1, 1 }, new float[] { 0.1f, 0.4f, 0.7f, 0.35f, 0.8f, 0.9f });
        Assert.That(m.Result(), Is.EqualTo(7.0 / 9.0).Within(1e-9));
    }

    [Test]
    public void Auc_FromLogits_EqualsAucOfSigmoid()
    {
        var logits = new float[] { -2, 0.3f, 1.5f, -0.4f, 2.5f, 0.1f };
        var labels = new float[] { 0, 0, 1, 1, 1, 0 };
        var fromLogits = new AUC(fromLogits: true);
        fromLogits.UpdateState(labels, logits);
        var probabilities = new AUC();
        probabilities.UpdateState(labels, logits.Select(x => 1f / (1f + MathF.Exp(-x))).ToArray());
        Assert.That(fromLogits.Result(), Is.EqualTo(probabilities.Result()));
    }

    [Test]
    public void Auc_MultiLabel_AveragesThePerLabelAreas()
    {
        var yTrue = new float[,] { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 } };
        var yPred = new float[,] { { 0.2f, 0.9f }, { 0.8f, 0.1f }, { 0.6f, 0.3f }, { 0.4f, 0.4f } };
        var multi = new AUC(multiLabel: true);
        multi.UpdateState(yTrue, yPred);
        double PerLabel(int column)
        {
            var single = new AUC();
            single.UpdateState(
                Enumerable.Range(0, 4).Select(i => yTrue[i, column]).ToArray(),
                Enumerable.Range(0, 4).Select(i => yPred[i, column]).ToArray());
            return single.Result();
        }
        Assert.That(multi.Result(), Is.EqualTo((PerLabel(0) + PerLabel(1)) / 2).Within(1e-12));
    }

    [Test]
    public void Auc_MultiLabelWithLabelWeights_WeighsTheLabels()
    {
        var yTrue = new float[,] { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 } };
        var yPred = new float[,] { { 0.2f, 0.9f }, { 0.8f, 0.1f }, { 0.6f, 0.3f }, { 0.4f, 0.4f } };
        var onlyFirst = new AUC(multiLabel: true, labelWeights: [1, 0]);
        onlyFirst.UpdateState(yTrue, yPred);
        Assert.That(onlyFirst.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [TestCase("interpolation", 0.75)]
    [TestCase("minoring", 0.5)]
    [TestCase("majoring", 1.0)]
    public void Auc_SummationMethods_OnKerasExample(string method, double expected)
    {
        var m = new AUC(numThresholds: 3, summationMethod: method);
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f });
        Assert.That(m.Result(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Auc_PrCurve_PerfectRankingIsOne()
    {
        var m = new AUC(curve: "PR");
        m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0.1f, 0.2f, 0.8f, 0.9f });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void Auc_InvalidCurve_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new AUC(curve: "XY"));
        Assert.That(ex!.Message, Does.Contain("Invalid AUC curve value"));
    }

    [Test]
    public void Auc_MultiLabelSecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1 }, { 1, 0 } };
        Tensor yPred = new float[,] { { 0.2f, 0.9f }, { 0.8f, 0.1f } };
        Assert.That(AllocationProbe.BytesForSecondUpdate(new AUC(multiLabel: true), yTrue, yPred, null), Is.Zero);
    }

    [Test]
    public void Precision_TopKSecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[,] { { 0, 1, 1 }, { 0, 0, 1 } };
        Tensor yPred = new float[,] { { 0.1f, 0.8f, 0.3f }, { 0.9f, 0.1f, 0.6f } };
        Assert.That(AllocationProbe.BytesForSecondUpdate(new Precision(topK: 2), yTrue, yPred, null), Is.Zero);
    }

    [Test]
    public void Fit_AucAndPrecisionStrings_AppearInHistoryUnderTheGivenNames()
    {
        Keras.SetRandomSeed(3);
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["auc", "precision", "recall"]);
        var x = Tensor.FromArray(new float[] { 0, 0, 0, 1, 1, 0, 1, 1, 0.2f, 0.1f, 0.9f, 0.8f, 0.1f, 0.9f, 0.8f, 0.2f }, 8, 2);
        var y = Tensor.FromArray(new float[] { 0, 0, 0, 1, 0, 1, 0, 0 }, 8, 1);
        var history = model.Fit(x, y, batchSize: 4, epochs: 2, verbose: 0, shuffle: false);
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.SupersetOf(new[] { "loss", "auc", "precision", "recall" }));
            Assert.That(history.History["auc"], Has.Count.EqualTo(2).And.All.InRange(0.0, 1.0));
        });
    }
}
