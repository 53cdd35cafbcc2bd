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

public class GRUTests
{
    private const int Features = 3, Units = 2;

    /// <summary>A GRU with known weights and the Keras cell in double: gates z, r, h.</summary>
    private static (GRU Layer, Cell Cell) Known(bool resetAfter = true, bool useBias = true, bool returnSequences = false, bool goBackwards = false, bool returnState = false)
    {
        var layer = new GRU(Units, returnState: returnState, useBias: useBias, returnSequences: returnSequences, goBackwards: goBackwards, resetAfter: resetAfter);
        layer.EnsureBuilt(new Shape(-1, -1, Features));
        var (k, kd) = Matrix(Features, 3 * Units, 31);
        var (u, ud) = Matrix(Units, 3 * Units, 32);
        var (b, bd) = Matrix(resetAfter ? 2 : 1, 3 * Units, 33);
        layer.SetWeights(useBias ? [k, u, resetAfter ? b : Ops.Reshape(b, new Shape(3 * Units))] : [k, u]);
        double[]? inputBias = useBias ? Enumerable.Range(0, 3 * Units).Select(j => bd[0, j]).ToArray() : null;
        double[]? recurrentBias = useBias && resetAfter ? Enumerable.Range(0, 3 * Units).Select(j => bd[1, j]).ToArray() : null;
        return (layer, (x, h, c) =>
        {
            double[] X(int g) => Zip(Dot(x, kd, g * Units, Units), Part(inputBias, g * Units, Units), (p, q) => p + q);
            double[] H(int g) => Zip(Dot(h, ud, g * Units, Units), Part(recurrentBias, g * Units, Units), (p, q) => p + q);
            var z = Zip(X(0), H(0), (p, q) => Sigmoid(p + q));
            var r = Zip(X(1), H(1), (p, q) => Sigmoid(p + q));
            // reset after: h̃ = tanh(x·W_h + b_x_h + r ⊙ (h·U_h + b_h_h)); before: h̃ = tanh(x·W_h + b_h + (r ⊙ h)·U_h)
            var candidate = resetAfter
                ? Zip(X(2), Zip(r, H(2), (p, q) => p * q), (p, q) => Math.Tanh(p + q))
                : Zip(X(2), Dot(Zip(r, h, (p, q) => p * q), ud, 2 * Units, Units), (p, q) => Math.Tanh(p + q));
            return (h.Select((hv, j) => z[j] * hv + (1 - z[j]) * candidate[j]).ToArray(), c);
        });
    }

    [Test]
    public void Harness_ResetAfter_HasKernelRecurrentKernelAndBias() =>
        LayerTestHarness.Run(() => new GRU(3), new Shape(2, 4, 5), new Shape(2, 3), 3, 0,
            "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
            "bias_initializer", "dropout", "recurrent_dropout", "reset_after", "seed", "return_sequences", "go_backwards");

    [Test]
    public void Harness_ResetBeforeReturnSequences_ReturnsEveryStep() =>
        LayerTestHarness.Run(() => new GRU(3, resetAfter: false, returnSequences: true), new Shape(2, 4, 5), new Shape(2, 4, 3), 3, 0, "reset_after");

    [TestCase(true, 2 * 12)]
    [TestCase(false, 12)]
    public void Build_Weights_HaveKerasNamesShapesAndOrder(bool resetAfter, int biasSize)
    {
        var layer = new GRU(4, resetAfter: resetAfter, name: "g");
        layer.EnsureBuilt(new Shape(-1, 7, 5));
        var biasShape = resetAfter ? new Shape(2, 12) : new Shape(12);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Weights.Select(w => w.Name), Is.EqualTo(new[] { "kernel", "recurrent_kernel", "bias" }));
            Assert.That(layer.Weights.Select(w => w.Shape), Is.EqualTo(new[] { new Shape(5, 12), new Shape(4, 12), biasShape }));
            Assert.That(layer.Bias!.Path, Is.EqualTo("g/bias"));
            Assert.That(layer.CountParams(), Is.EqualTo(5 * 12 + 4 * 12 + biasSize));
        });
    }

    [Test]
    public void Constructor_Defaults_AreKeras()
    {
        var layer = new GRU(8);
        Assert.Multiple(() =>
        {
            Assert.That(layer.Name, Does.StartWith("gru"));
            Assert.That(layer.ResetAfter, Is.True);
            Assert.That(layer.Activation.Name, Is.EqualTo("tanh"));
            Assert.That(layer.RecurrentActivation.Name, Is.EqualTo("sigmoid"));
            Assert.That(layer.UseBias, Is.True);
            Assert.That(layer.KernelInitializer, Is.TypeOf<GlorotUniform>());
            Assert.That(layer.RecurrentInitializer, Is.TypeOf<Orthogonal>());
            Assert.That(layer.BiasInitializer, Is.TypeOf<Zeros>());
            Assert.That(layer.Dropout, Is.EqualTo(0.0));
        });
    }

    [Test]
    public void Call_BiasOnly_FollowsKerasGateOrderZRHWithResetAfter()
    {
        // zero kernels, h_0 = 0: z = σ(bz + b'z), r = σ(br + b'r), h̃ = tanh(bh + r·b'h), h_1 = (1 − z)·h̃
        var layer = new GRU(1, returnSequences: true);
        layer.EnsureBuilt(new Shape(-1, -1, 1));
        float[] input = [0.2f, -0.4f, 0.9f], recurrent = [0.5f, 1.1f, -0.7f];
        layer.SetWeights([Tensor.Zeros(new Shape(1, 3)), Tensor.Zeros(new Shape(1, 3)), Tensor.FromArray(new[,] { { input[0], input[1], input[2] }, { recurrent[0], recurrent[1], recurrent[2] } })]);
        var y = layer.Apply(Tensor.Zeros(new Shape(1, 2, 1)));
        double z = Sigmoid(input[0] + recurrent[0]), r = Sigmoid(input[1] + recurrent[1]);
        double candidate = Math.Tanh(input[2] + r * recurrent[2]);
        double h1 = (1 - z) * candidate;
        double h2 = z * h1 + (1 - z) * candidate;   // zero kernels: the gates do not depend on h
        TensorAssert.AllClose(y, [(float)h1, (float)h2], 1e-6, 1e-7);
    }

    [TestCase(true, false, false)]
    [TestCase(true, true, false)]
    [TestCase(true, false, true)]
    [TestCase(true, true, true)]
    [TestCase(false, false, false)]
    [TestCase(false, true, true)]
    public void Call_KnownWeights_MatchesDoubleReference(bool resetAfter, bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(resetAfter, returnSequences: returnSequences, goBackwards: goBackwards);
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 7);
        var expected = Run(x, Units, goBackwards, cell);
        TensorAssert.AllClose(layer.Apply(x), returnSequences ? All(expected) : Last(expected), 1e-5, 1e-6);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Call_NoBias_MatchesDoubleReference(bool resetAfter)
    {
        var (layer, cell) = Known(resetAfter, useBias: false);
        var x = LayerTestHarness.RandomInput(new Shape(3, 5, Features), seed: 8);
        TensorAssert.AllClose(layer.Apply(x), Last(Run(x, Units, false, cell)), 1e-5, 1e-6);
    }

    [Test]
    public void Call_ResetAfterAndBefore_DifferOnceTheStateIsNonZero()
    {
        var (after, _) = Known(resetAfter: true, useBias: false);
        var (before, _) = Known(resetAfter: false, useBias: false);
        var x = LayerTestHarness.RandomInput(new Shape(1, 3, Features), seed: 12);
        var a = after.Apply(x).ToArray();
        var b = before.Apply(x).ToArray();
        Assert.That(Math.Abs(a[0] - b[0]) + Math.Abs(a[1] - b[1]), Is.GreaterThan(1e-4));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Gradient_WithRespectToInput_MatchesFiniteDifferences(bool resetAfter)
    {
        var (layer, _) = Known(resetAfter, returnSequences: true);
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 10)]);
    }

    [TestCase(true, false)]
    [TestCase(true, true)]
    [TestCase(false, false)]
    public void Gradient_WithRespectToWeights_MatchesFiniteDifferences(bool resetAfter, bool goBackwards)
    {
        var (layer, _) = Known(resetAfter, returnSequences: true, goBackwards: goBackwards);
        CheckWeightGradients(layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 11));
    }

    [Test]
    public void Apply_Rank2Input_ThrowsKerasInputSpecMessage()
    {
        // Unbuilt, the base Layer checks the spec against the shape with a None batch (see report); built, the real shape.
        var fresh = new GRU(2, name: "gru_x");
        Assert.That(() => fresh.Apply(Tensor.Zeros(new Shape(4, 3))), Throws.ArgumentException.With.Message.Matches(
            @"^Input 0 of layer ""gru_x"" is incompatible with the layer: expected ndim=3, found ndim=2\. Full shape received: \((4|None), 3\)$"));
        var built = new GRU(2, name: "gru_x");
        built.Apply(Tensor.Zeros(new Shape(1, 2, 3)));
        var ex = Assert.Throws<ArgumentException>(() => built.Apply(Tensor.Zeros(new Shape(4, 3))));
        Assert.That(ex!.Message, Is.EqualTo("Input 0 of layer \"gru_x\" is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (4, 3)"));
    }

    [Test]
    public void Constructor_InvalidArguments_ThrowArgumentException()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new GRU(-1), Throws.ArgumentException.With.Message.StartsWith("Received an invalid value for argument `units`, expected a positive integer, got -1."));
            Assert.That(() => new GRU(2, recurrentDropout: 0.1f), Throws.ArgumentException.With.Message.Contains("recurrent dropout is not supported"));
        });
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new GRU(5, activation: "relu", kernelInitializer: new RandomNormal(stddev: 0.1f, seed: 2), dropout: 0.3f,
            goBackwards: true, resetAfter: false, inputShape: new Shape(-1, 4), name: "g");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (GRU)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That((string?)json["class_name"], Is.EqualTo("GRU"));
            Assert.That((bool?)json["config"]!["reset_after"], Is.False);
            Assert.That(copy.ResetAfter, Is.False);
            Assert.That(copy.BatchInputShape, Is.EqualTo(new Shape(-1, -1, 4)));
            Assert.That(GRU.FromConfig(new JsonObject { ["units"] = 2 }).ResetAfter, Is.True, "Keras 3 default");
        });
    }

    [Test]
    public void Fit_StackedOnLSTMSequences_LossDecreases()
    {
        Keras.SetRandomSeed(3);
        var x = LayerTestHarness.RandomInput(new Shape(64, 5, 2), seed: 5);
        var xs = x.ToArray();
        var y = Enumerable.Range(0, 64).Select(i => xs[i * 10] - xs[i * 10 + 9]).ToArray();
        var model = new Sequential([new LSTM(6, returnSequences: true, inputShape: new Shape(5, 2)), new GRU(6), new Dense(1)]);
        model.Compile(optimizer: new Adam(learningRate: 0.02), loss: "mse");
        var losses = model.Fit(x, Tensor.FromArray(y, 64, 1), batchSize: 16, epochs: 20, verbose: 0).History["loss"];
        Assert.That(losses[^1], Is.LessThan(0.5 * losses[0]), $"losses: {string.Join(", ", losses)}");
    }

    [TestCase(false, false)]
    [TestCase(true, true)]
    public void ApplyMany_ReturnState_ReturnsOutputAndFinalH(bool returnSequences, bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: returnSequences, goBackwards: goBackwards, returnState: true);
        CheckReturnedStates(layer, cell, LayerTestHarness.RandomInput(new Shape(2, 4, Features), seed: 12));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Apply_InitialState_StartsFromTheGivenH(bool goBackwards)
    {
        var (layer, cell) = Known(returnSequences: true, goBackwards: goBackwards);
        CheckInitialState(layer, cell, LayerTestHarness.RandomInput(new Shape(3, 4, Features), seed: 13));
    }

    [Test]
    public void Gradient_WithRespectToInitialState_MatchesFiniteDifferences() =>
        CheckInitialStateGradients(Known(returnSequences: true).Layer, LayerTestHarness.RandomInput(new Shape(2, 3, Features), seed: 16));
}
