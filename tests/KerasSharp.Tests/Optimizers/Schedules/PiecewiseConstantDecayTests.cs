using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Tests.Optimizers.Schedules;

public class PiecewiseConstantDecayTests
{
    [TestCase(0L, 1.0)]
    [TestCase(100000L, 1.0)]
    [TestCase(100001L, 0.5)]
    [TestCase(110000L, 0.5)]
    [TestCase(110001L, 0.1)]
    public void Call_KerasDocExample(long step, double expected) =>
        Assert.That(new PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1]).Call(step), Is.EqualTo(expected));

    [Test]
    public void Constructor_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new PiecewiseConstantDecay([1, 2], [1.0, 0.5]));
        Assert.That(ex!.Message, Does.StartWith("The length of boundaries should be 1 less than the length of values."));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var s = new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.25]);
        var copy = PiecewiseConstantDecay.FromConfig(s.GetConfig());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo("""{"boundaries":[10,20],"values":[1,0.5,0.25],"name":"PiecewiseConstant"}"""));
    }
}
