using KerasSharp.Engine;
using KerasSharp.Initializers;
using static KerasSharp.Tests.Initializers.InitializerTestHelpers;

namespace KerasSharp.Tests.Initializers;

public class RandomUniformTests
{
    [Test]
    public void Call_LargeShape_WithinBoundsAndUniform()
    {
        var (mean, std, min, max) = Stats(new RandomUniform(minval: -1f, maxval: 3f, seed: 2).Call(new Shape(300, 200)).Span);
        Assert.Multiple(() =>
        {
            Assert.That(min, Is.GreaterThanOrEqualTo(-1).And.LessThan(-0.99));
            Assert.That(max, Is.LessThanOrEqualTo(3).And.GreaterThan(2.99));
            Assert.That(mean, Is.EqualTo(1).Within(0.02));
            Assert.That(std, Is.EqualTo(4 / Math.Sqrt(12)).Within(0.02));
        });
    }

    [Test]
    public void GetConfig_Defaults_MatchKeras() =>
        Assert.That(new RandomUniform().GetConfig().ToJsonString(), Is.EqualTo("""{"seed":null,"minval":-0.05,"maxval":0.05}"""));

    [Test]
    public void Constructor_MinAboveMax_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new RandomUniform(minval: 1f, maxval: 0f));

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var init = new RandomUniform(minval: -0.1, maxval: 0.3, seed: 3);
        var config = init.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((init.Minval, init.Maxval), Is.EqualTo((-0.1, 0.3)));
            Assert.That(config["minval"]!.ToJsonString(), Is.EqualTo("-0.1"));
            Assert.That(config["maxval"]!.ToJsonString(), Is.EqualTo("0.3"));
            Assert.That(init.Call(new Shape(3, 3)).ToArray(), Is.EqualTo(new RandomUniform(-0.1f, 0.3f, seed: 3).Call(new Shape(3, 3)).ToArray()));
        });
    }
}
