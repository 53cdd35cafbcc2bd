using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class SGDTests
{
    private static double[] Reference(int steps, double lr, double momentum, bool nesterov)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        foreach (var g in grads)
        {
            for (int i = 0; i < w.Length; i++)
            {
                if (momentum == 0)
                {
                    w[i] -= lr * g[i];
                    continue;
                }
                m[i] = momentum * m[i] - lr * g[i];
                w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i];
            }
        }
        return w;
    }

    [Test]
    public void Apply_NoMomentum_MatchesKerasRule() =>
        AssertClose(Run(new SGD(learningRate: 0.1), 5), Reference(5, 0.1, 0, false));

    [Test]
    public void Apply_Momentum_MatchesKerasRule() =>
        AssertClose(Run(new SGD(learningRate: 0.05, momentum: 0.9f), 6), Reference(6, 0.05, 0.9, false));

    [Test]
    public void Apply_Nesterov_MatchesKerasRule() =>
        AssertClose(Run(new SGD(learningRate: 0.05, momentum: 0.9f, nesterov: true), 6), Reference(6, 0.05, 0.9, true));

    [Test]
    public void Apply_OneStepByHand_IsWMinusLrG()
    {
        var w = new Variable(Tensor.FromArray([1f, -2f]), "w");
        new SGD(learningRate: 0.5).Apply([Tensor.FromArray([0.2f, -0.4f])], [w]);
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { 0.9f, -1.8f }).Within(1e-7f));
    }

    [Test]
    public void Build_NoMomentum_HasNoSlots()
    {
        var opt = new SGD();
        var w = new Variable(Tensor.Zeros(new Shape(3, 4)), "kernel", path: "dense/kernel");
        opt.Apply([Tensor.Zeros(new Shape(3, 4))], [w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "SGD/iteration", "SGD/learning_rate" }));
        Assert.That(opt.CountParams(), Is.EqualTo(2));
    }

    [Test]
    public void Build_Momentum_OneSlotPerVariable()
    {
        var opt = new SGD(momentum: 0.5f);
        var k = new Variable(Tensor.Zeros(new Shape(3, 4)), "kernel", path: "dense/kernel");
        var b = new Variable(Tensor.Zeros(new Shape(4)), "bias", path: "dense/bias");
        opt.Apply([Tensor.Zeros(new Shape(3, 4)), Tensor.Zeros(new Shape(4))], [k, b]);
        Assert.That(opt.Variables.Select(v => v.Path),
            Is.EqualTo(new[] { "SGD/iteration", "SGD/learning_rate", "SGD/dense_kernel_momentum", "SGD/dense_bias_momentum" }));
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 12 + 4));
    }

    [TestCase(-0.1f)]
    [TestCase(1.5f)]
    [TestCase(float.NaN)]
    public void Constructor_MomentumOutsideUnitInterval_Throws(float momentum)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SGD(momentum: momentum));
        Assert.That(ex!.Message, Does.Contain("`momentum` must be a float between [0, 1]"));
    }

    [Test]
    public void GetConfig_Defaults_MatchKeras()
    {
        // keras.optimizers.SGD().get_config() in Keras 3 (learning_rate read back from its float32 variable).
        var keras = JsonNode.Parse("""
            {"name": "SGD", "learning_rate": 0.009999999776482582, "weight_decay": null, "clipnorm": null,
             "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
             "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null,
             "momentum": 0.0, "nesterov": false}
            """)!.AsObject();
        ConfigAssert.Matches(new SGD().GetConfig(), keras);
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var opt = new SGD(learningRate: 0.3, momentum: 0.8f, nesterov: true, clipValue: 2f, name: "my_sgd");
        var copy = SGD.FromConfig(opt.GetConfig());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(opt.GetConfig().ToJsonString()));
        Assert.That((copy.Momentum, copy.Nesterov, copy.ClipValue, copy.Name), Is.EqualTo((0.8f, true, (float?)2f, "my_sgd")));
    }
}
