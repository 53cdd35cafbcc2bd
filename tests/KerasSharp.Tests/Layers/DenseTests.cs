using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class DenseTests
{
    private static readonly float[,] Kernel3x2 = { { 0.5f, -1f }, { 2f, 0.25f }, { -0.75f, 1.5f } };

    /// <summary>A (3 → 2) Dense with known kernel and bias [0.1, -0.2].</summary>
    private static Dense KnownDense(string? activation = null)
    {
        var layer = new Dense(2, activation: ActivationFunction.Get(activation));
        layer.EnsureBuilt(new Shape(-1, 3));
        layer.SetWeights([Tensor.FromArray(Kernel3x2), Tensor.FromArray([0.1f, -0.2f])]);
        return layer;
    }

    /// <summary><c>x·W + b</c> for one row, in double.</summary>
    private static double[] Affine(float[] row) =>
    [
        row[0] * 0.5 + row[1] * 2.0 + row[2] * -0.75 + 0.1,
        row[0] * -1.0 + row[1] * 0.25 + row[2] * 1.5 - 0.2,
    ];

    [Test]
    public void Harness_Units4_HasKernelAndBias() =>
        LayerTestHarness.Run(() => new Dense(4), new Shape(3, 5), new Shape(3, 4), 2, 0,
            "units", "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer");

    [Test]
    public void Harness_NoBias_HasOnlyKernel() =>
        LayerTestHarness.Run(() => new Dense(3, useBias: false), new Shape(2, 4), new Shape(2, 3), 1, 0, "units", "use_bias");

    [Test]
    public void Build_KernelAndBias_HaveKerasShapesAndPaths()
    {
        var layer = new Dense(4, name: "d");
        layer.EnsureBuilt(new Shape(-1, 5));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Kernel.Shape, Is.EqualTo(new Shape(5, 4)));
            Assert.That(layer.Bias!.Shape, Is.EqualTo(new Shape(4)));
            Assert.That(layer.Kernel.Path, Is.EqualTo("d/kernel"));
            Assert.That(layer.Bias.Path, Is.EqualTo("d/bias"));
            Assert.That(layer.Weights, Is.EqualTo(new[] { layer.Kernel, layer.Bias }), "kernel first, then bias");
            Assert.That(layer.CountParams(), Is.EqualTo(24));
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new Dense(8);
        Assert.Multiple(() =>
        {
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
            Assert.That(layer.UseBias, Is.True);
            Assert.That(layer.Activation.Name, Is.EqualTo("linear"));
            Assert.That(layer.KernelRegularizer, Is.Null);
            Assert.That(layer.BiasRegularizer, Is.Null);
        });
    }

    [Test]
    public void Build_DefaultKernel_IsGlorotUniformWithinLimitAndBiasIsZero()
    {
        const int inputDim = 64, units = 32;
        Keras.SetRandomSeed(123);
        var layer = new Dense(units);
        layer.EnsureBuilt(new Shape(-1, inputDim));
        double limit = Math.Sqrt(6.0 / (inputDim + units));
        var k = layer.Kernel.Value.Span.ToArray();
        double maxAbs = k.Max(v => Math.Abs((double)v));
        double mean = k.Average(v => (double)v);
        // uniform on ±limit has variance limit²/3
        double variance = k.Average(v => ((double)v - mean) * ((double)v - mean));
        Assert.Multiple(() =>
        {
            Assert.That(maxAbs, Is.LessThanOrEqualTo(limit), "every kernel value within ±sqrt(6/(in+units))");
            Assert.That(maxAbs, Is.GreaterThan(0.9 * limit), "2048 uniform draws reach near the limit");
            Assert.That(variance, Is.EqualTo(limit * limit / 3).Within(0.1 * limit * limit / 3), "variance of U(-limit, limit)");
            Assert.That(layer.Bias!.Value.Span.ToArray(), Is.All.EqualTo(0f), "zeros bias");
        });
    }

    [Test]
    public void Call_Rank2_IsAffineMap()
    {
        float[] x = [1f, 2f, 3f, -0.5f, 0f, 4f];
        var y = KnownDense().Apply(Tensor.FromArray(x, 2, 3));
        var expected = Affine(x[..3]).Concat(Affine(x[3..])).Select(v => (float)v).ToArray();
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2)));
        TensorAssert.AllClose(y, expected, 1e-6, 1e-6);
    }

    [Test]
    public void Call_ReluActivation_IsApplied()
    {
        float[] x = [1f, 2f, 3f, -0.5f, 0f, 4f];
        var y = KnownDense("relu").Apply(Tensor.FromArray(x, 2, 3));
        var expected = Affine(x[..3]).Concat(Affine(x[3..])).Select(v => (float)Math.Max(v, 0)).ToArray();
        TensorAssert.AllClose(y, expected, 1e-6, 1e-6);
    }

    [Test]
    public void Call_Rank3Input_AppliesKernelOnLastAxis()
    {
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, 3), seed: 21);
        var y = KnownDense().Apply(x);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 4, 2)));
        var xs = x.ToArray();
        var expected = new List<float>();
        for (int r = 0; r < 8; r++)
        {
            expected.AddRange(Affine(xs[(r * 3)..(r * 3 + 3)]).Select(v => (float)v));
        }
        TensorAssert.AllClose(y, expected.ToArray(), 1e-5, 1e-6);
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Constructor_NonPositiveUnits_ThrowsArgumentException(int units)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Dense(units));
        Assert.That(ex!.Message, Does.Contain($"Received an invalid value for `units`, expected a positive integer. Received: units={units}"));
    }

    [Test]
    public void Apply_WrongLastDimensionAfterBuild_ThrowsInputSpecMessage()
    {
        var layer = new Dense(3, name: "dense_spec");
        layer.Apply(Tensor.Zeros(new Shape(2, 8)));
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(2, 7))));
        Assert.That(ex!.Message, Does.Contain("Input 0 of layer \"dense_spec\" is incompatible with the layer:")
            .And.Contain("expected axis -1 of input shape to have value 8, but received input with shape (2, 7)"));
    }

    [Test]
    public void Apply_Rank1Input_ThrowsMinNDimMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Dense(3).Apply(Tensor.FromArray([1f, 2f])));
        Assert.That(ex!.Message, Does.Contain("expected min_ndim=2, found ndim=1"));
    }

    [Test]
    public void SetWeights_ThenGetWeights_RoundTrips()
    {
        var layer = new Dense(2);
        layer.EnsureBuilt(new Shape(-1, 3));
        var kernel = Tensor.FromArray(Kernel3x2);
        var bias = Tensor.FromArray([0.1f, -0.2f]);
        layer.SetWeights([kernel, bias]);
        var got = layer.GetWeights();
        Assert.That(got, Has.Length.EqualTo(2));
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(got[0], kernel, 0, 0);
            TensorAssert.AllClose(got[1], bias, 0, 0);
            Assert.That(got[0], Is.Not.SameAs(layer.Kernel.Value), "GetWeights returns copies");
        });
    }

    [Test]
    public void SetWeights_WrongCount_ThrowsKerasMessage()
    {
        var layer = new Dense(2, name: "dense_count");
        layer.EnsureBuilt(new Shape(-1, 3));
        var ex = Assert.Throws<ArgumentException>(() => layer.SetWeights([Tensor.FromArray(Kernel3x2)]));
        Assert.That(ex!.Message, Does.Contain("layer \"dense_count\" with a weight list of length 1, but the layer was expecting 2 weights"));
    }

    [Test]
    public void SetWeights_WrongShape_ThrowsKerasMessage()
    {
        var layer = new Dense(2, name: "dense_shape");
        layer.EnsureBuilt(new Shape(-1, 3));
        var ex = Assert.Throws<ArgumentException>(() => layer.SetWeights([Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2))]));
        Assert.That(ex!.Message, Does.Contain("dense_shape").And.Contain("weight shape (3, 2) is not compatible with provided weight shape (2, 3)"));
    }

    [Test]
    public void Trainable_False_MovesWeightsToNonTrainable()
    {
        var layer = new Dense(2);
        layer.EnsureBuilt(new Shape(-1, 3));
        layer.Trainable = false;
        Assert.Multiple(() =>
        {
            Assert.That(layer.TrainableWeights, Is.Empty);
            Assert.That(layer.NonTrainableWeights, Is.EqualTo(new[] { layer.Kernel, layer.Bias }));
            Assert.That((bool?)layer.GetConfig()["trainable"], Is.False);
        });
        layer.Trainable = true;
        Assert.Multiple(() =>
        {
            Assert.That(layer.TrainableWeights, Has.Count.EqualTo(2));
            Assert.That(layer.NonTrainableWeights, Is.Empty);
        });
    }

    [Test]
    public void GetConfig_KerasKeysAndValues()
    {
        var config = new Dense(16, activation: "relu", useBias: false, name: "fc").GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((string?)config["name"], Is.EqualTo("fc"));
            Assert.That((int?)config["units"], Is.EqualTo(16));
            Assert.That((string?)config["activation"], Is.EqualTo("relu"));
            Assert.That((bool?)config["use_bias"], Is.False);
            Assert.That(config["kernel_regularizer"], Is.Null);
            Assert.That(config["bias_regularizer"], Is.Null);
        });
    }

    // Keras writes initializers in their serialized form: {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, ...}.
    [Test]
    public void GetConfig_Initializers_UseKerasSerializedForm()
    {
        var config = new Dense(16).GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That((string?)config["kernel_initializer"]?["class_name"], Is.EqualTo("GlorotUniform"));
            Assert.That((string?)config["bias_initializer"]?["class_name"], Is.EqualTo("Zeros"));
        });
    }

    [Test]
    public void Constructor_InputDim_SetsBatchInputShape()
    {
        var layer = new Dense(4, inputDim: 10);
        Assert.Multiple(() =>
        {
            Assert.That(layer.BatchInputShape, Is.EqualTo(new Shape(-1, 10)));
            Assert.That(layer.GetConfig()["batch_input_shape"]!.ToJsonString(), Is.EqualTo("[null,10]"));
        });
    }

    [Test]
    public void Name_Default_IsDense()
    {
        Keras.ClearSession();
        Assert.Multiple(() =>
        {
            Assert.That(new Dense(1).Name, Is.EqualTo("dense"));
            Assert.That(new Dense(1).Name, Is.EqualTo("dense_1"));
        });
    }

    [Test]
    public void Gradient_WrtInput_MatchesFiniteDifferences()
    {
        var layer = KnownDense("tanh");
        var x = LayerTestHarness.RandomInput(new Shape(2, 3), seed: 17);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [x]);
    }

    [Test]
    public void Gradient_WrtKernelAndBias_MatchesFiniteDifferences()
    {
        var layer = KnownDense("tanh");
        var x = LayerTestHarness.RandomInput(new Shape(4, 3), seed: 18);
        var r = LayerTestHarness.RandomInput(new Shape(4, 2), seed: 19);
        Tensor[] analytic;
        using (var tape = GradientTape.Record())
        {
            analytic = tape.Gradient(Ops.Sum(Ops.Multiply(layer.Apply(x), r)), layer.TrainableWeights);
        }
        const double eps = 1e-2;
        var weights = layer.TrainableWeights;
        for (int w = 0; w < weights.Count; w++)
        {
            var original = weights[w].Value.ToArray();
            var numeric = new float[original.Length];
            for (int j = 0; j < original.Length; j++)
            {
                var shifted = (float[])original.Clone();
                shifted[j] = original[j] + (float)eps;
                weights[w].Assign(shifted);
                double plus = WeightedSum(layer.Apply(x), r);
                shifted[j] = original[j] - (float)eps;
                weights[w].Assign(shifted);
                double minus = WeightedSum(layer.Apply(x), r);
                numeric[j] = (float)((plus - minus) / (2 * eps));
            }
            weights[w].Assign(original);
            TensorAssert.AllClose(analytic[w], Tensor.FromArray(numeric, weights[w].Shape.ToArray()), 1e-2, 1e-3);
        }
    }

    private static double WeightedSum(Tensor y, Tensor r)
    {
        double s = 0;
        for (int i = 0; i < y.Size; i++)
        {
            s += (double)y.Span[i] * r.Span[i];
        }
        return s;
    }

    [Test]
    public void Build_KernelBeyondMemory_FailsBeforeAllocatingAndStaysUnbuilt()
    {
        // (1000, 10⁹) floats: 3.6 TB (the (2, 10⁹) output would fit in 23.5 GB)
        using var limit = MemoryLimits.Limit(Allocations.Machine);
        var layer = new Dense(1_000_000_000, name: "dense_huge");
        var (ex, allocated) = Allocations.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Ones(new Shape(2, 1000))));
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Is.EqualTo(
                "Layer \"dense_huge\" cannot create its weight 'dense_huge/kernel' of shape (1000, 1000000000): it needs 3.6 TB, more than the 23.5 GB this process can use."));
            Assert.That(layer.Built, Is.False);
            Assert.That(layer.Weights, Is.Empty);
            Assert.That(allocated, Is.LessThan(1 << 20), "nothing large was allocated");
        });
    }

    [Test]
    public void Apply_OneInputFeatureBatchOf32_FailsOnTheOutputBeforeCreatingTheKernel()
    {
        // 10⁹ units on one feature: the 3.7 GB kernel would fit, the (32, 10⁹) output (119.2 GB) cannot, so the first
        // call fails before the kernel is allocated and initialised
        using var limit = MemoryLimits.Limit(Allocations.Machine);
        var layer = new Dense(1_000_000_000, name: "dense_wide");
        var (ex, allocated) = Allocations.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Ones(new Shape(32, 1))));
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Is.EqualTo(
                "Layer \"dense_wide\" cannot allocate a tensor of shape (32, 1000000000): it needs 119.2 GB, more than the 23.5 GB this process can use."));
            Assert.That(layer.Built, Is.False);
            Assert.That(layer.Weights, Is.Empty);
            Assert.That(allocated, Is.LessThan(1 << 20));
        });
    }

    [Test]
    public void Build_KernelBeyondALimit_NamesTheKernelBytes()
    {
        // a (1, 10⁸) output fits in 2 GB, the (8, 10⁸) kernel (3.0 GB) does not
        using var limit = MemoryLimits.Limit(2L << 30);
        var layer = new Dense(100_000_000, name: "dense_kernel");
        var ex = Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Ones(new Shape(1, 8))));
        Assert.That(ex!.Message, Is.EqualTo(
            "Layer \"dense_kernel\" cannot create its weight 'dense_kernel/kernel' of shape (8, 100000000): it needs 3.0 GB, more than the 2.0 GB this process can use."));
        Assert.That(layer.Built, Is.False);
    }

    [Test]
    public void Call_BuiltLayerOutputBeyondMemory_NamesTheLayerAndOutputShape()
    {
        // a 4 MB kernel, but a batch of 3000 makes a (3000, 10⁶) output: 11.2 GB
        using var limit = MemoryLimits.Limit(8L << 30);
        var layer = new Dense(1_000_000, kernelInitializer: "zeros", name: "dense_out");
        layer.Apply(Tensor.Ones(new Shape(2, 1)));
        var ex = Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Ones(new Shape(3000, 1))));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo(
                "Layer \"dense_out\" cannot allocate a tensor of shape (3000, 1000000): it needs 11.2 GB, more than the 8.0 GB this process can use."));
            Assert.That(layer.Apply(Tensor.Ones(new Shape(2, 1))).Shape, Is.EqualTo(new Shape(2, 1_000_000)), "the layer still works");
        });
    }

    [Test]
    public void Build_FailedUnderALimit_CanBeBuiltOnceMemoryAllows()
    {
        var layer = new Dense(1000, name: "dense_retry");
        using (MemoryLimits.Limit(1 << 20))
        {
            Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Ones(new Shape(1, 1000))));
        }
        var y = layer.Apply(Tensor.Ones(new Shape(1, 1000)));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Built, Is.True);
            Assert.That(layer.Weights, Has.Count.EqualTo(2));
            Assert.That(y.Shape, Is.EqualTo(new Shape(1, 1000)));
        });
    }
}
