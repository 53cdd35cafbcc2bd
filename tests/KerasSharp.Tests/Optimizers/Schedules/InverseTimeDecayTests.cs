using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Tests.Optimizers.Schedules;

public class InverseTimeDecayTests
{
    [TestCase(false, 3L, 0.1 / (1 + 0.5 * 1.5))]
    [TestCase(true, 3L, 0.1 / (1 + 0.5 * 1))]
    [TestCase(true, 0L, 0.1)]
    public void Call_IsInitialOverOnePlusRateTimesProgress(bool staircase, long step, double expected) =>
        Assert.That(new InverseTimeDecay(0.1, 2, 0.5, staircase).Call(step), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var s = new InverseTimeDecay(0.1, 2, 0.5, true, "itd");
        Assert.That(InverseTimeDecay.FromConfig(s.GetConfig()).GetConfig().ToJsonString(), Is.EqualTo(s.GetConfig().ToJsonString()));
    }
}
