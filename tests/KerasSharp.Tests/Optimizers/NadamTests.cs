using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class NadamTests
{
    [Test]
    public void Apply_Defaults_MatchesKerasRule() => AssertClose(Run(new Nadam(learningRate: 0.01), 6), Reference(6, 0.01));

    [Test]
    public void Apply_CustomBetas_MatchesKerasRule() =>
        AssertClose(Run(new Nadam(learningRate: 0.02, beta1: 0.8, beta2: 0.95, epsilon: 1e-4), 5), Reference(5, 0.02, 0.8, 0.95, 1e-4));

    [Test]
    public void Apply_KeepsTheMomentumScheduleProductInItsVariable()
    {
        var opt = new Nadam();
        Run(opt, 2);
        double expected = 0.9 * (1 - 0.5 * 0.96) * 0.9 * (1 - 0.5 * 0.96 * 0.96);
        Assert.That(opt.Variables[^1].Value.Item(), Is.EqualTo(expected).Within(1e-6));
    }

    private static double[] Reference(int steps, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        var v = new double[w.Length];
        double product = 1;
        for (int t = 1; t <= steps; t++)
        {
            KerasRules.Nadam(w, grads[t - 1], m, v, ref product, t, lr, b1, b2, eps);
        }
        return w;
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("nadam"), Is.TypeOf<Nadam>());
        Assert.That(Optimizer.Get("Nadam"), Is.TypeOf<Nadam>(), "class names match case-insensitively");
        Assert.That(new Nadam().Name, Is.EqualTo("nadam"));
        Assert.That(new Nadam().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Nadam(learningRate: 0.003, beta1: 0.8, weightDecay: 0.01, useEma: true, name: "n");
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2", "epsilon" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Nadam>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Nadam();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "nadam/iteration", "nadam/learning_rate", "nadam/dense_kernel_momentum", "nadam/dense_kernel_velocity", "nadam/variable" }));
    }
}
