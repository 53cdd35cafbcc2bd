using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;
using KerasSharp.Optimizers.Schedules;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

/// <summary>The shared behaviour of the base class: clipping, iterations, learning rate, ids, errors, allocation.</summary>
public class OptimizerTests
{
    private static double Norm(double[] g) => Math.Sqrt(g.Sum(x => x * x));

    [Test]
    public void Apply_ClipNorm_ClipsEachGradientToNorm()
    {
        // gradients of norm ≈ 2.4 (scale 3) are clipped to 0.5; plain SGD shows the clipped gradient directly
        const double lr = 0.1, clip = 0.5;
        var actual = Run(new SGD(learningRate: lr, clipNorm: (float)clip), 4, gradientScale: 3f);
        var (w, grads) = Reference(4, gradientScale: 3f);
        foreach (var g in grads)
        {
            double n = Norm(g);
            Assert.That(n, Is.GreaterThan(clip), "the test gradients must exceed the clip norm");
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= lr * g[i] * clip / Math.Max(n, clip);
            }
        }
        AssertClose(actual, w);
    }

    [Test]
    public void Apply_ClipNormAboveGradientNorm_LeavesGradient() =>
        AssertClose(Run(new SGD(learningRate: 0.1, clipNorm: 100f), 3), Run(new SGD(learningRate: 0.1), 3).Select(x => (double)x).ToArray());

    [Test]
    public void Apply_ClipValue_ClampsEachElement()
    {
        const double lr = 0.1, clip = 0.2;
        var actual = Run(new SGD(learningRate: lr, clipValue: (float)clip), 4);
        var (w, grads) = Reference(4);
        foreach (var g in grads)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= lr * Math.Clamp(g[i], -clip, clip);
            }
        }
        AssertClose(actual, w);
    }

    [Test]
    public void Apply_GlobalClipNorm_ScalesAllGradientsByTheGlobalNorm()
    {
        const double lr = 0.1, clip = 1.0;
        var a = new Variable(Tensor.FromArray(InitialWeights()), "a");
        var b = new Variable(Tensor.FromArray(new float[] { 1f, 2f, 3f }), "b");
        var opt = new SGD(learningRate: lr, globalClipNorm: (float)clip);
        var wa = Array.ConvertAll(a.Value.ToArray(), x => (double)x);
        var wb = new double[] { 1, 2, 3 };
        for (int t = 0; t < 3; t++)
        {
            var ga = Gradient(t);
            float[] gb = [1.5f, -2f * t, 0.5f];
            opt.Apply([Tensor.FromArray(ga), Tensor.FromArray(gb)], [a, b]);
            double global = Math.Sqrt(ga.Sum(x => (double)x * x) + gb.Sum(x => (double)x * x));
            Assert.That(global, Is.GreaterThan(clip));
            double scale = clip / global;
            for (int i = 0; i < wa.Length; i++)
            {
                wa[i] -= lr * ga[i] * scale;
            }
            for (int i = 0; i < wb.Length; i++)
            {
                wb[i] -= lr * gb[i] * scale;
            }
        }
        AssertClose(a.Value.ToArray(), wa);
        AssertClose(b.Value.ToArray(), wb);
    }

    [Test]
    public void Apply_ClipNormWithAdam_ClipsBeforeTheMoments()
    {
        // Adam is scale-invariant only up to ε, so check clipping through the moments explicitly
        const double clip = 0.5;
        var actual = Run(new Adam(learningRate: 0.01, clipNorm: (float)clip), 3, gradientScale: 3f);
        var (w, grads) = Reference(3, gradientScale: 3f);
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= 3; t++)
        {
            var g = grads[t - 1];
            double s = clip / Math.Max(Norm(g), clip);
            double alpha = 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < w.Length; i++)
            {
                double gi = g[i] * s;
                m[i] += (gi - m[i]) * 0.1;
                v[i] += (gi * gi - v[i]) * 0.001;
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-7);
            }
        }
        AssertClose(actual, w);
    }

    [Test]
    public void Apply_DoesNotModifyTheGradient()
    {
        var g = Tensor.FromArray(Gradient(0));
        var before = g.ToArray();
        var w = new Variable(Tensor.FromArray(InitialWeights()), "w");
        new SGD(clipValue: 0.01f).Apply([g], [w]);
        Assert.That(g.ToArray(), Is.EqualTo(before));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Apply_ExponentialDecaySchedule_UsesLearningRateAtIterations(bool staircase)
    {
        const double lr0 = 0.5, rate = 0.5;
        const int decaySteps = 2;
        var opt = new SGD(learningRate: new ExponentialDecay(lr0, decaySteps, rate, staircase));
        var actual = Run(opt, 5);
        var (w, grads) = Reference(5);
        for (int t = 0; t < grads.Length; t++)
        {
            double p = staircase ? Math.Floor((double)t / decaySteps) : (double)t / decaySteps;
            double lr = lr0 * Math.Pow(rate, p);
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= lr * grads[t][i];
            }
        }
        AssertClose(actual, w);
        Assert.That(opt.LearningRate, Is.EqualTo(lr0 * Math.Pow(rate, staircase ? 2 : 2.5)).Within(1e-12));
    }

    [Test]
    public void Apply_AdamWithSchedule_MatchesKerasRule()
    {
        var schedule = new ExponentialDecay(0.01, 3, 0.8, staircase: true);
        var actual = Run(new Adam(learningRate: schedule), 7);
        var (w, grads) = Reference(7);
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= 7; t++)
        {
            double lr = 0.01 * Math.Pow(0.8, Math.Floor((t - 1) / 3.0));
            double alpha = lr * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < w.Length; i++)
            {
                m[i] += (grads[t - 1][i] - m[i]) * 0.1;
                v[i] += (grads[t - 1][i] * grads[t - 1][i] - v[i]) * 0.001;
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-7);
            }
        }
        AssertClose(actual, w);
    }

    [Test]
    public void Iterations_CountsApplyCalls()
    {
        var opt = new Adam();
        var w = new Variable(Tensor.Zeros(new Shape(3)), "w");
        Assert.That(opt.Iterations, Is.Zero);
        for (int i = 0; i < 4; i++)
        {
            opt.Apply([Tensor.Ones(new Shape(3))], [w]);
        }
        Assert.That(opt.Iterations, Is.EqualTo(4));
        Assert.That(opt.Variables[0].Value.Item(), Is.EqualTo(4f));
        Assert.That(opt.Variables[0].Path, Is.EqualTo("adam/iteration"));
    }

    [Test]
    public void Iterations_AssignedThroughVariable_IsAdopted()
    {
        // loading a saved optimizer assigns its variables; the next update must use the restored step
        var opt = new Adam(learningRate: 0.1);
        var w = new Variable(Tensor.FromArray([1f]), "w");
        opt.Apply([Tensor.FromArray([1f])], [w]);
        opt.Variables[0].Assign(Tensor.Scalar(100f));
        Assert.That(opt.Iterations, Is.EqualTo(100));
        opt.Apply([Tensor.FromArray([1f])], [w]);
        Assert.That(opt.Iterations, Is.EqualTo(101));
    }

    [Test]
    public void EnsureBuilt_BeforeApply_CreatesSlotsOnce()
    {
        var opt = new Adam();
        var w = new Variable(Tensor.Zeros(new Shape(2, 2)), "w");
        opt.EnsureBuilt([w]);
        Assert.That((opt.Built, opt.CountParams(), opt.Iterations), Is.EqualTo((true, 2L + 8, 0L)));
        opt.EnsureBuilt([w]);
        opt.Apply([Tensor.Ones(new Shape(2, 2))], [w]);
        Assert.That(opt.CountParams(), Is.EqualTo(2 + 8));
    }

    [Test]
    public void Apply_EmptyLists_IsNoOp()
    {
        var opt = new SGD();
        opt.Apply([], []);
        Assert.That((opt.Iterations, opt.Built), Is.EqualTo((0L, false)));
    }

    [Test]
    public void Apply_NullGradient_SkipsThatVariable()
    {
        var a = new Variable(Tensor.FromArray([1f]), "a");
        var b = new Variable(Tensor.FromArray([1f]), "b");
        new SGD(learningRate: 0.5).Apply([null!, Tensor.FromArray([1f])], [a, b]);
        Assert.That((a.Value.Item(), b.Value.Item()), Is.EqualTo((1f, 0.5f)));
    }

    [Test]
    public void LearningRate_Constant_GetAndSet()
    {
        var opt = new SGD(learningRate: 0.1);
        Assert.That(opt.LearningRate, Is.EqualTo(0.1));
        opt.LearningRate = 0.025;
        Assert.That(opt.LearningRate, Is.EqualTo(0.025));
        Assert.That(opt.Variables[1].Path, Is.EqualTo("SGD/learning_rate"));
        Assert.That(opt.Variables[1].Value.Item(), Is.EqualTo(0.025f));

        var w = new Variable(Tensor.FromArray([1f]), "w");
        opt.Apply([Tensor.FromArray([2f])], [w]);
        Assert.That(w.Value.Item(), Is.EqualTo(1f - 0.025f * 2f).Within(1e-7f));
    }

    [Test]
    public void LearningRate_SetOnSchedule_ReplacesItByAConstant()
    {
        var opt = new Adam(learningRate: new ExponentialDecay(0.1, 10, 0.5));
        Assert.That(opt.Variables.Select(v => v.Name), Is.EqualTo(new[] { "iteration" }), "Keras tracks no learning_rate variable for a schedule");
        Assert.That(opt.CountParams(), Is.EqualTo(1));
        Assert.That(opt.LearningRate, Is.EqualTo(0.1));
        opt.LearningRate = 0.003;
        Assert.That(opt.LearningRate, Is.EqualTo(0.003));
        Assert.That(opt.Variables.Select(v => v.Name), Is.EqualTo(new[] { "iteration", "learning_rate" }));
        Assert.That(opt.GetConfig()["learning_rate"]!.GetValue<double>(), Is.EqualTo(0.003));
    }

    [Test]
    public void LearningRate_AssignedThroughVariable_IsAdopted()
    {
        var opt = new SGD(learningRate: 0.1);
        opt.Variables[1].Assign(Tensor.Scalar(0.5f));
        Assert.That(opt.LearningRate, Is.EqualTo(0.5));
    }

    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void LearningRate_NegativeOrNotFinite_Throws(double lr)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SGD(learningRate: lr));
        var opt = new Adam();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = lr);
        Assert.That(ex!.Message, Does.Contain("learning_rate"));
    }

    [Test]
    public void Constructor_NullLearningRate_UsesKerasDefaults()
    {
        Assert.That(new SGD().LearningRate, Is.EqualTo(0.01));
        Assert.That(new Adam().LearningRate, Is.EqualTo(0.001));
        Assert.That(new RMSprop().LearningRate, Is.EqualTo(0.001));
        Assert.That(new Adagrad().LearningRate, Is.EqualTo(0.001));
    }

    [Test]
    public void Constructor_TwoClipOptions_ThrowsLikeKeras()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Adam(clipNorm: 1f, globalClipNorm: 1f));
        Assert.That(ex!.Message, Does.StartWith("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set."));
        Assert.That(ex.Message, Does.Contain("clipnorm=1, clipvalue=None, global_clipnorm=1"));
        Assert.Throws<ArgumentException>(() => _ = new SGD(clipNorm: 1f, clipValue: 1f));
    }

    [Test]
    public void Constructor_NegativeClip_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SGD(clipValue: -1f));

    [Test]
    public void Apply_UnknownVariableAfterBuild_Throws()
    {
        var opt = new SGD();
        var a = new Variable(Tensor.Zeros(new Shape(2)), "a");
        var b = new Variable(Tensor.Zeros(new Shape(2)), "b");
        opt.Apply([Tensor.Zeros(new Shape(2))], [a]);
        var ex = Assert.Throws<ArgumentException>(() => opt.Apply([Tensor.Zeros(new Shape(2))], [b]));
        Assert.That(ex!.Message, Does.StartWith("Unknown variable: Variable(path=b"));
    }

    [Test]
    public void Apply_SubsetOfBuiltVariables_UpdatesTheRightSlots()
    {
        var opt = new SGD(learningRate: 1.0, momentum: 0.5f);
        var a = new Variable(Tensor.Zeros(new Shape(1)), "a");
        var b = new Variable(Tensor.Zeros(new Shape(2)), "b");
        opt.Apply([Tensor.Ones(new Shape(1)), Tensor.Ones(new Shape(2))], [a, b]);   // m = −1 for both
        opt.Apply([Tensor.Ones(new Shape(2))], [b]);                                 // m_b = −0.5 − 1
        Assert.That(b.Value.ToArray(), Is.EqualTo(new[] { -2.5f, -2.5f }));
        Assert.That(a.Value.ToArray(), Is.EqualTo(new[] { -1f }));
    }

    [Test]
    public void Apply_ShapeMismatch_Throws()
    {
        var w = new Variable(Tensor.Zeros(new Shape(2, 3)), "w", path: "dense/kernel");
        var ex = Assert.Throws<ArgumentException>(() => new SGD().Apply([Tensor.Zeros(new Shape(3, 2))], [w]));
        Assert.That(ex!.Message, Does.Contain("(3, 2)").And.Contain("dense/kernel").And.Contain("(2, 3)"));
    }

    [Test]
    public void Apply_CountMismatch_Throws()
    {
        var w = new Variable(Tensor.Zeros(new Shape(2)), "w");
        Assert.Throws<ArgumentException>(() => new SGD().Apply([Tensor.Zeros(new Shape(2)), Tensor.Zeros(new Shape(2))], [w]));
    }

    [TestCase("sgd", typeof(SGD))]
    [TestCase("SGD", typeof(SGD))]
    [TestCase("adam", typeof(Adam))]
    [TestCase("Adam", typeof(Adam))]
    [TestCase("rmsprop", typeof(RMSprop))]
    [TestCase("RMSprop", typeof(RMSprop))]
    [TestCase("adagrad", typeof(Adagrad))]
    [TestCase("Adagrad", typeof(Adagrad))]
    public void Get_KerasId_ReturnsOptimizerWithDefaults(string id, Type type)
    {
        var opt = Optimizer.Get(id);
        Assert.That(opt, Is.TypeOf(type));
        Optimizer converted = id;
        Assert.That(converted, Is.TypeOf(type));
        Assert.That(converted, Is.Not.SameAs(opt), "each Get returns a fresh optimizer");
    }

    [Test]
    public void Get_UnknownId_ThrowsListingValidIds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Optimizer.Get("adamz"));
        Assert.That(ex!.Message, Does.Contain("'adamz'").And.Contain("'adadelta', 'adafactor', 'adagrad', 'adam', 'adamax', 'adamw', 'ftrl', 'lamb', 'lion', 'nadam', 'rmsprop', 'sgd'"));
    }

    [Test]
    public void Serialize_Adam_HasKerasEnvelope()
    {
        var json = Optimizer.Serialize(new Adam());
        Assert.That((string?)json["module"], Is.EqualTo("keras.optimizers"));
        Assert.That((string?)json["class_name"], Is.EqualTo("Adam"));
        Assert.That(json["registered_name"], Is.Null);
        Assert.That(json["config"]!["beta_2"]!.GetValue<double>(), Is.EqualTo(0.999));
    }

    [Test]
    public void Deserialize_SerializedWithSchedule_RoundTrips()
    {
        var opt = new RMSprop(learningRate: new ExponentialDecay(0.01, 100, 0.9, staircase: true), momentum: 0.3f, clipNorm: 2f, name: "r");
        var copy = Optimizer.Deserialize(JsonNode.Parse(Optimizer.Serialize(opt).ToJsonString())!);
        Assert.That(copy, Is.TypeOf<RMSprop>());
        Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(opt.GetConfig().ToJsonString()));
        Assert.That(copy.LearningRate, Is.EqualTo(0.01));
    }

    [Test]
    public void Deserialize_KerasOptimizerConfig_AcceptsLowercaseClassName()
    {
        var node = JsonNode.Parse("""{"class_name": "sgd", "config": {"learning_rate": 0.2, "momentum": 0.5}}""")!;
        var opt = Optimizer.Deserialize(node);
        Assert.That(opt, Is.TypeOf<SGD>());
        Assert.That((opt.LearningRate, ((SGD)opt).Momentum), Is.EqualTo((0.2, 0.5f)));
    }

    [Test]
    public void Deserialize_UnknownClass_Throws() =>
        Assert.Throws<ArgumentException>(() => Optimizer.Deserialize(JsonNode.Parse("""{"class_name": "Muon", "config": {}}""")!));

    private static IEnumerable<TestCaseData> AllocationCases()
    {
        var decay = new ExponentialDecay(0.01, 10, 0.9, staircase: true);
        yield return new TestCaseData(new SGD(learningRate: 0.01)).SetArgDisplayNames("SGD");
        yield return new TestCaseData(new SGD(momentum: 0.9f, nesterov: true, clipNorm: 1f)).SetArgDisplayNames("SGD nesterov clipnorm");
        yield return new TestCaseData(new Adam(learningRate: decay, globalClipNorm: 1f)).SetArgDisplayNames("Adam schedule global_clipnorm");
        yield return new TestCaseData(new Adam(amsgrad: true, clipValue: 0.5f)).SetArgDisplayNames("Adam amsgrad clipvalue");
        yield return new TestCaseData(new RMSprop(momentum: 0.9f, centered: true)).SetArgDisplayNames("RMSprop centered momentum");
        yield return new TestCaseData(new Adagrad(learningRate: decay)).SetArgDisplayNames("Adagrad schedule");
    }

    [TestCaseSource(nameof(AllocationCases))]
    public void Apply_AfterFirstCall_AllocatesNothing(Optimizer opt)
    {
        var variables = new[]
        {
            new Variable(Tensor.FromArray(InitialWeights(300)), "kernel", path: "dense/kernel"),
            new Variable(Tensor.FromArray(InitialWeights(19)), "bias", path: "dense/bias"),
        };
        var gradients = new[] { Tensor.FromArray(Gradient(0, 300)), Tensor.FromArray(Gradient(1, 19)) };
        opt.Apply(gradients, variables);
        opt.Apply(gradients, variables);
        long before = GC.GetAllocatedBytesForCurrentThread();
        opt.Apply(gradients, variables);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(opt.Iterations, Is.EqualTo(3));
    }
}
