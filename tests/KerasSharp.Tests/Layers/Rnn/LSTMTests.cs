using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.RnnReference;

namespace KerasSharp.Tests.Layers;

public class LSTMTests
{
    private const int Features = 3, Units = 2;

    /// <summary>An LSTM with known weights and the Keras cell in double: gates i, f, c, o.</summary>
    private static (LSTM Layer, Cell Cell) Known(bool useBias = true, bool returnSequences = false, bool goBackwards = false, bool returnState = false)
    {
        var layer = new LSTM(Units, returnState: returnState, useBias: useBias, returnSequences: returnSequences, goBackwards: goBackwards);
        layer.EnsureBuilt(new Shape(-1, -1, Features));
        var (k, kd) = Matrix(Features, 4 * Units, 21);
        var (u, ud) = Matrix(Units, 4 * Units, 22);
        var (b, bd) = Vector(4 * Units, 23);
        layer.SetWeights(useBias ? [k, u, b] : [k, u]);
        double[]? bias = useBias ? bd : null;
        return (layer, (x, h, c) =>
        {
            double[] Gate(int g) => Zip(Zip(Dot(x, kd, g * Units, Units), Dot(h, ud, g * Units, Units), (p, q) => p + q), Part(bias, g * Units, Units), (p, q) => p + q);
            var i = Gate(0).Select(Sigmoid).ToArray();
            var f = Gate(1).Select(Sigmoid).ToArray();
            var candidate = Gate(2).Select(Math.Tanh).ToArray();
            var o = Gate(3).Select(Sigmoid).ToArray();
            var cNew = c.Select((cv, j) => f[j] * cv + i[j] * candidate[j]).ToArray();
            return (cNew.Select((cv, j) => o[j] * Math.Tanh(cv)).ToArray(), cNew);
        });
    }

    [Test]
    public void Harness_Units3_HasKernelRecurrentKernelAndBias() =>
        LayerTestHarness.Run(() => new LSTM(3), new Shape(2, 4, 5), new Shape(2, 3), 3, 0,
            "units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias", "kernel_initializer",
            "recurrent_initializer", "bias_initializer", "dropout", "recurrent_dropout", "seed", "return_sequences", "go_backwards");

    [Test]
    public void Harness_ReturnSequences_ReturnsEveryStep() =>
        LayerTestHarness.Run(() => new LSTM(3, returnSequences: true), new Shape(2, 4, 5), new Shape(2, 4, 3), 3, 0, "units");

    [Test]
    public void Build_Weights_HaveKerasNamesShapesAndOrder()
    {
        var layer = new LSTM(4, name: "lstm_a");
        layer.EnsureBuilt(new Shape(-1, 7, 5));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Name), Is.EqualTo(new[] { "kernel", "recurrent_kernel", "bias" }));
            Assert.That(layer.Weights.Select(w => w.Shape), Is.EqualTo(new[] { new Shape(5, 16), new Shape(4, 16), new Shape(16) }));
            Assert.That(layer.Kernel.Path, Is.EqualTo("lstm_a/kernel"));
            Assert.That(layer.CountParams(), Is.EqualTo(4 * (4 * (5 + 4) + 4)), "Keras: 4·(units·(features + units) + units)");
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new LSTM(8);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Name, Does.StartWith("lstm"));
            Assert.That(layer.Activation.Name, Is.EqualTo("tanh"));
            Assert.That(layer.RecurrentActivation.Name, Is.EqualTo("sigmoid"));
            Assert.That(layer.UseBias, Is.True);
            Assert.That(layer.UnitForgetBias, Is.True);
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.RecurrentInitializer, Is.TypeOf<Orthogonal>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
            Assert.That(layer.ReturnSequences, Is.False);
            Assert.That(layer.GoBackwards, Is.False);
        });
    }

    [Test]
    public void Build_UnitForgetBias_BiasIsZerosOnesZerosZeros()
    {
        var layer = new LSTM(3);
        layer.EnsureBuilt(new Shape(-1, 2, 4));
        Assert.That(layer.Bias!.Value.ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void Build_UnitForgetBiasWithConstantInitializer_OnlyForgetBlockIsOne()
    {
        var layer = new LSTM(2, biasInitializer: new Constant(0.5f));
        layer.EnsureBuilt(new Shape(-1, 2, 4));
        Assert.That(layer.Bias!.Value.ToArray(), Is.EqualTo(new[] { 0.5f, 0.5f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f }));
    }

    [Test]
    public void Build_NoUnitForgetBias_UsesBiasInitializerEverywhere()
    {
        var layer = new LSTM(2, unitForgetBias: false);
        layer.EnsureBuilt(new Shape(-1, 2, 4));
        Assert.That(layer.Bias!.Value.ToArray(), Is.All.EqualTo(0f));
    }

    [Test]
    public void Build_DefaultRecurrentKernel_HasOrthonormalRows()
    {
        Keras.SetRandomSeed(6);
        var layer = new LSTM(3);
        layer.EnsureBuilt(new Shape(-1, 2, 4));
        var u = layer.RecurrentKernel.Value;
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    double dot = 0;
                    for (int c = 0; c < 12; c++)
                    {
                        dot += (double)u[i, c] * u[j, c];
                    }
                    Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-5), $"(UUᵀ)[{i},{j}]");
                }
            }
        });
    }

    [Test]
    public void Call_BiasOnly_FollowsKerasGateOrderIFCO()
    {
        // zero kernels: z = bias for every step, so h follows from the gate order alone
        var layer = new LSTM(1, returnSequences: true);
        layer.EnsureBuilt(new Shape(-1, -1, 1));
        float bi = 0.3f, bf = -0.8f, bc = 1.2f, bo = 0.6f;
        layer.SetWeights([Tensor.Zeros(new Shape(1, 4)), Tensor.Zeros(new Shape(1, 4)), Tensor.FromArray([bi, bf, bc, bo])]);
        var y = layer.Apply(Tensor.Zeros(new Shape(1, 2, 1)));
        double c1 = Sigmoid(bi) * Math.Tanh(bc);
        double c2 = Sigmoid(bf) * c1 + Sigmoid(bi) * Math.Tanh(bc);
        TensorAssert.AllClose(y, [(float)(Sigmoid(bo) * Math.Tanh(c1)), (float)(Sigmoid(bo) * Math.Tanh(c2))], 1e-6, 1e-7);
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Call_KnownWeights_MatchesDoubleReference(bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: returnSequences, goBackwards: goBackwards);
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 7);
        var expected = Run(x, Units, goBackwards, cell);
        TensorAssert.AllClose(layer.Apply(x), returnSequences ? All(expected) : Last(expected), 1e-5, 1e-6);
    }

    [Test]
    public void Call_NoBias_MatchesDoubleReference()
    {
        var (layer, cell) = Known(useBias: false);
        var x = LayerTestHarness.RandomInput(new Shape(3, 5, Features), seed: 8);
        TensorAssert.AllClose(layer.Apply(x), Last(Run(x, Units, false, cell)), 1e-5, 1e-6);
    }

    [Test]
    public void Gradient_WithRespectToInput_MatchesFiniteDifferences()
    {
        var (layer, _) = Known(returnSequences: true);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 10)]);
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    public void Gradient_WithRespectToWeights_MatchesFiniteDifferences(bool returnSequences, bool goBackwards)
    {
        var (layer, _) = Known(returnSequences: returnSequences, goBackwards: goBackwards);
        CheckWeightGradients(layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 11));
    }

    [Test]
    public void Apply_Rank2Input_ThrowsKerasInputSpecMessage()
    {
        // Unbuilt, the base Layer checks the spec against the shape with a None batch (see report); built, the real shape.
        var fresh = new LSTM(2, name: "lstm_x");
        Assert.That(() => fresh.Apply(Tensor.Zeros(new Shape(4, 3))), Throws.ArgumentException.With.Message.Matches(
            @"^Input 0 of layer ""lstm_x"" is incompatible with the layer: expected ndim=3, found ndim=2\. Full shape received: \((4|None), 3\)$"));
        var built = new LSTM(2, name: "lstm_x");
        built.Apply(Tensor.Zeros(new Shape(1, 2, 3)));
        var ex = Assert.Throws<ArgumentException>(() => built.Apply(Tensor.Zeros(new Shape(4, 3))));
        Assert.That(ex!.Message, Is.EqualTo("Input 0 of layer \"lstm_x\" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (4, 3)"));
    }

    [Test]
    public void Constructor_InvalidArguments_ThrowArgumentException()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new LSTM(0), Throws.ArgumentException.With.Message.StartsWith("Received an invalid value for argument `units`, expected a positive integer, got 0."));
            Assert.That(() => new LSTM(2, recurrentDropout: 0.5f), Throws.ArgumentException.With.Message.Contains("recurrent dropout is not supported"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new LSTM(5, recurrentActivation: "hard_sigmoid", unitForgetBias: false, biasInitializer: "ones",
            recurrentRegularizer: new KerasSharp.Regularizers.L1(0.001f), dropout: 0.1f, seed: 9, returnSequences: true, name: "l");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (LSTM)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That((string?)json["class_name"], Is.EqualTo("LSTM"));
            Assert.That((string?)json["config"]!["recurrent_activation"], Is.EqualTo("hard_sigmoid"));
            Assert.That((bool?)json["config"]!["unit_forget_bias"], Is.False);
            Assert.That((int?)json["config"]!["seed"], Is.EqualTo(9));
            Assert.That(copy.UnitForgetBias, Is.False);
        });
    }

    [Test]
    public void Fit_RememberFirstStepTask_LossDecreases()
    {
        Keras.SetRandomSeed(2);
        var x = LayerTestHarness.RandomInput(new Shape(64, 6, 1), seed: 4);
        var xs = x.ToArray();
        var y = Enumerable.Range(0, 64).Select(i => xs[i * 6]).ToArray();
        var model = new Sequential([new LSTM(8, inputShape: new Shape(6, 1)), new Dense(1)]);
        model.Compile(optimizer: new Adam(learningRate: 0.02), loss: "mse");
        var losses = model.Fit(x, Tensor.FromArray(y, 64, 1), batchSize: 16, epochs: 20, verbose: 0).History["loss"];
        Assert.That(losses[^1], Is.LessThan(0.5 * losses[0]), $"losses: {string.Join(", ", losses)}");
    }

    [Test]
    public void Build_GateBlocksBeyondADimension_NamesTheLayerAndUnits()
    {
        var layer = new LSTM(600_000_000, name: "lstm_wide");
        var ex = Assert.Throws<ArgumentException>(() => layer.EnsureBuilt(new Shape(-1, 3, 2)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo(
                "Layer \"lstm_wide\" cannot handle an input of shape (None, 3, 2): the width of its kernels (4 gate blocks of units=600000000) is 2400000000, more than the largest dimension a tensor can have (2147483647)."));
            Assert.That(layer.Built, Is.False);
        });
    }

    [Test]
    public void Build_RecurrentKernelBeyondMemory_LeavesNoWeightBehind()
    {
        // the kernel (2, 120000) fits; the recurrent kernel (30000, 120000) needs 13.4 GB
        using var limit = MemoryLimits.Limit(8L << 30);
        var layer = new LSTM(30_000, name: "lstm_big");
        var ex = Assert.Throws<InvalidOperationException>(() => layer.EnsureBuilt(new Shape(-1, 3, 2)));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo(
                "Layer \"lstm_big\" cannot create its weight 'lstm_big/recurrent_kernel' of shape (30000, 120000): it needs 13.4 GB, more than the 8.0 GB this process can use."));
            Assert.That(layer.Built, Is.False);
            Assert.That(layer.Weights, Is.Empty, "the kernel created before the failure was removed");
        });
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void ApplyMany_ReturnState_ReturnsOutputAndFinalHAndC(bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: returnSequences, goBackwards: goBackwards, returnState: true);
        CheckReturnedStates(layer, cell, LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 12));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Apply_InitialState_StartsFromTheGivenHAndC(bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: true, goBackwards: goBackwards);
        CheckInitialState(layer, cell, LayerTestHarness.RandomInput(new Shape(3, 4, Features), seed: 13));
    }

    [Test]
    public void Gradient_WithRespectToInitialStates_MatchesFiniteDifferences() =>
        CheckInitialStateGradients(Known(returnSequences: true).Layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 16));

    [Test]
    public void Gradient_ThroughReturnedStates_MatchesFiniteDifferences()
    {
        // Σ R·[output, h, c]: the final cell state c reaches the loss only as a returned state
        var (layer, _) = Known(returnState: true);
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 19);
        GradientChecker.Check(xs => Ops.Concatenate([.. layer.ApplyMany(xs[0], initialState: xs[1..])], axis: -1), [x, .. InitialStates(layer, x, 20)]);
    }
    [Test]
    public void Apply_ReturnState_ThrowsUseApplyManyEagerAndSymbolic()
    {
        var layer = new LSTM(2, returnState: true, name: "lstm_rs");
        const string Expected = "Layer \"lstm_rs\" (LSTM) returns 3 tensors; use ApplyMany(...) to get them all, e.g. var (a, b) = layer.ApplyMany(x).";
        var eager = Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Zeros(new Shape(1, 2, 3))));
        var symbolic = Assert.Throws<InvalidOperationException>(() => layer.Apply(Keras.Input(shape: [2, 3])));
        var withState = Assert.Throws<InvalidOperationException>(() => layer.Apply(Tensor.Zeros(new Shape(1, 2, 3)), initialState: null));
        Assert.Multiple(() =>
        {
            Assert.That(eager!.Message, Is.EqualTo(Expected));
            Assert.That(symbolic!.Message, Is.EqualTo(Expected));
            Assert.That(withState!.Message, Is.EqualTo(Expected));
        });
    }
}
