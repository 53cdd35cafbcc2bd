using System.Text.Json.Nodes;
using KerasSharp.Optimizers.Schedules;

namespace KerasSharp.Tests.Optimizers.Schedules;

public class ExponentialDecayTests
{
    [TestCase(0L, 0.1)]
    [TestCase(50L, 0.1 * 0.9486832980505138)]   // 0.9^0.5
    [TestCase(100L, 0.09)]
    [TestCase(250L, 0.1 * 0.7684334714209162)]  // 0.9^2.5
    public void Call_Continuous_IsInitialTimesRateToStepOverDecaySteps(long step, double expected) =>
        Assert.That(new ExponentialDecay(0.1, 100, 0.9).Call(step), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0L, 0.1)]
    [TestCase(99L, 0.1)]
    [TestCase(100L, 0.09)]
    [TestCase(250L, 0.081)]
    public void Call_Staircase_FloorsTheExponent(long step, double expected) =>
        Assert.That(new ExponentialDecay(0.1, 100, 0.9, staircase: true).Call(step), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0L)]
    [TestCase(-5L)]
    public void Constructor_NonPositiveDecaySteps_Throws(long steps)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ExponentialDecay(0.1, steps, 0.9));
        Assert.That(ex!.Message, Does.StartWith($"Argument `decay_steps` must be > 0. Received: decay_steps={steps}"));
    }

    [Test]
    public void GetConfig_KerasKeys()
    {
        var config = new ExponentialDecay(0.1, 100000, 0.96, staircase: true).GetConfig();
        Assert.That(config.ToJsonString(), Is.EqualTo("""{"initial_learning_rate":0.1,"decay_steps":100000,"decay_rate":0.96,"staircase":true,"name":"ExponentialDecay"}"""));
    }

    [Test]
    public void Deserialize_KerasSerializedSchedule_RoundTrips()
    {
        // keras.optimizers.schedules.serialize(ExponentialDecay(0.1, decay_steps=100000, decay_rate=0.96, staircase=True))
        var keras = JsonNode.Parse("""
            {"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay",
             "config": {"initial_learning_rate": 0.1, "decay_steps": 100000, "decay_rate": 0.96, "staircase": true, "name": "ExponentialDecay"},
             "registered_name": null}
            """)!;
        var schedule = LearningRateSchedule.Deserialize(keras);
        Assert.That(schedule, Is.TypeOf<ExponentialDecay>());
        Assert.That(schedule.Call(200000), Is.EqualTo(0.1 * 0.96 * 0.96).Within(1e-12));
        Assert.That(JsonNode.DeepEquals(LearningRateSchedule.Serialize(schedule), keras), Is.True);
    }

    [Test]
    public void ImplicitConversion_FromDouble_IsConstant()
    {
        LearningRateSchedule constant = 0.25;
        Assert.That((constant.Call(0), constant.Call(1000)), Is.EqualTo((0.25, 0.25)));
    }

    [Test]
    public void Deserialize_UnknownClass_ThrowsListingValidNames()
    {
        var ex = Assert.Throws<ArgumentException>(() => LearningRateSchedule.Deserialize(JsonNode.Parse("""{"class_name": "Foo", "config": {}}""")!));
        Assert.That(ex!.Message, Does.Contain("'ExponentialDecay'"));
    }

    private sealed class NoConfig : LearningRateSchedule
    {
        public override double Call(long step) => 1;
    }

    [Test]
    public void GetConfig_NotOverridden_ThrowsNotSupported() =>
        Assert.Throws<NotSupportedException>(() => new NoConfig().GetConfig());
}
