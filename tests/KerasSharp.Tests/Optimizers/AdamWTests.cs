using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdamWTests
{
    [Test]
    public void Apply_DecoupledWeightDecay_MatchesKerasRule()
    {
        var opt = new AdamW(learningRate: 0.01, weightDecay: 0.1);
        var (w, grads) = OptimizerTestData.Reference(6);
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= 6; t++)
        {
            double alpha = 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= w[i] * 0.1 * 0.01;
                var g = grads[t - 1][i];
                m[i] += (g - m[i]) * 0.1;
                v[i] += (g * g - v[i]) * 0.001;
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-7);
            }
        }
        AssertClose(Run(opt, 6), w);
    }

    [Test]
    public void Constructor_DefaultWeightDecay_IsKeras()
    {
        Assert.That(new AdamW().WeightDecay, Is.EqualTo(0.004));
        Assert.That(AdamW.FromConfig(new JsonObject { ["learning_rate"] = 0.01 }).WeightDecay, Is.EqualTo(0.004));
    }

    [Test]
    public void Constructor_NullWeightDecay_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new AdamW(weightDecay: null));
        Assert.That(ex!.Message, Does.StartWith("Argument `weight_decay` must be a float. Received: weight_decay=None"));
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("adamw"), Is.TypeOf<AdamW>());
        Assert.That(Optimizer.Get("AdamW"), Is.TypeOf<AdamW>(), "class names match case-insensitively");
        Assert.That(new AdamW().Name, Is.EqualTo("adamw"));
        Assert.That(new AdamW().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new AdamW(learningRate: 0.002, weightDecay: 0.05, amsgrad: true);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_1", "beta_2", "epsilon", "amsgrad" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<AdamW>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new AdamW();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "adamw/iteration", "adamw/learning_rate", "adamw/dense_kernel_momentum", "adamw/dense_kernel_velocity" }));
    }
}
