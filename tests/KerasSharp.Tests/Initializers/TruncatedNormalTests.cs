using KerasSharp.Engine;
using KerasSharp.Initializers;
using static KerasSharp.Tests.Initializers.InitializerTestHelpers;

namespace KerasSharp.Tests.Initializers;

public class TruncatedNormalTests
{
    [Test]
    public void Call_LargeShape_WithinTwoStddevsWithTruncatedSpread()
    {
        var (mean, std, min, max) = Stats(new TruncatedNormal(mean: -2f, stddev: 0.5f, seed: 3).Call(new Shape(300, 200)).Span);
        Assert.Multiple(() =>
        {
            Assert.That(min, Is.GreaterThanOrEqualTo(-3.0 - 1e-6));
            Assert.That(max, Is.LessThanOrEqualTo(-1.0 + 1e-6));
            Assert.That(mean, Is.EqualTo(-2).Within(0.005));
            Assert.That(std, Is.EqualTo(0.5 * 0.87962566103423978).Within(0.006));
        });
    }

    [Test]
    public void GetConfig_Defaults_MatchKeras() =>
        Assert.That(new TruncatedNormal().GetConfig().ToJsonString(), Is.EqualTo("""{"seed":null,"mean":0,"stddev":0.05}"""));

    [Test]
    public void Constructor_DoubleLiterals_AreStoredAndWrittenAsTyped()
    {
        var init = new TruncatedNormal(mean: -0.5, stddev: 0.02, seed: 3);
        Assert.Multiple(() =>
        {
            Assert.That((init.Mean, init.Stddev), Is.EqualTo((-0.5, 0.02)));
            Assert.That(init.GetConfig()["stddev"]!.ToJsonString(), Is.EqualTo("0.02"));
            Assert.That(init.Call(new Shape(4, 2)).ToArray(), Is.EqualTo(new TruncatedNormal(-0.5f, 0.02f, seed: 3).Call(new Shape(4, 2)).ToArray()));
        });
    }
}
