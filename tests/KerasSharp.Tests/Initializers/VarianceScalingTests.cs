using KerasSharp.Engine;
using KerasSharp.Initializers;
using static KerasSharp.Tests.Initializers.InitializerTestHelpers;

namespace KerasSharp.Tests.Initializers;

public class VarianceScalingTests
{
    private const double TruncatedCorrection = 0.87962566103423978;

    [TestCase(300, 200)]
    [TestCase(20, 30)]
    public void GlorotUniform_Values_WithinExactLimitAndReachIt(int fanIn, int fanOut)
    {
        float limit = (float)Math.Sqrt(6.0 / (fanIn + fanOut));
        var (mean, std, min, max) = Stats(new GlorotUniform(seed: 1).Call(new Shape(fanIn, fanOut)).Span);
        Assert.Multiple(() =>
        {
            Assert.That(min, Is.GreaterThanOrEqualTo(-limit));
            Assert.That(max, Is.LessThanOrEqualTo(limit));
            Assert.That(min, Is.LessThan(-0.99 * limit), "the sample should reach the lower bound");
            Assert.That(max, Is.GreaterThan(0.99 * limit), "the sample should reach the upper bound");
            Assert.That(mean, Is.EqualTo(0).Within(0.02 * limit));
            Assert.That(std, Is.EqualTo(limit / Math.Sqrt(3)).Within(0.03 * limit));
        });
    }

    [TestCase("he_uniform", 6.0)]
    [TestCase("lecun_uniform", 3.0)]
    public void FanInUniform_ConvKernel_LimitFromReceptiveField(string id, double numerator)
    {
        var shape = new Shape(3, 3, 16, 32);   // fan_in = 144
        double limit = Math.Sqrt(numerator / 144);
        var (_, std, min, max) = Stats(Initializer.Get(id).Call(shape).Span);
        Assert.That(min, Is.GreaterThanOrEqualTo(-limit).And.LessThan(-0.99 * limit));
        Assert.That(max, Is.LessThanOrEqualTo(limit).And.GreaterThan(0.99 * limit));
        Assert.That(std, Is.EqualTo(limit / Math.Sqrt(3)).Within(0.03 * limit));
    }

    [TestCase("glorot_normal", 1.0, 1)]      // fan_avg
    [TestCase("he_normal", 2.0, 0)]          // fan_in
    [TestCase("lecun_normal", 1.0, 0)]
    public void TruncatedNormal_StddevAfterTruncationIsSqrtScaleOverN(string id, double scale, int mode)
    {
        var shape = new Shape(400, 250);
        double n = mode == 0 ? 400 : (400 + 250) / 2.0;
        double target = Math.Sqrt(scale / n);
        var (mean, std, min, max) = Stats(Initializer.Get(id).Call(shape).Span);
        double bound = 2 * target / TruncatedCorrection;   // redrawn outside 2σ of the pre-truncation normal
        Assert.Multiple(() =>
        {
            Assert.That(std, Is.EqualTo(target).Within(0.02 * target));
            Assert.That(mean, Is.EqualTo(0).Within(0.02 * target));
            Assert.That(Math.Max(-min, max), Is.LessThanOrEqualTo(bound * (1 + 1e-6)));
            Assert.That(Math.Max(-min, max), Is.GreaterThan(0.98 * bound));
        });
    }

    [TestCase("fan_in", 100)]
    [TestCase("fan_out", 400)]
    [TestCase("fan_avg", 250)]
    public void UntruncatedNormal_Modes_StddevSqrtScaleOverN(string mode, double n)
    {
        var init = new VarianceScaling(scale: 3f, mode: mode, distribution: "untruncated_normal", seed: 5);
        var (mean, std, _, _) = Stats(init.Call(new Shape(100, 400)).Span);
        double target = Math.Sqrt(3 / n);
        Assert.That(std, Is.EqualTo(target).Within(0.02 * target));
        Assert.That(mean, Is.EqualTo(0).Within(0.02 * target));
    }

    [Test]
    public void Call_TinyShape_DividesByAtLeastOne()
    {
        var (_, _, min, max) = Stats(new VarianceScaling(scale: 0.5f, distribution: "uniform", seed: 1).Call(new Shape(1, 1)).Span);
        Assert.That(Math.Max(-min, max), Is.LessThanOrEqualTo(Math.Sqrt(1.5)));
        Assert.That(Initializer.ComputeFans(Shape.Scalar), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Constructor_NormalAlias_IsTruncatedNormal() =>
        Assert.That(new VarianceScaling(distribution: "Normal").Distribution, Is.EqualTo("truncated_normal"));

    [Test]
    public void Constructor_InvalidArguments_ThrowWithKerasMessages()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new VarianceScaling(scale: 0f))!.Message,
            Does.StartWith("Argument `scale` must be positive float. Received: scale=0"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new VarianceScaling(mode: "fan_sum"))!.Message,
            Does.StartWith("Invalid `mode` argument: fan_sum."));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new VarianceScaling(distribution: "cauchy"))!.Message,
            Does.StartWith("Invalid `distribution` argument: cauchy."));
    }

    [Test]
    public void GetConfig_KerasKeysAndDefaults()
    {
        Assert.That(new VarianceScaling().GetConfig().ToJsonString(),
            Is.EqualTo("""{"seed":null,"scale":1,"mode":"fan_in","distribution":"truncated_normal"}"""));
        Assert.That(new HeNormal(seed: 3).GetConfig().ToJsonString(), Is.EqualTo("""{"seed":3}"""));
        var glorot = new GlorotUniform();
        Assert.That((glorot.Scale, glorot.Mode, glorot.Distribution), Is.EqualTo((1f, "fan_avg", "uniform")));
        var he = new HeNormal();
        Assert.That((he.Scale, he.Mode, he.Distribution), Is.EqualTo((2f, "fan_in", "truncated_normal")));
    }

    [Test]
    public void Call_Seeded_SameValuesOnEveryCallAndInstance()
    {
        var shape = new Shape(8, 5);
        var a = new GlorotNormal(seed: 42);
        var first = a.Call(shape).ToArray();
        Assert.That(a.Call(shape).ToArray(), Is.EqualTo(first));
        Assert.That(new GlorotNormal(seed: 42).Call(shape).ToArray(), Is.EqualTo(first));
        Assert.That(new GlorotNormal(seed: 43).Call(shape).ToArray(), Is.Not.EqualTo(first));
    }

    [Test]
    public void Call_Unseeded_ReproducibleWithKerasSetRandomSeed()
    {
        var shape = new Shape(8, 5);
        Keras.SetRandomSeed(123);
        var first = new GlorotUniform().Call(shape).ToArray();
        var second = new GlorotUniform().Call(shape).ToArray();
        Keras.SetRandomSeed(123);
        Assert.That(new GlorotUniform().Call(shape).ToArray(), Is.EqualTo(first));
        Assert.That(new GlorotUniform().Call(shape).ToArray(), Is.EqualTo(second));
        Assert.That(second, Is.Not.EqualTo(first), "each unseeded instance draws a seed of its own");
    }

    [Test]
    public void Constructor_DoubleScale_IsStoredAndWrittenAsTyped()
    {
        var init = new VarianceScaling(scale: 0.1, mode: "fan_avg", distribution: "uniform", seed: 3);
        Assert.Multiple(() =>
        {
            Assert.That(init.Scale, Is.EqualTo(0.1));
            Assert.That(init.GetConfig()["scale"]!.ToJsonString(), Is.EqualTo("0.1"));
            Assert.That(init.Call(new Shape(4, 5)).ToArray(),
                Is.EqualTo(new VarianceScaling(0.1f, "fan_avg", "uniform", seed: 3).Call(new Shape(4, 5)).ToArray()));
        });
    }
}
