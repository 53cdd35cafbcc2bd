using KerasSharp.Engine;
using KerasSharp.Initializers;
using static KerasSharp.Tests.Initializers.InitializerTestHelpers;

namespace KerasSharp.Tests.Initializers;

public class RandomNormalTests
{
    [Test]
    public void Call_LargeShape_MeanAndStddev()
    {
        var (mean, std, _, _) = Stats(new RandomNormal(mean: 1.5f, stddev: 0.3f, seed: 1).Call(new Shape(200, 300)).Span);
        Assert.That(mean, Is.EqualTo(1.5).Within(0.005));
        Assert.That(std, Is.EqualTo(0.3).Within(0.006));
    }

    [Test]
    public void GetConfig_Defaults_MatchKeras() =>
        Assert.That(new RandomNormal().GetConfig().ToJsonString(), Is.EqualTo("""{"seed":null,"mean":0,"stddev":0.05}"""));

    [Test]
    public void Constructor_NegativeStddev_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RandomNormal(stddev: -1f));

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var init = new RandomNormal(mean: 0.1, stddev: 0.02, seed: 3);
        var config = init.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((init.Mean, init.Stddev), Is.EqualTo((0.1, 0.02)));
            Assert.That(config["mean"]!.ToJsonString(), Is.EqualTo("0.1"));
            Assert.That(config["stddev"]!.ToJsonString(), Is.EqualTo("0.02"));
            Assert.That(init.Call(new Shape(3, 3)).ToArray(), Is.EqualTo(new RandomNormal(0.1f, 0.02f, seed: 3).Call(new Shape(3, 3)).ToArray()));
        });
    }
}
