using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

// Examples and values from the docstrings of keras/src/metrics/*.py.
public class FalseNegativesTests
{
    [Test]
    public void UpdateState_KerasDocExample_MatchesKeras()
    {
        var m = new FalseNegatives();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 });
        Assert.That(m.Result(), Is.EqualTo(2.0).Within(1e-12));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras()
    {
        var m = new FalseNegatives();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void ResetState_AfterAnUpdate_StartsOver()
    {
        var m = new FalseNegatives();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 });
        m.ResetState();
        m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void UpdateState_TwoBatches_AddUp()
    {
        var once = new FalseNegatives();
        once.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        var twice = new FalseNegatives();
        twice.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        twice.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        Assert.That(twice.Result(), Is.EqualTo(2 * once.Result()).Within(1e-6 * Math.Max(1, Math.Abs(once.Result()))));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var original = new FalseNegatives();
        var copy = FalseNegatives.FromConfig(original.GetConfig());
        copy.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 0 });
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(1.0).Within(1e-12));
        });
    }

    [Test]
    public void UpdateState_SecondUpdate_AllocatesNothing()
    {
        Tensor yTrue = new float[] { 0, 1, 1, 1 };
        Tensor yPred = new float[] { 0, 1, 0, 0 };
        Tensor weights = new float[] { 0, 0, 1, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(new FalseNegatives(), yTrue, yPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(new FalseNegatives(), yTrue, yPred, weights), Is.Zero);
        });
    }

    [Test]
    public void Get_false_negatives_ResolvesNamedAsGiven()
    {
        var m = Metric.Get("false_negatives");
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(FalseNegatives), "false_negatives")));
    }
}
