using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class LionTests
{
    [Test]
    public void Apply_Defaults_MatchesKerasRule() => AssertClose(Run(new Lion(learningRate: 0.01), 6), Reference(6, 0.01));

    [Test]
    public void Apply_CustomBetas_MatchesKerasRule() =>
        AssertClose(Run(new Lion(learningRate: 0.003, beta1: 0.5, beta2: 0.9), 5), Reference(5, 0.003, 0.5, 0.9));

    [Test]
    public void Apply_ZeroGradientAndMomentum_LeavesTheWeight()
    {
        var w = new Variable(Tensor.FromArray([1f, -2f]), "w");
        new Lion().Apply([Tensor.FromArray([0f, 0f])], [w]);
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { 1f, -2f }), "sign(0) is 0");
    }

    private static double[] Reference(int steps, double lr, double b1 = 0.9, double b2 = 0.99)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        for (int t = 0; t < steps; t++)
        {
            KerasRules.Lion(w, grads[t], m, lr, b1, b2);
        }
        return w;
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("lion"), Is.TypeOf<Lion>());
        Assert.That(Optimizer.Get("Lion"), Is.TypeOf<Lion>(), "class names match case-insensitively");
        Assert.That(new Lion().Name, Is.EqualTo("lion"));
        Assert.That(new Lion().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Lion(learningRate: 1e-4, weightDecay: 0.01);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Lion>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Lion();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "lion/iteration", "lion/learning_rate", "lion/dense_kernel_momentum" }));
    }

    [Test]
    public void Constructor_OutOfRange_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Lion(beta1: 0));
        Assert.That(ex!.Message, Does.Contain("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta_1=0."));
    }
}
