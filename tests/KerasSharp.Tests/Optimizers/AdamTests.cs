using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdamTests
{
    /// <summary>Keras' Adam in double: ε is added to sqrt of the uncorrected v; the bias correction is in α.</summary>
    private static double[] Reference(int steps, double lr, double b1, double b2, double eps, bool amsgrad)
    {
        var (w, grads) = OptimizerTestData.Reference(steps);
        var m = new double[w.Length];
        var v = new double[w.Length];
        var vHat = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            var g = grads[t - 1];
            double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (int i = 0; i < w.Length; i++)
            {
                m[i] += (g[i] - m[i]) * (1 - b1);
                v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
                vHat[i] = Math.Max(vHat[i], v[i]);
                w[i] -= alpha * m[i] / (Math.Sqrt(amsgrad ? vHat[i] : v[i]) + eps);
            }
        }
        return w;
    }

    [Test]
    public void Apply_Defaults_MatchesKerasRule() =>
        AssertClose(Run(new Adam(), 6), Reference(6, 0.001, 0.9, 0.999, 1e-7, false));

    [Test]
    public void Apply_CustomHyperparameters_MatchesKerasRule() =>
        AssertClose(Run(new Adam(learningRate: 0.05, beta1: 0.8f, beta2: 0.95f, epsilon: 1e-3f), 7), Reference(7, 0.05, 0.8, 0.95, 1e-3, false));

    [Test]
    public void Apply_Amsgrad_MatchesKerasRule()
    {
        // gradients shrink over the steps and β2 is small, so v falls and v̂ = max(v̂, v) differs from v
        var opt = new Adam(learningRate: 0.01, beta2: 0.5f, amsgrad: true);
        var w = new Variable(Tensor.FromArray(InitialWeights()), "w");
        var (rw, _) = OptimizerTestData.Reference(0);
        var m = new double[Length];
        var v = new double[Length];
        var vHat = new double[Length];
        var plain = (double[])rw.Clone();
        for (int t = 1; t <= 8; t++)
        {
            float scale = 2f / t;
            var g = Gradient(t - 1, scale: scale);
            opt.Apply([Tensor.FromArray(g)], [w]);
            double alpha = 0.01 * Math.Sqrt(1 - Math.Pow(0.5, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < Length; i++)
            {
                m[i] += (g[i] - m[i]) * 0.1;
                v[i] += ((double)g[i] * g[i] - v[i]) * 0.5;
                vHat[i] = Math.Max(vHat[i], v[i]);
                rw[i] -= alpha * m[i] / (Math.Sqrt(vHat[i]) + 1e-7);
                plain[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-7);
            }
        }
        AssertClose(w.Value.ToArray(), rw);
        Assert.That(rw.Zip(plain).Max(p => Math.Abs(p.First - p.Second)), Is.GreaterThan(1e-3), "the test must exercise v̂ ≠ v");
    }

    [Test]
    public void Apply_FirstStep_MovesEachWeightByAboutLr()
    {
        // t = 1: m = 0.1 g, v = 0.001 g², α = lr·sqrt(0.001)/0.1, so the step is lr·sign(g) (up to ε)
        var w = new Variable(Tensor.FromArray([1f, 1f]), "w");
        new Adam(learningRate: 0.1).Apply([Tensor.FromArray([3f, -0.5f])], [w]);
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { 0.9f, 1.1f }).Within(1e-5f));
    }

    [Test]
    public void Build_TwoVariables_SlotsInterleavedInKerasOrder()
    {
        var opt = new Adam();
        var k = new Variable(Tensor.Zeros(new Shape(3, 4)), "kernel", path: "dense/kernel");
        var b = new Variable(Tensor.Zeros(new Shape(4)), "bias", path: "dense/bias");
        opt.Apply([Tensor.Zeros(new Shape(3, 4)), Tensor.Zeros(new Shape(4))], [k, b]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[]
        {
            "adam/iteration", "adam/learning_rate",
            "adam/dense_kernel_momentum", "adam/dense_kernel_velocity",
            "adam/dense_bias_momentum", "adam/dense_bias_velocity",
        }));
        Assert.That(opt.Variables.Skip(2).Select(v => v.Shape), Is.EqualTo(new[] { k.Shape, k.Shape, b.Shape, b.Shape }));
        Assert.That(opt.Variables.All(v => !v.Trainable), Is.True);
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 2 * (12 + 4)));
    }

    [Test]
    public void Build_Amsgrad_AddsVelocityHatsAfterwards()
    {
        var opt = new Adam(amsgrad: true);
        var k = new Variable(Tensor.Zeros(new Shape(3, 4)), "kernel", path: "dense/kernel");
        var b = new Variable(Tensor.Zeros(new Shape(4)), "bias", path: "dense/bias");
        opt.Apply([Tensor.Zeros(new Shape(3, 4)), Tensor.Zeros(new Shape(4))], [k, b]);
        Assert.That(opt.Variables.Select(v => v.Name).Skip(6), Is.EqualTo(new[] { "dense_kernel_velocity_hat", "dense_bias_velocity_hat" }));
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 3 * 16));
    }

    [TestCase(-0.1f, 0.999f)]
    [TestCase(1f, 0.999f)]
    [TestCase(0.9f, 1.2f)]
    public void Constructor_BetaOutsideRange_Throws(float beta1, float beta2) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam(beta1: beta1, beta2: beta2));

    [Test]
    public void GetConfig_Defaults_MatchKeras()
    {
        // keras.optimizers.Adam().get_config() in Keras 3.
        var keras = JsonNode.Parse("""
            {"name": "adam", "learning_rate": 0.0010000000474974513, "weight_decay": null, "clipnorm": null,
             "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99,
             "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null,
             "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}
            """)!.AsObject();
        ConfigAssert.Matches(new Adam().GetConfig(), keras);
        Assert.That(new Adam().GetConfig()["beta_1"]!.ToJsonString(), Is.EqualTo("0.9"), "float hyperparameters keep their decimal form");
    }

    [Test]
    public void FromConfig_KerasConfig_RestoresHyperparameters()
    {
        var config = JsonNode.Parse("""
            {"name": "adam_1", "learning_rate": 0.002, "weight_decay": null, "clipnorm": 1.5, "global_clipnorm": null,
             "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null,
             "loss_scale_factor": null, "gradient_accumulation_steps": null,
             "beta_1": 0.85, "beta_2": 0.99, "epsilon": 1e-08, "amsgrad": true}
            """)!.AsObject();
        var opt = Adam.FromConfig(config);
        Assert.That((opt.Name, opt.LearningRate, opt.ClipNorm, opt.Beta1, opt.Beta2, opt.Epsilon, opt.Amsgrad),
            Is.EqualTo(("adam_1", 0.002, (double?)1.5, 0.85, 0.99, 1e-8, true)));
        Assert.That(Adam.FromConfig(opt.GetConfig()).GetConfig().ToJsonString(), Is.EqualTo(opt.GetConfig().ToJsonString()));
    }

    [Test]
    public void FromConfig_LossScaleFactor_ThrowsNotSupported()
    {
        var config = new Adam().GetConfig();
        config["loss_scale_factor"] = 128.0;
        Assert.Throws<NotSupportedException>(() => Adam.FromConfig(config));
    }
}
