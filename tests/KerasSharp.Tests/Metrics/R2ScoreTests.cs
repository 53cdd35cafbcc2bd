using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class R2ScoreTests
{
    private static readonly float[,] True2 = { { 1, 2 }, { 4, 0 }, { 3, 5 }, { 2, 1 } };
    private static readonly float[,] Pred2 = { { 2, 2 }, { 4, 1 }, { 4, 4 }, { 2, 2 } };

    [Test]
    public void ResultValues_NoAggregation_OneScorePerColumn()
    {
        var m = new R2Score(classAggregation: null);
        m.UpdateState(True2, Pred2);
        // Column 0: mean 2.5, SS_tot 5, SS_res 2. Column 1: mean 2, SS_tot 14, SS_res 3.
        Assert.That(m.ResultValues(), Is.EqualTo(new[] { 1 - 2.0 / 5, 1 - 3.0 / 14 }).Within(1e-12));
    }

    [Test]
    public void Result_VarianceWeighted_WeighsByTotalSumOfSquares()
    {
        var m = new R2Score(classAggregation: "variance_weighted_average");
        m.UpdateState(True2, Pred2);
        Assert.That(m.Result(), Is.EqualTo((5 * (1 - 2.0 / 5) + 14 * (1 - 3.0 / 14)) / 19).Within(1e-12));
    }

    [Test]
    public void Result_NumRegressors_Adjusts()
    {
        var m = new R2Score(numRegressors: 1);
        m.UpdateState(True2, Pred2);
        double r2 = ((1 - 2.0 / 5) + (1 - 3.0 / 14)) / 2;
        Assert.That(m.Result(), Is.EqualTo(1 - (1 - r2) * 3 / 2).Within(1e-12));
    }

    [Test]
    public void Constructor_InvalidAggregation_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new R2Score(classAggregation: "median"));
}
