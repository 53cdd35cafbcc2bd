using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class SumTests
{
    [Test]
    public void Update_KerasDocExample_Is16()
    {
        var m = new Sum();
        m.Update([1f, 3f, 5f, 7f]);
        Assert.That(m.Result(), Is.EqualTo(16));
    }

    [Test]
    public void Update_WithWeights_SumsWeightedValues()
    {
        var m = new Sum();
        m.Update([1f, 3f, 5f, 7f], [1f, 0f, 0f, 1f]);
        Assert.That(m.Result(), Is.EqualTo(8));
    }

    [Test]
    public void ResetState_ClearsTheSum()
    {
        var m = new Sum();
        m.Update(5, 2);
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_Pairs_Throws() =>
        Assert.Throws<NotSupportedException>(() => new Sum().UpdateState(new float[] { 1 }, new float[] { 1 }));

    [Test]
    public void Get_Sum_Resolves() => Assert.That(Metric.Get("sum"), Is.TypeOf<Sum>());
}
