using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Tests.Optimizers.Schedules;

public class PolynomialDecayTests
{
    [TestCase(0L, 0.1)]
    [TestCase(5L, (0.1 - 0.01) * 0.25 + 0.01)]     // (1 − 0.5)^2
    [TestCase(10L, 0.01)]
    [TestCase(25L, 0.01)]                          // clamped at decay_steps
    public void Call_NoCycle_DecaysToEndRate(long step, double expected) =>
        Assert.That(new PolynomialDecay(0.1, 10, 0.01, power: 2).Call(step), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0L, 0.1)]
    [TestCase(15L, (0.1 - 0.01) * 0.25 + 0.01)]    // decay_steps → 20: (1 − 15/20)^1
    public void Call_Cycle_UsesNextMultipleOfDecaySteps(long step, double expected) =>
        Assert.That(new PolynomialDecay(0.1, 10, 0.01, power: 1, cycle: true).Call(step), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void GetConfig_Defaults_MatchKeras() =>
        Assert.That(new PolynomialDecay(0.1, 10).GetConfig().ToJsonString(),
            Is.EqualTo("""{"initial_learning_rate":0.1,"decay_steps":10,"end_learning_rate":0.0001,"power":1,"cycle":false,"name":"PolynomialDecay"}"""));
}
