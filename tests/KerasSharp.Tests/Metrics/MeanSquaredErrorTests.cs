using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class MeanSquaredErrorTests
{
    // keras/src/metrics/regression_metrics.py MeanSquaredError docstring.
    private static readonly float[,] DocTrue = { { 0, 1 }, { 0, 0 } };
    private static readonly float[,] DocPred = { { 1, 1 }, { 0, 0 } };

    [Test]
    public void Constructor_Default_NameMatchesKeras()
    {
        Assert.That(new MeanSquaredError().Name, Is.EqualTo("mean_squared_error"));
    }

    [Test]
    public void UpdateState_KerasDocExample_Is025()
    {
        var m = new MeanSquaredError();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.25).Within(1e-7));
    }

    [Test]
    public void UpdateState_SampleWeights_WeighPerSampleMeans()
    {
        var m = new MeanSquaredError();
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 0 });
        // sample 0: mean((0-1)², (1-1)²) = 0.5, the only weighted sample
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_SeveralBatchesOfDifferentSizes_StreamsOverAllSamples()
    {
        var m = new MeanSquaredError();
        m.UpdateState(DocTrue, DocPred);                                  // per-sample 0.5, 0
        m.UpdateState(new float[,] { { 2, 0 } }, new float[,] { { 0, 0 } }); // per-sample 2
        m.UpdateState(new float[,] { { 1, 1 }, { -1, 3 }, { 0.5f, 0 } }, new float[,] { { 1, 2 }, { 1, 3 }, { 0, 0 } });
        double[] perSample = [0.5, 0, 2, (0 + 1) / 2.0, (4 + 0) / 2.0, (0.25 + 0) / 2.0];
        Assert.That(m.Result(), Is.EqualTo(perSample.Average()).Within(1e-7));
    }

    [Test]
    public void UpdateState_RankOneTargetsWithColumnPredictions_Align()
    {
        var m = new MeanSquaredError();
        m.UpdateState(new float[] { 1, 2, 3 }, new float[,] { { 1 }, { 0 }, { 5 } });
        Assert.That(m.Result(), Is.EqualTo((0 + 4 + 4) / 3.0).Within(1e-6));
    }

    [Test]
    public void UpdateState_HigherRank_AveragesAllNonBatchAxes()
    {
        var yTrue = new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 0, 0 }, { 0, 0 } } };
        var yPred = new float[,,] { { { 1, 0 }, { 3, 0 } }, { { 1, 1 }, { 1, 1 } } };
        var m = new MeanSquaredError();
        m.UpdateState(yTrue, yPred);
        double sample0 = (0 + 4 + 0 + 16) / 4.0;
        double sample1 = 1;
        Assert.That(m.Result(), Is.EqualTo((sample0 + sample1) / 2).Within(1e-7));
    }

    [Test]
    public void UpdateState_LargeBatch_MatchesDoubleReference()
    {
        var rng = new Random(7);
        int n = 257, d = 5;
        var t = new float[n * d];
        var p = new float[n * d];
        var w = new float[n];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = (float)rng.NextDouble() * 4 - 2;
            p[i] = (float)rng.NextDouble() * 4 - 2;
        }
        for (int i = 0; i < n; i++)
        {
            w[i] = (float)rng.NextDouble();
        }
        double total = 0, count = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                double e = (double)t[i * d + j] - p[i * d + j];
                s += e * e;
            }
            total += w[i] * s / d;
            count += w[i];
        }
        var m = new MeanSquaredError();
        m.UpdateState(Tensor.FromArray(t, n, d), Tensor.FromArray(p, n, d), Tensor.FromArray(w));
        Assert.That(m.Result(), Is.EqualTo(total / count).Within(1e-9));
    }

    [Test]
    public void ResetState_AfterUpdates_ResultIsZero()
    {
        var m = new MeanSquaredError();
        m.UpdateState(DocTrue, DocPred);
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_IncompatibleShapes_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new MeanSquaredError().UpdateState(Tensor.Zeros(new Shape(2, 2)), Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("(2, 2)").And.Contain("(2, 3)").And.Contain("mean_squared_error"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        Assert.That(MeanSquaredError.FromConfig(new MeanSquaredError("mse").GetConfig()).Name, Is.EqualTo("mse"));
    }

    [Test]
    public void UpdateState_SecondCall_AllocatesNothing()
    {
        var yTrue = Tensor.FromArray(DocTrue);
        var yPred = Tensor.FromArray(DocPred);
        var weights = Tensor.FromArray(new float[] { 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanSquaredError(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanSquaredError(), yTrue, yPred, weights), Is.Zero);
        });
    }
}
