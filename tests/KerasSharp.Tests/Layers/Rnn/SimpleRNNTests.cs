using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

public class SimpleRNNTests
{
    private const int Features = 3, Units = 2;

    /// <summary>A SimpleRNN with known weights and its double-precision reference cell.</summary>
    private static (SimpleRNN Layer, RnnReference.Cell Cell) Known(bool useBias = true, bool returnSequences = false, bool goBackwards = false, bool returnState = false)
    {
        var layer = new SimpleRNN(Units, returnState: returnState, useBias: useBias, returnSequences: returnSequences, goBackwards: goBackwards);
        layer.EnsureBuilt(new Shape(-1, -1, Features));
        var (k, kd) = RnnReference.Matrix(Features, Units, 1);
        var (u, ud) = RnnReference.Matrix(Units, Units, 2);
        var (b, bd) = RnnReference.Vector(Units, 3);
        layer.SetWeights(useBias ? [k, u, b] : [k, u]);
        double[]? bias = useBias ? bd : null;
        return (layer, (x, h, c) =>
        {
            var xw = RnnReference.Dot(x, kd, 0, Units);
            var hu = RnnReference.Dot(h, ud, 0, Units);
            var bb = RnnReference.Part(bias, 0, Units);
            return (xw.Select((v, j) => Math.Tanh(v + bb[j] + hu[j])).ToArray(), c);
        });
    }

    [Test]
    public void Harness_Units3_HasKernelRecurrentKernelAndBias() =>
        LayerTestHarness.Run(() => new SimpleRNN(3), new Shape(2, 4, 5), new Shape(2, 3), 3, 0,
            "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
            "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "dropout", "recurrent_dropout",
            "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "seed");

    [Test]
    public void Harness_ReturnSequencesNoBias_ReturnsEveryStep() =>
        LayerTestHarness.Run(() => new SimpleRNN(3, useBias: false, returnSequences: true), new Shape(2, 4, 5), new Shape(2, 4, 3), 2, 0, "units");

    [Test]
    public void ComputeOutputShape_UnknownTimesteps_PassesThrough()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new SimpleRNN(3).ComputeOutputShape(new Shape(-1, -1, 5)), Is.EqualTo(new Shape(-1, 3)));
            Assert.That(new SimpleRNN(3, returnSequences: true).ComputeOutputShape(new Shape(-1, -1, 5)), Is.EqualTo(new Shape(-1, -1, 3)));
        });
    }

    [Test]
    public void Build_Weights_HaveKerasNamesShapesAndOrder()
    {
        var layer = new SimpleRNN(4, name: "rnn");
        layer.EnsureBuilt(new Shape(-1, 7, 5));
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Name), Is.EqualTo(new[] { "kernel", "recurrent_kernel", "bias" }));
            Assert.That(layer.Weights.Select(w => w.Shape), Is.EqualTo(new[] { new Shape(5, 4), new Shape(4, 4), new Shape(4) }));
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[] { "rnn/kernel", "rnn/recurrent_kernel", "rnn/bias" }));
            Assert.That(layer.Weights, Is.EqualTo(new[] { layer.Kernel, layer.RecurrentKernel, layer.Bias }));
            Assert.That(layer.CountParams(), Is.EqualTo(5 * 4 + 4 * 4 + 4));
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new SimpleRNN(8);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Name, Does.StartWith("simple_rnn"));
            Assert.That(layer.Activation.Name, Is.EqualTo("tanh"));
            Assert.That(layer.UseBias, Is.True);
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.RecurrentInitializer, Is.TypeOf<Orthogonal>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
            Assert.That(layer.Dropout, Is.EqualTo(0.0));
            Assert.That(layer.RecurrentDropout, Is.EqualTo(0.0));
            Assert.That(layer.ReturnSequences, Is.False);
            Assert.That(layer.GoBackwards, Is.False);
            Assert.That(layer.Seed, Is.Null);
        });
    }

    [Test]
    public void Build_DefaultRecurrentKernel_IsOrthogonalAndBiasZero()
    {
        Keras.SetRandomSeed(5);
        var layer = new SimpleRNN(6);
        layer.EnsureBuilt(new Shape(-1, 3, 4));
        var u = layer.RecurrentKernel.Value;
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 6; i++)
            {
                for (int j = 0; j < 6; j++)
                {
                    double dot = 0;
                    for (int r = 0; r < 6; r++)
                    {
                        dot += (double)u[r, i] * u[r, j];
                    }
                    Assert.That(dot, Is.EqualTo(i == j ? 1.0 : 0.0).Within(1e-5), $"(UᵀU)[{i},{j}]");
                }
            }
            Assert.That(layer.Bias!.Value.ToArray(), Is.All.EqualTo(0f));
        });
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Call_KnownWeights_MatchesDoubleReference(bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: returnSequences, goBackwards: goBackwards);
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 7);
        var expected = RnnReference.Run(x, Units, goBackwards, cell);
        var y = layer.Apply(x);
        Assert.That(y.Shape, Is.EqualTo(returnSequences ? new Shape(2, 4, Units) : new Shape(2, Units)));
        TensorAssert.AllClose(y, returnSequences ? RnnReference.All(expected) : RnnReference.Last(expected), 1e-5, 1e-6);
    }

    [Test]
    public void Call_NoBias_MatchesDoubleReference()
    {
        var (layer, cell) = Known(useBias: false);
        var x = LayerTestHarness.RandomInput(new Shape(3, 5, Features), seed: 8);
        TensorAssert.AllClose(layer.Apply(x), RnnReference.Last(RnnReference.Run(x, Units, false, cell)), 1e-5, 1e-6);
    }

    [Test]
    public void Call_GoBackwards_LastOutputEqualsForwardRunOnReversedInput()
    {
        var (backwards, _) = Known(goBackwards: true);
        var (forwards, _) = Known();
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 9);
        var xs = x.ToArray();
        var reversed = new float[xs.Length];
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < 3; t++)
            {
                Array.Copy(xs, (b * 3 + t) * Features, reversed, (b * 3 + (2 - t)) * Features, Features);
            }
        }
        TensorAssert.AllClose(backwards.Apply(x), forwards.Apply(Tensor.FromArray(reversed, 2, 3, Features)), 0, 0);
    }

    [Test]
    public void Gradient_WithRespectToInput_MatchesFiniteDifferences()
    {
        var (layer, _) = Known(returnSequences: true);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 10)]);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Gradient_WithRespectToWeights_MatchesFiniteDifferences(bool goBackwards)
    {
        var (layer, _) = Known(returnSequences: true, goBackwards: goBackwards);
        RnnReference.CheckWeightGradients(layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 11));
    }

    [Test]
    public void Call_Dropout_SharesOneMaskAcrossTimesteps()
    {
        // identity kernel, zero recurrence, linear activation: the output is the masked input itself
        var layer = new SimpleRNN(Features, activation: "linear", useBias: false, dropout: 0.5f, returnSequences: true, seed: 3);
        layer.EnsureBuilt(new Shape(-1, -1, Features));
        layer.SetWeights([Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }), Tensor.Zeros(new Shape(Features, Features))]);
        var x = Tensor.Ones(new Shape(8, 5, Features));
        var y = layer.Apply(x, training: true);
        int dropped = 0;
        Assert.Multiple(() =>
        {
            for (int b = 0; b < 8; b++)
            {
                for (int f = 0; f < Features; f++)
                {
                    float first = y[b, 0, f];
                    Assert.That(first, Is.EqualTo(0f).Or.EqualTo(2f), "kept values are scaled by 1 / (1 - rate)");
                    dropped += first == 0f ? 1 : 0;
                    for (int t = 1; t < 5; t++)
                    {
                        Assert.That(y[b, t, f], Is.EqualTo(first), $"sample {b}, feature {f}: same mask at every step");
                    }
                }
            }
            Assert.That(dropped, Is.InRange(1, 23), "some but not all features dropped");
            TensorAssert.AllClose(layer.Apply(x, training: false), x.ToArray(), 0, 0);
        });
    }

    [Test]
    public void Apply_Rank2Input_ThrowsKerasInputSpecMessage()
    {
        // Unbuilt, the base Layer checks the spec against the shape with a None batch (see report); built, the real shape.
        var fresh = new SimpleRNN(2, name: "rnn");
        Assert.That(() => fresh.Apply(Tensor.Zeros(new Shape(2, 3))), Throws.ArgumentException.With.Message.Matches(
            @"^Input 0 of layer ""rnn"" is incompatible with the layer: expected ndim=3, found ndim=2\. Full shape received: \((2|None), 3\)$"));
        var built = new SimpleRNN(2, name: "rnn");
        built.Apply(Tensor.Zeros(new Shape(1, 2, 3)));
        var ex = Assert.Throws<ArgumentException>(() => built.Apply(Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Is.EqualTo("Input 0 of layer \"rnn\" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (2, 3)"));
    }

    [Test]
    public void Apply_WrongFeatureCount_ThrowsKerasInputSpecMessage()
    {
        var layer = new SimpleRNN(2, name: "rnn");
        layer.Apply(Tensor.Zeros(new Shape(1, 2, 3)));
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Zeros(new Shape(1, 2, 4))));
        Assert.That(ex!.Message, Does.Contain("expected axis -1 of input shape to have value 3, but received input with shape (1, 2, 4)"));
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void Constructor_NonPositiveUnits_ThrowsArgumentException(int units)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SimpleRNN(units));
        Assert.That(ex!.Message, Does.StartWith($"Received an invalid value for argument `units`, expected a positive integer, got {units}."));
    }

    [Test]
    public void Constructor_UnsupportedOptions_ThrowArgumentException()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new SimpleRNN(2, recurrentDropout: 0.2f), Throws.ArgumentException.With.Message.Contains("recurrentDropout=0.2"));
            Assert.That(new SimpleRNN(2, dropout: 1.5, recurrentDropout: -1.0).Dropout, Is.EqualTo(1.0), "rates are clamped to [0, 1] as in Keras");
        });
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new SimpleRNN(5, activation: "relu", useBias: false, recurrentInitializer: "glorot_normal",
            kernelRegularizer: new KerasSharp.Regularizers.L2(0.01f), dropout: 0.25f, returnSequences: true, goBackwards: true, seed: 4,
            inputShape: new Shape(7, 3), name: "r");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (SimpleRNN)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        var config = json["config"]!;
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That((string?)json["class_name"], Is.EqualTo("SimpleRNN"));
            Assert.That((string?)config["activation"], Is.EqualTo("relu"));
            Assert.That((double?)config["dropout"], Is.EqualTo(0.25));
            Assert.That((bool?)config["go_backwards"], Is.True);
            Assert.That((bool?)config["stateful"], Is.False);
            Assert.That((string?)config["recurrent_initializer"]!["class_name"], Is.EqualTo("GlorotNormal"));
            Assert.That(copy.BatchInputShape, Is.EqualTo(new Shape(-1, 7, 3)));
        });
    }

    [Test]
    public void FromConfig_KerasDefaultsAndUnsupportedKeys()
    {
        var minimal = SimpleRNN.FromConfig(new JsonObject { ["units"] = 3, ["name"] = "k" });
        Assert.Multiple(() =>
        {
            Assert.That(minimal.Activation.Name, Is.EqualTo("tanh"));
            Assert.That(SimpleRNN.FromConfig(new JsonObject { ["units"] = 3, ["activation"] = null }).Activation.Name, Is.EqualTo("linear"));
            Assert.That(() => SimpleRNN.FromConfig(new JsonObject { ["units"] = 3, ["stateful"] = true }), Throws.ArgumentException.With.Message.Contains("stateful=true"));
            Assert.That(() => SimpleRNN.FromConfig(new JsonObject { ["units"] = 3, ["kernel_constraint"] = "non_neg" }), Throws.ArgumentException.With.Message.Contains("kernel_constraint"));
        });
    }

    [Test]
    public void Fit_SequenceSumTask_LossDecreases()
    {
        Keras.SetRandomSeed(1);
        var x = LayerTestHarness.RandomInput(new Shape(64, 5, 1), seed: 3);
        var xs = x.ToArray();
        var y = Enumerable.Range(0, 64).Select(i => xs.Skip(i * 5).Take(5).Sum() / 5f).ToArray();
        var model = new Sequential([new SimpleRNN(8, inputShape: new Shape(5, 1)), new Dense(1)]);
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "mse");
        var history = model.Fit(x, Tensor.FromArray(y, 64, 1), batchSize: 16, epochs: 15, verbose: 0);
        var losses = history.History["loss"];
        Assert.That(losses[^1], Is.LessThan(0.3 * losses[0]), $"losses: {string.Join(", ", losses)}");
    }

    [TestCase(false, false)]
    [TestCase(true, true)]
    public void ApplyMany_ReturnState_ReturnsOutputAndFinalH(bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: returnSequences, goBackwards: goBackwards, returnState: true);
        RnnReference.CheckReturnedStates(layer, cell, LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 12));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Apply_InitialState_StartsFromTheGivenH(bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: true, goBackwards: goBackwards);
        RnnReference.CheckInitialState(layer, cell, LayerTestHarness.RandomInput(new Shape(3, 4, Features), seed: 13));
    }

    [Test]
    public void Gradient_WithRespectToInitialState_MatchesFiniteDifferences() =>
        RnnReference.CheckInitialStateGradients(Known(returnSequences: true).Layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 16));
}
