using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdagradTests
{
    private static double[] Reference(int steps, double lr, double initial, double eps)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var acc = Enumerable.Repeat(initial, w.Length).ToArray();
        foreach (var g in grads)
        {
            for (int i = 0; i < w.Length; i++)
            {
                acc[i] += g[i] * g[i];
                w[i] -= lr * g[i] / Math.Sqrt(acc[i] + eps);
            }
        }
        return w;
    }

    [Test]
    public void Apply_Defaults_MatchesKerasRule() =>
        AssertClose(Run(new Adagrad(), 6), Reference(6, 0.001, 0.1, 1e-7));

    [Test]
    public void Apply_CustomAccumulator_MatchesKerasRule() =>
        AssertClose(Run(new Adagrad(learningRate: 0.5, initialAccumulatorValue: 0f, epsilon: 1e-4f), 6), Reference(6, 0.5, 0, 1e-4));

    [Test]
    public void Build_AccumulatorsStartAtInitialValue()
    {
        var opt = new Adagrad(initialAccumulatorValue: 0.25f);
        var w = new Variable(Tensor.Zeros(new Shape(2, 2)), "w");
        opt.Apply([Tensor.Zeros(new Shape(2, 2))], [w]);   // g = 0 leaves the accumulator unchanged
        var acc = opt.Variables[2];
        Assert.That(acc.Name, Is.EqualTo("w_accumulator"));
        Assert.That(acc.Value.ToArray(), Is.All.EqualTo(0.25f));
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 4));
    }

    [Test]
    public void Constructor_NegativeInitialAccumulator_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adagrad(initialAccumulatorValue: -1f));

    [Test]
    public void GetConfig_Defaults_MatchKeras()
    {
        var keras = JsonNode.Parse("""
            {"name": "adagrad", "learning_rate": 0.0010000000474974513, "weight_decay": null, "clipnorm": null,
             "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
             "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null,
             "initial_accumulator_value": 0.1, "epsilon": 1e-07}
            """)!.AsObject();
        ConfigAssert.Matches(new Adagrad().GetConfig(), keras);
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var opt = new Adagrad(learningRate: 0.02, initialAccumulatorValue: 0.3f, epsilon: 1e-5f, clipNorm: 1f);
        Assert.That(Adagrad.FromConfig(opt.GetConfig()).GetConfig().ToJsonString(), Is.EqualTo(opt.GetConfig().ToJsonString()));
    }
}
