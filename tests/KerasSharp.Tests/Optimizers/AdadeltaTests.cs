using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdadeltaTests
{
    [Test]
    public void Apply_LearningRateOne_MatchesKerasRule() => AssertClose(Run(new Adadelta(learningRate: 1.0), 6), Reference(6, 1.0));

    [Test]
    public void Apply_CustomRho_MatchesKerasRule() =>
        AssertClose(Run(new Adadelta(learningRate: 0.5, rho: 0.8, epsilon: 1e-4), 5), Reference(5, 0.5, 0.8, 1e-4));

    internal static double[] Reference(int steps, double lr, double rho = 0.95, double eps = 1e-7)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var a = new double[w.Length];
        var d = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            KerasRules.Adadelta(w, grads[t - 1], a, d, lr, rho, eps);
        }
        return w;
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("adadelta"), Is.TypeOf<Adadelta>());
        Assert.That(Optimizer.Get("Adadelta"), Is.TypeOf<Adadelta>(), "class names match case-insensitively");
        Assert.That(new Adadelta().Name, Is.EqualTo("adadelta"));
        Assert.That(new Adadelta().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Adadelta(learningRate: 1.0, rho: 0.9);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "rho", "epsilon" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Adadelta>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Adadelta();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "adadelta/iteration", "adadelta/learning_rate", "adadelta/dense_kernel_accumulated_grad", "adadelta/dense_kernel_accumulated_delta_var" }));
    }
}
