using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class FtrlTests
{
    [TestCase(-0.5, 0.0, 0.0, 0.0, 0.0)]
    [TestCase(-0.5, 0.01, 0.02, 0.03, 0.5)]
    [TestCase(-1.0, 0.01, 0.02, 0.0, 0.0)]
    [TestCase(0.0, 0.0, 0.1, 0.0, 0.1)]
    public void Apply_MatchesKerasRule(double lrPower, double l1, double l2, double shrinkage, double beta)
    {
        var opt = new Ftrl(learningRate: 0.1, learningRatePower: lrPower, initialAccumulatorValue: 0.2,
            l1RegularizationStrength: l1, l2RegularizationStrength: l2, l2ShrinkageRegularizationStrength: shrinkage, beta: beta);
        var (w, grads) = OptimizerTestData.Reference(5);
        var acc = Enumerable.Repeat(0.2, w.Length).ToArray();
        var linear = new double[w.Length];
        for (int t = 0; t < 5; t++)
        {
            KerasRules.Ftrl(w, grads[t], acc, linear, 0.1, lrPower, l1, l2, shrinkage, beta);
        }
        AssertClose(Run(opt, 5), w, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("ftrl"), Is.TypeOf<Ftrl>());
        Assert.That(Optimizer.Get("Ftrl"), Is.TypeOf<Ftrl>(), "class names match case-insensitively");
        Assert.That(new Ftrl().Name, Is.EqualTo("ftrl"));
        Assert.That(new Ftrl().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Ftrl(learningRate: 0.05, l1RegularizationStrength: 0.001, beta: 0.1);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Ftrl>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Ftrl();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "ftrl/iteration", "ftrl/learning_rate", "ftrl/dense_kernel_accumulator", "ftrl/dense_kernel_linear" }));
    }

    [Test]
    public void Constructor_OutOfRange_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Ftrl(learningRatePower: 0.5));
        Assert.That(ex!.Message, Does.Contain("`learning_rate_power` needs to be negative or zero. Received: learning_rate_power=0.5."));
    }
}
