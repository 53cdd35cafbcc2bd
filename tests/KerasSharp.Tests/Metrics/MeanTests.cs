using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class MeanTests
{
    [Test]
    public void Constructor_Default_NameMatchesKerasAndResultIsZero()
    {
        var m = new Mean();
        Assert.Multiple(() =>
        {
            Assert.That(m.Name, Is.EqualTo("mean"));
            Assert.That(m.Result(), Is.Zero);
            Assert.That(m.Total, Is.Zero);
            Assert.That(m.Count, Is.Zero);
        });
    }

    [Test]
    public void Update_KerasDocExampleValues_Is4()
    {
        // keras/src/metrics/reduction_metrics.py Mean docstring.
        var m = new Mean();
        m.Update([1f, 3f, 5f, 7f]);
        Assert.That(m.Result(), Is.EqualTo(4.0).Within(1e-12));
    }

    [Test]
    public void Update_KerasDocExampleWithSampleWeights_Is2()
    {
        var m = new Mean();
        m.Update([1f, 3f, 5f, 7f], [1f, 1f, 0f, 0f]);
        Assert.That((m.Result(), m.Total, m.Count), Is.EqualTo((2.0, 4.0, 2.0)));
    }

    [Test]
    public void Update_LossTrackerWeightedByBatchSize_IsSampleWeightedMean()
    {
        // The trainer feeds each batch loss with sample_weight = batch size.
        var m = new Mean("loss");
        m.Update(0.5, 32);
        m.Update(0.25, 32);
        m.Update(1.0, 8);
        Assert.That(m.Result(), Is.EqualTo((0.5 * 32 + 0.25 * 32 + 1.0 * 8) / 72).Within(1e-12));
    }

    [Test]
    public void Update_DefaultWeight_IsOne()
    {
        var m = new Mean();
        m.Update(1.0);
        m.Update(2.0);
        m.Update(6.0);
        Assert.That(m.Result(), Is.EqualTo(3.0).Within(1e-12));
    }

    [Test]
    public void Update_FloatValue_CompilesAndCounts()
    {
        var m = new Mean();
        float loss = Tensor.Scalar(0.75f).Item();
        m.Update(loss);
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-7));
    }

    [Test]
    public void ResetState_AfterUpdates_ClearsTotalAndCount()
    {
        var m = new Mean();
        m.Update(3.0, 2);
        m.ResetState();
        Assert.That((m.Result(), m.Total, m.Count), Is.EqualTo((0.0, 0.0, 0.0)));
    }

    [Test]
    public void Result_AllWeightsZero_IsZeroNotNaN()
    {
        var m = new Mean();
        m.Update(5.0, 0);
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void Update_WeightsOfWrongLength_Throws()
    {
        var m = new Mean();
        var ex = Assert.Throws<ArgumentException>(() => m.Update([1f, 2f], [1f]));
        Assert.That(ex!.Message, Does.Contain("2 values").And.Contain("1 sample weights"));
    }

    [Test]
    public void UpdateState_PlainMean_ThrowsNotSupported()
    {
        var m = new Mean();
        var ex = Assert.Throws<NotSupportedException>(() => m.UpdateState(new float[] { 1 }, new float[] { 1 }));
        Assert.That(ex!.Message, Does.Contain("MeanMetricWrapper"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var config = new Mean("loss").GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(config.ToJsonString(), Is.EqualTo("{\"name\":\"loss\",\"dtype\":\"float32\"}"));
            Assert.That(Mean.FromConfig(config).Name, Is.EqualTo("loss"));
        });
    }

    [Test]
    public void Update_Scalar_AllocatesNothing()
    {
        var m = new Mean();
        m.Update(1.0, 2.0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        m.Update(1.0, 2.0);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
