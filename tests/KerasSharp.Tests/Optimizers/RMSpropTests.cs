using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class RMSpropTests
{
    /// <summary>Keras' RMSprop in double: ε inside the square root; centered subtracts the squared mean gradient.</summary>
    private static double[] Reference(int steps, double lr, double rho, double momentum, double eps, bool centered)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var v = new double[w.Length];
        var mom = new double[w.Length];
        var avg = new double[w.Length];
        foreach (var g in grads)
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                double denominator = v[i] + eps;
                if (centered)
                {
                    avg[i] = rho * avg[i] + (1 - rho) * g[i];
                    denominator = v[i] - avg[i] * avg[i] + eps;
                }
                double increment = lr * g[i] / Math.Sqrt(denominator);
                if (momentum > 0)
                {
                    mom[i] = momentum * mom[i] + increment;
                    increment = mom[i];
                }
                w[i] -= increment;
            }
        }
        return w;
    }

    [Test]
    public void Apply_Defaults_MatchesKerasRule() =>
        AssertClose(Run(new RMSprop(), 6), Reference(6, 0.001, 0.9, 0, 1e-7, false));

    [Test]
    public void Apply_Momentum_MatchesKerasRule() =>
        AssertClose(Run(new RMSprop(learningRate: 0.01, momentum: 0.7f), 6), Reference(6, 0.01, 0.9, 0.7, 1e-7, false));

    [Test]
    public void Apply_Centered_MatchesKerasRule() =>
        AssertClose(Run(new RMSprop(learningRate: 0.01, rho: 0.8f, centered: true), 6), Reference(6, 0.01, 0.8, 0, 1e-7, true), rtol: 1e-4);

    [Test]
    public void Apply_CenteredWithMomentum_MatchesKerasRule() =>
        AssertClose(Run(new RMSprop(learningRate: 0.01, momentum: 0.5f, centered: true, epsilon: 1e-3f), 6),
            Reference(6, 0.01, 0.9, 0.5, 1e-3, true), rtol: 1e-4);

    [Test]
    public void Apply_KerasDocExample_Gives9Point683772()
    {
        // keras.optimizers.RMSprop docstring: lr 0.1, var 10, loss var²/2 ⇒ one step gives 9.683772
        var w = new Variable(Tensor.Scalar(10f), "var1");
        new RMSprop(learningRate: 0.1).Apply([Tensor.Scalar(10f)], [w]);
        Assert.That(w.Value.Item(), Is.EqualTo(9.683772f).Within(1e-5f));
    }

    [Test]
    public void Build_MomentumAndCentered_SlotsGroupedByKindInKerasOrder()
    {
        var opt = new RMSprop(momentum: 0.9f, centered: true);
        var k = new Variable(Tensor.Zeros(new Shape(2, 3)), "kernel", path: "d/kernel");
        var b = new Variable(Tensor.Zeros(new Shape(3)), "bias", path: "d/bias");
        opt.Apply([Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(3))], [k, b]);
        Assert.That(opt.Variables.Select(v => v.Name), Is.EqualTo(new[]
        {
            "iteration", "learning_rate",
            "d_kernel_velocity", "d_bias_velocity",
            "d_kernel_momentum", "d_bias_momentum",
            "d_kernel_average_gradient", "d_bias_average_gradient",
        }));
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 3 * 9));
    }

    [Test]
    public void Build_Defaults_OnlyVelocities()
    {
        var opt = new RMSprop();
        var k = new Variable(Tensor.Zeros(new Shape(2, 3)), "kernel");
        opt.Apply([Tensor.Zeros(new Shape(2, 3))], [k]);
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 6));
    }

    [Test]
    public void GetConfig_Defaults_MatchKeras()
    {
        var keras = JsonNode.Parse("""
            {"name": "rmsprop", "learning_rate": 0.0010000000474974513, "weight_decay": null, "clipnorm": null,
             "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
             "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null,
             "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": false}
            """)!.AsObject();
        ConfigAssert.Matches(new RMSprop().GetConfig(), keras);
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        var opt = new RMSprop(learningRate: 0.01, rho: 0.8f, momentum: 0.1f, epsilon: 1e-6f, centered: true, globalClipNorm: 3f);
        Assert.That(RMSprop.FromConfig(opt.GetConfig()).GetConfig().ToJsonString(), Is.EqualTo(opt.GetConfig().ToJsonString()));
    }
}
