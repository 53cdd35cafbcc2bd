using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdamaxTests
{
    [Test]
    public void Apply_Defaults_MatchesKerasRule() => AssertClose(Run(new Adamax(learningRate: 0.01), 6), Reference(6, 0.01));

    [Test]
    public void Apply_CustomHyperparameters_MatchesKerasRule() =>
        AssertClose(Run(new Adamax(learningRate: 0.05, beta1: 0.7, beta2: 0.9, epsilon: 1e-3), 5), Reference(5, 0.05, 0.7, 0.9, 1e-3));

    internal static double[] Reference(int steps, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        var u = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            KerasRules.Adamax(w, grads[t - 1], m, u, t, lr, b1, b2, eps);
        }
        return w;
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("adamax"), Is.TypeOf<Adamax>());
        Assert.That(Optimizer.Get("Adamax"), Is.TypeOf<Adamax>(), "class names match case-insensitively");
        Assert.That(new Adamax().Name, Is.EqualTo("adamax"));
        Assert.That(new Adamax().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Adamax(learningRate: 0.003, beta2: 0.99, clipNorm: 1.0);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2", "epsilon" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Adamax>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Adamax();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "adamax/iteration", "adamax/learning_rate", "adamax/dense_kernel_momentum", "adamax/dense_kernel_norm" }));
    }
}
