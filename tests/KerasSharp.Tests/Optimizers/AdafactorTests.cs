using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

public class AdafactorTests
{
    [Test]
    public void Apply_Matrix_MatchesKerasFactoredRule()
    {
        const int rows = 4, columns = 5;
        var opt = new Adafactor(learningRate: 0.1);
        var w = new Variable(Tensor.FromArray(InitialWeights(rows * columns), rows, columns), "kernel");
        var expected = Array.ConvertAll(InitialWeights(rows * columns), x => (double)x);
        var r = new double[rows];
        var c = new double[columns];
        var v = new double[rows * columns];
        for (int t = 1; t <= 5; t++)
        {
            var g = Gradient(t - 1, rows * columns);
            opt.Apply([Tensor.FromArray(g, rows, columns)], [w]);
            KerasRules.Adafactor(expected, Array.ConvertAll(g, x => (double)x), r, c, v, rows, t, 0.1);
        }
        AssertClose(w.Value.ToArray(), expected, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Apply_Vector_MatchesKerasRule()
    {
        var (w, grads) = OptimizerTestData.Reference(5);
        var v = new double[w.Length];
        for (int t = 1; t <= 5; t++)
        {
            KerasRules.Adafactor(w, grads[t - 1], [], [], v, 0, t, 0.01, clip: 0.5);
        }
        AssertClose(Run(new Adafactor(learningRate: 0.01, clipThreshold: 0.5), 5), w, rtol: 1e-4, atol: 1e-5);
    }

    [Test]
    public void Build_MatrixOfRankThree_FactorsTheLastTwoAxes()
    {
        var opt = new Adafactor();
        opt.EnsureBuilt([new Variable(Tensor.Zeros(new Shape(2, 3, 4)), "kernel", path: "conv/kernel")]);
        Assert.That(opt.Variables.Skip(2).Select(v => v.Shape.ToString()), Is.EqualTo(new[] { new Shape(2, 3).ToString(), new Shape(2, 4).ToString(), new Shape(2, 3, 4).ToString() }));
    }

    [Test]
    public void Get_Id_CreatesTheOptimizerWithKerasDefaults()
    {
        Assert.That(Optimizer.Get("adafactor"), Is.TypeOf<Adafactor>());
        Assert.That(Optimizer.Get("Adafactor"), Is.TypeOf<Adafactor>(), "class names match case-insensitively");
        Assert.That(new Adafactor().Name, Is.EqualTo("adafactor"));
        Assert.That(new Adafactor().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void GetConfig_HasKerasKeysInOrder_AndRoundTrips()
    {
        var opt = new Adafactor(learningRate: 0.01, clipThreshold: 2.0, relativeStep: false);
        var config = opt.GetConfig();
        Assert.That(config.Select(p => p.Key), Is.EqualTo(new[] { "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step" }));
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<Adafactor>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(config.ToJsonString()));
    }

    [Test]
    public void Build_CreatesKerasSlotsInOrder()
    {
        var opt = new Adafactor();
        var w = new Variable(Tensor.FromArray(InitialWeights(6), 2, 3), "kernel", path: "dense/kernel");
        opt.EnsureBuilt([w]);
        Assert.That(opt.Variables.Select(v => v.Path), Is.EqualTo(new[] { "adafactor/iteration", "adafactor/learning_rate", "adafactor/kernel", "adafactor/kernel", "adafactor/dense_kernel_velocity" }));
    }
}
