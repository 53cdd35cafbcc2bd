using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class LambTests
{
    [Test]
    public void Apply_Defaults_MatchesKerasRule() => AssertClose(Run(new Lamb(learningRate: 0.01), 6), Reference(6, 0.01));

    [Test]
    public void Apply_CustomBetas_MatchesKerasRule() =>
        AssertClose(Run(new Lamb(learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 1e-5), 5), Reference(5, 0.05, 0.8, 0.9, 1e-5));

    [Test]
    public void Apply_ZeroWeights_UsesTrustRatioOne()
    {
        var w = new Variable(Tensor.FromArray([0f, 0f]), "w");
        new Lamb(learningRate: 0.1).Apply([Tensor.FromArray([1f, -1f])], [w]);
        // u = (0.1·g/0.1)/(sqrt(0.001·g²/0.001) + ε) ≈ sign(g)
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { -0.1f, 0.1f }).Within(1e-6f));
    }

    private static double[] Reference(int steps, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            KerasRules.Lamb(w, grads[t - 1], m, v, t, lr, b1, b2, eps);
        }
        return w;
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("lamb"), Is.TypeOf<Lamb>());
        Assert.That(Optimizer.Get("Lamb"), Is.TypeOf<Lamb>(), "class names match case-insensitively");
        Assert.That(new Lamb().Name, Is.EqualTo("lamb"));
        Assert.That(new Lamb().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Lamb(learningRate: 0.002, gradientAccumulationSteps: 4);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2", "epsilon" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Lamb>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Lamb();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "lamb/iteration", "lamb/learning_rate", "lamb/dense_kernel_momentum", "lamb/dense_kernel_velocity" }));
    }
}
