using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class FBetaScoreTests
{
    // keras/src/metrics/f_score_metrics.py docstrings.
    private static readonly float[,] DocTrue = { { 1, 1, 1 }, { 1, 0, 0 }, { 1, 1, 0 } };
    private static readonly float[,] DocPred = { { 0.2f, 0.6f, 0.7f }, { 0.2f, 0.6f, 0.6f }, { 0.6f, 0.8f, 0 } };

    [Test]
    public void ResultValues_KerasDocExample_IsPerClass()
    {
        var m = new FBetaScore(beta: 2.0, threshold: 0.5);
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.ResultValues(), Is.EqualTo(new[] { 0.3846154, 0.90909094, 0.8333334 }).Within(1e-6));
    }

    [Test]
    public void Result_AverageNone_IsTheMeanOfTheClasses()
    {
        var m = new FBetaScore(beta: 2.0, threshold: 0.5);
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(m.ResultValues().Average()).Within(1e-12));
    }

    [Test]
    public void F1Score_KerasDocExample_IsPerClass()
    {
        var m = new F1Score(threshold: 0.5);
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.ResultValues(), Is.EqualTo(new[] { 0.5, 0.8, 0.6666667 }).Within(1e-6));
    }

    [TestCase("micro", 2.0 / 3.0)]
    [TestCase("macro", (0.5 + 0.8 + 2.0 / 3.0) / 3)]
    [TestCase("weighted", (0.5 * 3 + 0.8 * 2 + 2.0 / 3.0 * 1) / 6)]
    public void F1Score_Averages_AreSingleValues(string average, double expected)
    {
        var m = new F1Score(average: average, threshold: 0.5);
        m.UpdateState(DocTrue, DocPred);
        Assert.Multiple(() =>
        {
            Assert.That(m.Result(), Is.EqualTo(expected).Within(1e-6));
            Assert.That(m.ResultValues(), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void F1Score_NoThreshold_UsesTheRowMaximum()
    {
        var m = new F1Score(average: "micro");
        m.UpdateState(new float[,] { { 0, 1 }, { 1, 0 } }, new float[,] { { 0.3f, 0.4f }, { 0.2f, 0.1f } });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void UpdateState_SampleWeights_WeighTheRows()
    {
        var m = new F1Score(threshold: 0.5);
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 0, 0 });
        // Only row 0: class 0 missed (0), classes 1 and 2 hit (1).
        Assert.That(m.ResultValues(), Is.EqualTo(new[] { 0.0, 1.0, 1.0 }).Within(1e-6));
    }

    [Test]
    public void ResetState_ThenUpdate_MatchesFresh()
    {
        var m = new F1Score(threshold: 0.5);
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 0, 0 });
        m.ResetState();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.ResultValues(), Is.EqualTo(new[] { 0.5, 0.8, 0.6666667 }).Within(1e-6));
    }

    [Test]
    public void GetConfig_F1Score_HasNoBetaAndRoundTrips()
    {
        var original = new F1Score(average: "macro", threshold: 0.4);
        var config = original.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config.ContainsKey("beta"), Is.False);
            Assert.That(config["threshold"]!.GetValue<double>(), Is.EqualTo(0.4));
            Assert.That(F1Score.FromConfig(config).GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
        });
    }

    [Test]
    public void FromConfig_FBetaScore_RoundTrips()
    {
        var config = new FBetaScore(average: "weighted", beta: 0.5).GetConfig();
        Assert.That(FBetaScore.FromConfig(config).GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Constructor_InvalidAverage_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new FBetaScore(average: "mean"));

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = DocTrue;
        Tensor yPred = DocPred;
        Assert.That(AllocationProbe.BytesForSecondUpdate(new FBetaScore(beta: 2.0), yTrue, yPred, null), Is.Zero);
    }

    [Test]
    public void Get_StringIds_Resolve()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Metric.Get("f1_score"), Is.TypeOf<F1Score>());
            Assert.That(Metric.Get("FBetaScore"), Is.TypeOf<FBetaScore>());
        });
    }

    [Test]
    public void FromConfig_EmptyConfig_UsesKerasDefaults()
    {
        var m = FBetaScore.FromConfig(new JsonObject());
        Assert.That((m.Name, m.Average, m.Beta, m.Threshold), Is.EqualTo(("fbeta_score", (string?)null, 1.0, (double?)null)));
    }
}
