using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Tests.Optimizers.Schedules;

public class CosineDecayTests
{
    [TestCase(0L, 1.0)]
    [TestCase(50L, 0.5 * (1 - 0.1) + 0.1)]   // cos(π/2) = 0
    [TestCase(100L, 0.1)]
    [TestCase(500L, 0.1)]
    public void Call_NoWarmup_DecaysToAlphaTimesInitial(long step, double expected) =>
        Assert.That(new CosineDecay(1.0, 100, alpha: 0.1).Call(step), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0L, 0.0)]
    [TestCase(5L, 0.05)]
    [TestCase(10L, 0.1)]
    [TestCase(15L, 0.05)]
    [TestCase(20L, 0.0)]
    [TestCase(99L, 0.0)]
    public void Call_Warmup_RisesLinearlyThenDecays(long step, double expected) =>
        Assert.That(new CosineDecay(0.0, 10, warmupTarget: 0.1, warmupSteps: 10).Call(step), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var s = new CosineDecay(0.0, 10, 0.2, "cd", 0.1, 5);
        Assert.That(s.GetConfig().ToJsonString(),
            Is.EqualTo("""{"initial_learning_rate":0,"decay_steps":10,"alpha":0.2,"name":"cd","warmup_target":0.1,"warmup_steps":5}"""));
        Assert.That(CosineDecay.FromConfig(s.GetConfig()).GetConfig().ToJsonString(), Is.EqualTo(s.GetConfig().ToJsonString()));
    }
}
