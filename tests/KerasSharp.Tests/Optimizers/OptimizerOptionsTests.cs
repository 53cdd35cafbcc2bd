using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Saving.Keras3;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Optimizers.OptimizerTestData;

namespace KerasSharp.Tests.Optimizers;

/// <summary>The options every Keras 3 optimizer takes: weight decay, EMA, gradient accumulation.</summary>
public class OptimizerOptionsTests : TempFolderTest
{
    [Test]
    public void Apply_WeightDecay_DecaysBeforeTheUpdate()
    {
        var (w, grads) = OptimizerTestData.Reference(4);
        for (int t = 0; t < 4; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = w[i] - w[i] * 0.2 * 0.1 - 0.1 * grads[t][i];
            }
        }
        AssertClose(Run(new SGD(learningRate: 0.1, weightDecay: 0.2), 4), w);
    }

    [Test]
    public void ExcludeFromWeightDecay_ByNameAndByVariable_SkipsThem()
    {
        var kernel = new Variable(Tensor.FromArray([1f]), "kernel", path: "dense/kernel");
        var bias = new Variable(Tensor.FromArray([1f]), "bias", path: "dense/bias");
        var other = new Variable(Tensor.FromArray([1f]), "gamma", path: "norm/gamma");
        var opt = new SGD(learningRate: 0.5, weightDecay: 0.1);
        opt.ExcludeFromWeightDecay(varList: [other], varNames: ["bia"]);
        var zero = Tensor.FromArray([0f]);
        opt.Apply([zero, zero, zero], [kernel, bias, other]);
        Assert.That((kernel.Value.Item(), bias.Value.Item(), other.Value.Item()), Is.EqualTo((0.95f, 1f, 1f)));
        Assert.Throws<InvalidOperationException>(() => opt.ExcludeFromWeightDecay(varNames: ["kernel"]));
    }

    [Test]
    public void Apply_UseEma_KeepsKerasMovingAverage()
    {
        var opt = new SGD(learningRate: 0.1, useEma: true, emaMomentum: 0.9);
        var (w, grads) = OptimizerTestData.Reference(5);
        var average = new double[w.Length];
        for (int t = 0; t < 5; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                w[i] -= 0.1 * grads[t][i];
                // the first update sets the average to the weights (momentum 0 at iteration 0)
                average[i] = t == 0 ? w[i] : 0.9 * average[i] + 0.1 * w[i];
            }
        }
        var weights = Run(opt, 5);
        AssertClose(weights, w);
        Assert.That(opt.Variables[2].Path, Is.EqualTo("SGD/w_average"));
        AssertClose(opt.Variables[2].Value.ToArray(), average);
    }

    [Test]
    public void Apply_EmaOverwriteFrequency_OverwritesEveryNUpdates()
    {
        var opt = new SGD(learningRate: 0.1, useEma: true, emaMomentum: 0.5, emaOverwriteFrequency: 2);
        var w = new Variable(Tensor.FromArray([1f]), "w");
        opt.Apply([Tensor.FromArray([1f])], [w]);
        Assert.That(w.Value.Item(), Is.EqualTo(0.9f).Within(1e-7f), "no overwrite after the first update");
        opt.Apply([Tensor.FromArray([1f])], [w]);
        // w = 0.8, average = 0.5·0.9 + 0.5·0.8 = 0.85, written into w at the second update
        Assert.That(w.Value.Item(), Is.EqualTo(0.85f).Within(1e-6f));
    }

    [Test]
    public void FinalizeVariableValues_UseEma_WritesTheAverages()
    {
        var opt = new SGD(learningRate: 0.1, useEma: true, emaMomentum: 0.5);
        var w = new Variable(Tensor.FromArray([1f]), "w");
        opt.Apply([Tensor.FromArray([1f])], [w]);
        opt.Apply([Tensor.FromArray([1f])], [w]);
        opt.FinalizeVariableValues([w]);
        Assert.That(w.Value.Item(), Is.EqualTo(0.85f).Within(1e-6f));
        Assert.Throws<ArgumentException>(() => opt.FinalizeVariableValues([w, w]));
    }

    [Test]
    public void Apply_GradientAccumulation_UpdatesEveryNStepsWithTheMean()
    {
        var opt = new SGD(learningRate: 0.1, gradientAccumulationSteps: 2);
        var w = new Variable(Tensor.FromArray([1f, 2f]), "w");
        opt.Apply([Tensor.FromArray([1f, 3f])], [w]);
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { 1f, 2f }), "the first step only accumulates");
        Assert.That((opt.Iterations, opt.UpdateIterations), Is.EqualTo((1L, 0L)));
        opt.Apply([Tensor.FromArray([3f, 1f])], [w]);
        Assert.That(w.Value.ToArray(), Is.EqualTo(new[] { 0.8f, 1.8f }).Within(1e-6f));
        Assert.That((opt.Iterations, opt.UpdateIterations), Is.EqualTo((2L, 1L)));
        Assert.That(opt.Variables[2].Value.ToArray(), Is.EqualTo(new[] { 0f, 0f }), "the accumulator is reset");
        Assert.That(opt.Variables[2].Path, Is.EqualTo("SGD/w_gradient_accumulator"));
    }

    [Test]
    public void Apply_AdamWithAccumulation_CountsUpdatesForBiasCorrection()
    {
        var opt = new Adam(learningRate: 0.01, gradientAccumulationSteps: 3);
        var (w, grads) = OptimizerTestData.Reference(9);
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= 3; t++)
        {
            double alpha = 0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            for (int i = 0; i < w.Length; i++)
            {
                double g = (grads[3 * t - 3][i] + grads[3 * t - 2][i] + grads[3 * t - 1][i]) / 3;
                m[i] += (g - m[i]) * 0.1;
                v[i] += (g * g - v[i]) * 0.001;
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + 1e-7);
            }
        }
        AssertClose(Run(opt, 9), w, rtol: 1e-4);
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowKerasMessages()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam(gradientAccumulationSteps: 1))!.Message,
            Does.Contain("`gradient_accumulation_steps` must be an integer >= 2. Received: gradient_accumulation_steps=1"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam(useEma: true, emaMomentum: 1.5))!.Message,
            Does.Contain("`ema_momentum` must be in the range [0, 1]. Received: ema_momentum=1.5"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam(useEma: true, emaOverwriteFrequency: -1))!.Message,
            Does.Contain("`ema_overwrite_frequency` must be an integer >= 1 or None. Received: ema_overwrite_frequency=-1"));
    }

    [Test]
    public void GetConfig_BaseOptions_WrittenAndRead()
    {
        var opt = new RMSprop(weightDecay: 0.01, clipValue: 0.5, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 10, gradientAccumulationSteps: 4);
        var config = opt.GetConfig();
        Assert.That(config.ToJsonString(), Does.Contain("\"weight_decay\":0.01,\"clipnorm\":null,\"global_clipnorm\":null,\"clipvalue\":0.5,\"use_ema\":true,\"ema_momentum\":0.9,\"ema_overwrite_frequency\":10,\"loss_scale_factor\":null,\"gradient_accumulation_steps\":4"));
        var copy = RMSprop.FromConfig(config);
        Assert.That((copy.WeightDecay, copy.ClipValue, copy.UseEma, copy.EmaMomentum, copy.EmaOverwriteFrequency, copy.GradientAccumulationSteps),
            Is.EqualTo(((double?)0.01, (double?)0.5, true, 0.9, (int?)10, (int?)4)));
    }

    [Test]
    public void Constructor_DoubleLiterals_Compile()
    {
        var adam = new Adam(beta1: 0.9, epsilon: 1e-7, clipNorm: 1.0);
        Assert.That((adam.Beta1, adam.Epsilon, adam.ClipNorm), Is.EqualTo((0.9, 1e-7, (double?)1.0)));
    }

    private static IEnumerable<TestCaseData> AllocationCases()
    {
        yield return new TestCaseData(new AdamW(globalClipNorm: 1.0, useEma: true, emaOverwriteFrequency: 2)).SetArgDisplayNames("AdamW ema");
        yield return new TestCaseData(new Nadam(gradientAccumulationSteps: 2, clipNorm: 1.0)).SetArgDisplayNames("Nadam accumulation");
        yield return new TestCaseData(new Adamax(weightDecay: 0.01)).SetArgDisplayNames("Adamax");
        yield return new TestCaseData(new Adadelta(useEma: true)).SetArgDisplayNames("Adadelta");
        yield return new TestCaseData(new Ftrl(l1RegularizationStrength: 0.01)).SetArgDisplayNames("Ftrl");
        yield return new TestCaseData(new Ftrl(learningRatePower: -1)).SetArgDisplayNames("Ftrl power");
        yield return new TestCaseData(new Lion()).SetArgDisplayNames("Lion");
        yield return new TestCaseData(new Lamb(clipValue: 0.5)).SetArgDisplayNames("Lamb");
        yield return new TestCaseData(new Adafactor()).SetArgDisplayNames("Adafactor");
    }

    [TestCaseSource(nameof(AllocationCases))]
    public void Apply_AfterFirstCall_AllocatesNothing(Optimizer opt)
    {
        var variables = new[]
        {
            new Variable(Tensor.FromArray(InitialWeights(300), 20, 15), "kernel", path: "dense/kernel"),
            new Variable(Tensor.FromArray(InitialWeights(19)), "bias", path: "dense/bias"),
        };
        var gradients = new[] { Tensor.FromArray(Gradient(0, 300), 20, 15), Tensor.FromArray(Gradient(1, 19)) };
        opt.Apply(gradients, variables);
        opt.Apply(gradients, variables);
        long before = GC.GetAllocatedBytesForCurrentThread();
        opt.Apply(gradients, variables);
        opt.Apply(gradients, variables);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(variables[0].Value.ToArray().All(float.IsFinite), Is.True);
    }

    [Test]
    public void Fit_AdamW_ReducesTheLoss()
    {
        var x = KerasArchiveRoundTripTests.Random(1, 64, 4);
        var y = Tensor.FromArray([.. Enumerable.Range(0, 64).Select(i => x.ToArray()[4 * i] + 0.5f * x.ToArray()[4 * i + 1])], 64, 1);
        var model = new Sequential([new Input(shape: [4]), new Dense(8, activation: "relu"), new Dense(1)]);
        var opt = new AdamW(learningRate: 0.02, weightDecay: 0.01);
        opt.ExcludeFromWeightDecay(varNames: ["bias"]);
        model.Compile(optimizer: opt, loss: "mse");
        var history = model.Fit(x, y, batchSize: 16, epochs: 15, verbose: 0, shuffle: false);
        var loss = history.History["loss"];
        Assert.That(loss[^1], Is.LessThan(loss[0] * 0.5));
        Assert.That(opt.Iterations, Is.EqualTo(60));
    }

    [Test]
    public void ResumedTraining_NadamWithEmaAndWeightDecay_ContinuesBitForBit()
    {
        var x = KerasArchiveRoundTripTests.Random(2, 32, 4);
        var y = Tensor.FromArray([.. Enumerable.Range(0, 32).Select(i => (float)(i % 3))], 32);
        Model Build()
        {
            var m = new Sequential([new Input(shape: [4]), new Dense(6, activation: "relu", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 5)), new Dense(3, activation: "softmax", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 6))]);
            m.Compile(optimizer: new Nadam(learningRate: 0.01, weightDecay: 0.01, useEma: true, emaOverwriteFrequency: 3, gradientAccumulationSteps: 2), loss: "sparse_categorical_crossentropy");
            return m;
        }

        // each Fit ends by writing the averages into the weights, so the reference also fits twice
        var uninterrupted = Build();
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        uninterrupted.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, shuffle: false);
        var first = Build();
        first.Fit(x, y, batchSize: 8, epochs: 2, verbose: 0, shuffle: false);
        first.Save(In("m.keras"));
        var resumed = Model.Load(In("m.keras"));
        Assert.That(resumed.Optimizer, Is.TypeOf<Nadam>());
        Assert.That(resumed.Optimizer!.GetConfig().ToJsonString(), Is.EqualTo(first.Optimizer!.GetConfig().ToJsonString()));
        resumed.Fit(x, y, batchSize: 8, epochs: 1, verbose: 0, shuffle: false);

        Assert.Multiple(() =>
        {
            Assert.That(resumed.Optimizer!.Iterations, Is.EqualTo(uninterrupted.Optimizer!.Iterations));
            for (int i = 0; i < uninterrupted.Weights.Count; i++)
            {
                Assert.That(resumed.Weights[i].Value.ToArray(), Is.EqualTo(uninterrupted.Weights[i].Value.ToArray()), uninterrupted.Weights[i].Path);
            }
        });
    }
}
