using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.RnnReference;

namespace KerasSharp.Tests.Layers;

public class BidirectionalTests
{
    /// <summary><c>np.arange(n).reshape(shape)</c> as float32.</summary>
    private static Tensor Arange(params int[] shape)
    {
        int n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray([.. Enumerable.Range(0, n).Select(i => (float)i)], shape);
    }

    /// <summary>A layer with Keras' constant test weights: kernel 0.01, recurrent kernel 0.02, bias 0.03 (or as given).</summary>
    private static Initializer C(float value) => new Constant(value);

    [Test]
    public void Harness_SimpleRnnConcat_DoublesTheFeatures() =>
        LayerTestHarness.Run(() => new Bidirectional(new SimpleRNN(4)), new Shape(3, 2, 4), new Shape(3, 8), 6, 0,
            "merge_mode", "layer", "backward_layer");

    [Test]
    public void Harness_SumWithBackwardLayer_KeepsTheFeatures() =>
        LayerTestHarness.Run(() => new Bidirectional(new SimpleRNN(4), mergeMode: "sum", backwardLayer: new SimpleRNN(4, goBackwards: true)),
            new Shape(3, 2, 4), new Shape(3, 4), 6, 0, "merge_mode");

    [Test]
    public void Constructor_CopiesTheLayerForwardAndBackward_WithKerasNames()
    {
        var lstm = new LSTM(3, returnSequences: true, name: "seq");
        var layer = new Bidirectional(lstm, name: "bi");
        layer.EnsureBuilt(new Shape(-1, 4, 5));
        Assert.Multiple(() =>
        {
            Assert.That(layer.ForwardLayer, Is.Not.SameAs(lstm));
            Assert.That(layer.ForwardLayer.Name, Is.EqualTo("forward_seq"));
            Assert.That(layer.BackwardLayer.Name, Is.EqualTo("backward_seq"));
            Assert.That((layer.ForwardLayer.GoBackwards, layer.BackwardLayer.GoBackwards), Is.EqualTo((false, true)));
            Assert.That(layer.ForwardLayer.ReturnSequences && layer.BackwardLayer.ReturnSequences && layer.ReturnSequences, Is.True);
            Assert.That(lstm.Built, Is.False, "the wrapped layer itself is not used");
            Assert.That(layer.Weights.Select(w => w.Path), Is.EqualTo(new[]
            {
                "bi/forward_seq/kernel", "bi/forward_seq/recurrent_kernel", "bi/forward_seq/bias",
                "bi/backward_seq/kernel", "bi/backward_seq/recurrent_kernel", "bi/backward_seq/bias",
            }));
            Assert.That(layer.Weights[0].Value.ToArray(), Is.Not.EqualTo(layer.Weights[3].Value.ToArray()), "each copy draws its own weights");
            Assert.That(new Bidirectional(new GRU(2, name: "forward_g")).ForwardLayer.Name, Is.EqualTo("forward_g"), "Keras removes the prefix first");
        });
    }

    [Test]
    public void CountParams_KerasExamples()
    {
        var wide = new Bidirectional(new LSTM(64));
        wide.EnsureBuilt(new Shape(-1, 10, 128));
        // Keras' "Working with RNNs" guide: Bidirectional(LSTM(64, return_sequences=True), input_shape=(5, 10)), Bidirectional(LSTM(32)), Dense(10)
        var model = new Sequential([
            new Bidirectional(new LSTM(64, returnSequences: true), inputShape: new Shape(5, 10)),
            new Bidirectional(new LSTM(32)),
            new Dense(10),
        ]);
        var summary = new StringWriter();
        model.Summary(output: summary);
        Assert.Multiple(() =>
        {
            Assert.That(wide.CountParams(), Is.EqualTo(98_816), "2 × 4·64·(128 + 64 + 1)");
            Assert.That(model.Layers.Select(l => l.CountParams()), Is.EqualTo(new long[] { 38_400, 41_216, 650 }));
            Assert.That(model.Layers.Select(l => l.OutputShape), Is.EqualTo(new Shape?[] { new Shape(-1, 5, 128), new Shape(-1, 64), new Shape(-1, 10) }));
            Assert.That(model.CountParams(), Is.EqualTo(80_266));
            Assert.That(summary.ToString(), Does.Contain("(Bidirectional)").And.Contain("80,266"));
            Assert.That(wide.ClassName, Is.EqualTo("Bidirectional"));
        });
    }

    /// <summary>The outputs Keras 3 gives for SimpleRNN(2) and GRU(2) with constant weights on arange(24).reshape(2, 3, 4).</summary>
    [Test]
    public void Call_ConstantWeights_MatchKerasValues()
    {
        var x = Arange(2, 3, 4);
        var forward = new SimpleRNN(2, kernelInitializer: C(0.01f), recurrentInitializer: C(0.02f), biasInitializer: C(0.03f));
        var backward = new SimpleRNN(2, kernelInitializer: C(0.03f), recurrentInitializer: C(0.02f), biasInitializer: C(0.01f), goBackwards: true);
        var gru = new GRU(2, kernelInitializer: C(0.01f), recurrentInitializer: C(0.02f), biasInitializer: C(0.03f), returnSequences: true);
        var (first, second) = new Bidirectional(forward, mergeMode: null).ApplyMany(x);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(new Bidirectional(forward).Apply(x), [0.39687276f, 0.39687276f, 0.10004295f, 0.10004295f, 0.7237238f, 0.7237238f, 0.53391594f, 0.53391594f], 1e-5, 1e-5);
            TensorAssert.AllClose(new Bidirectional(forward, mergeMode: "ave").Apply(x), [0.24845785f, 0.24845785f, 0.6288199f, 0.6288199f], 1e-5, 1e-5);
            TensorAssert.AllClose(first, [0.39687276f, 0.39687276f, 0.7237238f, 0.7237238f], 1e-5, 1e-5);
            TensorAssert.AllClose(second, [0.10004295f, 0.10004295f, 0.53391594f, 0.53391594f], 1e-5, 1e-5);
            TensorAssert.AllClose(new Bidirectional(forward, mergeMode: "mul", backwardLayer: backward).Apply(x), [0.08374989f, 0.08374989f, 0.6740834f, 0.6740834f], 1e-5, 1e-5);
            TensorAssert.AllClose(new Bidirectional(gru, mergeMode: "sum").Apply(x),
                [0.20937867f, 0.20937867f, 0.34462988f, 0.34462988f, 0.40290534f, 0.40290534f, 0.59829646f, 0.59829646f, 0.6734641f, 0.6734641f, 0.6479671f, 0.6479671f], 1e-5, 1e-5);
        });
    }

    /// <summary>The outputs Keras 3 gives for LSTM(2) with constant weights on arange(24).reshape(2, 4, 3), with initial states and with returned states.</summary>
    [Test]
    public void Call_ConstantWeightsLstmStates_MatchKerasValues()
    {
        var x = Arange(2, 4, 3);
        LSTM Lstm(bool returnState) => new(2, kernelInitializer: C(0.01f), recurrentInitializer: C(0.02f), biasInitializer: C(0.03f), returnState: returnState);
        Tensor[] initial = [.. Enumerable.Range(1, 4).Select(k => Ops.Multiply(Arange(2, 2), Tensor.Scalar(k)))];
        var withState = new Bidirectional(Lstm(false)).Apply(x, initialState: initial);
        var all = new Bidirectional(Lstm(true)).ApplyMany(x);
        Assert.That(all, Has.Count.EqualTo(5), "output, h and c forward, h and c backward");
        var (output, h1, c1, h2, c2) = (all[0], all[1], all[2], all[3], all[4]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(withState, [0.20794602f, 0.4577124f, 0.14046375f, 0.48191673f, 0.6682636f, 0.6711909f, 0.60943645f, 0.60950446f], 1e-5, 1e-5);
            TensorAssert.AllClose(output, [0.1990008f, 0.1990008f, 0.12659755f, 0.12659755f, 0.52335435f, 0.52335435f, 0.44717982f, 0.44717982f], 1e-5, 1e-5);
            TensorAssert.AllClose(h1, [0.1990008f, 0.1990008f, 0.52335435f, 0.52335435f], 1e-5, 1e-5);
            TensorAssert.AllClose(c1, [0.35567185f, 0.35567185f, 1.0492687f, 1.0492687f], 1e-5, 1e-5);
            TensorAssert.AllClose(h2, [0.12659755f, 0.12659755f, 0.44717982f, 0.44717982f], 1e-5, 1e-5);
            TensorAssert.AllClose(c2, [0.2501858f, 0.2501858f, 0.941473f, 0.941473f], 1e-5, 1e-5);
        });
    }

    [TestCase("concat")]
    [TestCase("sum")]
    [TestCase("mul")]
    [TestCase("ave")]
    public void Call_KnownWeightsSequences_MatchesTwoDirectLoops(string mergeMode)
    {
        const int Units = 2, Features = 3;
        var layer = new Bidirectional(new SimpleRNN(Units, returnSequences: true), mergeMode: mergeMode);
        layer.EnsureBuilt(new Shape(-1, -1, Features));
        var (kf, kfd) = Matrix(Features, Units, 41);
        var (uf, ufd) = Matrix(Units, Units, 42);
        var (bf, bfd) = Vector(Units, 43);
        var (kb, kbd) = Matrix(Features, Units, 44);
        var (ub, ubd) = Matrix(Units, Units, 45);
        var (bb, bbd) = Vector(Units, 46);
        layer.SetWeights([kf, uf, bf, kb, ub, bb]);
        Cell Simple(double[,] k, double[,] u, double[] b) => (x, h, c) =>
            (Zip(Zip(Dot(x, k, 0, Units), Dot(h, u, 0, Units), (p, q) => p + q), b, (p, q) => Math.Tanh(p + q)), c);
        var x = LayerTestHarness.RandomInput(new Shape(2, 5, Features), seed: 47);
        var fw = Run(x, Units, false, Simple(kfd, ufd, bfd));
        var bw = Run(x, Units, true, Simple(kbd, ubd, bbd));   // in processing order: bw[b, i] belongs to step 4 − i
        var expected = new List<float>();
        for (int b = 0; b < 2; b++)
        {
            for (int t = 0; t < 5; t++)
            {
                var f = Enumerable.Range(0, Units).Select(u => fw[b, t, u]).ToArray();
                var r = Enumerable.Range(0, Units).Select(u => bw[b, 4 - t, u]).ToArray();
                IEnumerable<double> merged = mergeMode switch
                {
                    "concat" => f.Concat(r),
                    "sum" => Zip(f, r, (p, q) => p + q),
                    "mul" => Zip(f, r, (p, q) => p * q),
                    _ => Zip(f, r, (p, q) => (p + q) / 2),
                };
                expected.AddRange(merged.Select(v => (float)v));
            }
        }
        TensorAssert.AllClose(layer.Apply(x), [.. expected], 1e-5, 1e-6);
    }

    [Test]
    public void MergeModeNull_ReturnsBothOutputs_AndApplyThrows()
    {
        var layer = new Bidirectional(new GRU(3, returnSequences: true), mergeMode: null, name: "bi_none");
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, 5), seed: 3);
        var (forward, backward) = layer.ApplyMany(x);
        var symbolic = layer.ApplyMany(Keras.Input(shape: [4, 5]));
        Assert.Multiple(() =>
        {
            Assert.That(forward.ToArray(), Is.EqualTo(layer.ForwardLayer.Apply(x).ToArray()));
            Assert.That(backward.ToArray(), Is.EqualTo(Ops.Flip(layer.BackwardLayer.Apply(x), axis: 1).ToArray()), "the backward sequence in input order");
            Assert.That(symbolic.Select(t => t.Shape), Is.EqualTo(new[] { new Shape(-1, 4, 3), new Shape(-1, 4, 3) }));
            Assert.That(() => layer.Apply(x), Throws.InvalidOperationException.With.Message.EqualTo(
                "Layer \"bi_none\" (Bidirectional) returns 2 tensors; use ApplyMany(...) to get them all, e.g. var (a, b) = layer.ApplyMany(x)."));
            Assert.That(() => layer.Apply(Keras.Input(shape: [4, 5])), Throws.InvalidOperationException.With.Message.Contains("returns 2 tensors"));
        });
    }

    private static IEnumerable<TestCaseData> ShapeCases()
    {
        foreach (var mergeMode in new[] { "concat", "sum", "mul", "ave", null })
        {
            foreach (var returnState in new[] { false, true })
            {
                foreach (var returnSequences in new[] { false, true })
                {
                    yield return new TestCaseData(mergeMode, returnState, returnSequences)
                        .SetName($"ComputeOutputShapes_{mergeMode ?? "None"}{(returnState ? "_ReturnState" : "")}{(returnSequences ? "_ReturnSequences" : "")}_MatchesTheOutputs");
                }
            }
        }
    }

    [TestCaseSource(nameof(ShapeCases))]
    public void ComputeOutputShapes_MatchesTheOutputs(string? mergeMode, bool returnState, bool returnSequences)
    {
        var layer = new Bidirectional(new LSTM(3, returnState: returnState, returnSequences: returnSequences), mergeMode: mergeMode);
        var outputs = layer.ApplyMany(LayerTestHarness.RandomInput(new Shape(2, 4, 5), seed: 9));
        var shapes = layer.ComputeOutputShapes([new Shape(-1, 4, 5)]);
        int expectedCount = (mergeMode is null ? 2 : 1) + (returnState ? 4 : 0);
        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Count.EqualTo(expectedCount));
            Assert.That(shapes.Select(s => s.WithBatch(2)), Is.EqualTo(outputs.Select(o => o.Shape)));
            Assert.That(shapes[0][^1], Is.EqualTo(mergeMode == "concat" ? 6 : 3));
        });
    }

    [Test]
    public void ApplyMany_ReturnState_StatesAreTheForwardThenBackwardLayers()
    {
        var layer = new Bidirectional(new LSTM(2, returnState: true));
        var x = LayerTestHarness.RandomInput(new Shape(3, 4, 2), seed: 10);
        var outputs = layer.ApplyMany(x);
        var forward = layer.ForwardLayer.ApplyMany(x);
        var backward = layer.BackwardLayer.ApplyMany(x);
        Assert.Multiple(() =>
        {
            Assert.That(outputs[0].ToArray(), Is.EqualTo(Ops.Concatenate([forward[0], backward[0]], axis: -1).ToArray()));
            for (int i = 0; i < 2; i++)
            {
                Assert.That(outputs[1 + i].ToArray(), Is.EqualTo(forward[1 + i].ToArray()), $"forward state {i}");
                Assert.That(outputs[3 + i].ToArray(), Is.EqualTo(backward[1 + i].ToArray()), $"backward state {i}");
            }
        });
    }

    [Test]
    public void Apply_SymbolicInitialState_RecordsFourStatesAndRunsAsEager()
    {
        var x = Keras.Input(shape: [5, 3]);
        KerasTensor[] states = [.. Enumerable.Range(0, 4).Select(_ => Keras.Input(shape: [2]))];
        var layer = new Bidirectional(new LSTM(2));
        var y = layer.Apply(x, initialState: states);
        var model = new Model([x, .. states], y);
        var xs = LayerTestHarness.RandomInput(new Shape(2, 5, 3), seed: 11);
        Tensor[] ss = [.. Enumerable.Range(0, 4).Select(i => Tensor.FromArray(Values(4, 20 + i), 2, 2))];
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(y.Node.Arguments.Keywords, Is.EqualTo(new[] { ("initial_state", 4) }));
            Assert.That(model.ApplyMany([xs, .. ss])[0].ToArray(), Is.EqualTo(layer.Apply(xs, initialState: ss).ToArray()));
        });
    }

    [Test]
    public void InitialState_WrongCount_ThrowsNamingBothLayers()
    {
        var layer = new Bidirectional(new LSTM(2, name: "l"), name: "bi_s");
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Keras.Input(shape: [5, 3]), initialState: [Keras.Input(shape: [2]), Keras.Input(shape: [2])]));
        Assert.That(ex!.Message, Is.EqualTo(
            "Layer \"bi_s\" (Bidirectional) has 4 states (2 of its forward layer \"forward_l\", then 2 of its backward layer \"backward_l\") but was passed 2 initial states. " +
            "Received: inputs shape (None, 5, 3), initial_state shapes [(None, 2), (None, 2)]"));
    }

    [Test]
    public void Constructor_InvalidArguments_ThrowKerasMessages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new Bidirectional(new LSTM(2), mergeMode: "max"), Throws.ArgumentException.With.Message.StartsWith(
                "Invalid merge mode. Received: max. Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", null}"));
            Assert.That(() => new Bidirectional(new LSTM(2), backwardLayer: new LSTM(2), name: "bi_g"), Throws.ArgumentException.With.Message.EqualTo(
                "Layer \"bi_g\" (Bidirectional): Forward layer and backward layer should have different `go_backwards` value. Received: " +
                "forward_layer.go_backwards=False, backward_layer.go_backwards=False (Parameter 'layer')"));
            Assert.That(() => new Bidirectional(new LSTM(2, goBackwards: true)), Throws.ArgumentException.With.Message.Contains("should have different `go_backwards` value"),
                "as in Keras 3 the backward copy has go_backwards=True, so a backward layer cannot be wrapped");
            Assert.That(() => new Bidirectional(new LSTM(2), backwardLayer: new LSTM(2, goBackwards: true, returnSequences: true)),
                Throws.ArgumentException.With.Message.Contains("expected to have the same value for attribute \"return_sequences\", got \"False\" for forward layer and \"True\" for backward layer"));
            Assert.That(() => new Bidirectional(new LSTM(2), mergeMode: "sum", backwardLayer: new LSTM(3, goBackwards: true)),
                Throws.ArgumentException.With.Message.Contains("units=2, the backward layer units=3"));
            Assert.That(() => new Bidirectional(null!), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void ConcatWithLargerBackwardLayer_ConcatenatesBothWidths()
    {
        var layer = new Bidirectional(new GRU(2), backwardLayer: new GRU(3, goBackwards: true, activation: "relu"));
        var y = layer.Apply(LayerTestHarness.RandomInput(new Shape(2, 3, 4), seed: 12));
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 5)));
            Assert.That(layer.ComputeOutputShape(new Shape(-1, 3, 4)), Is.EqualTo(new Shape(-1, 5)));
        });
    }

    [Test]
    public void Config_RoundTripsThroughObjectRegistry()
    {
        var layer = new Bidirectional(new LSTM(3, returnSequences: true, name: "enc"), mergeMode: "ave",
            backwardLayer: new LSTM(3, returnSequences: true, goBackwards: true, activation: "relu", name: "rev"), name: "bi_c");
        layer.EnsureBuilt(new Shape(-1, 4, 2));
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (Bidirectional)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        copy.EnsureBuilt(new Shape(-1, 4, 2)); // a built layer records its build_config, as in Keras
        var config = json["config"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)json["class_name"], Is.EqualTo("Bidirectional"));
            Assert.That(((JsonObject)config).Select(p => p.Key), Is.SupersetOf(new[] { "name", "trainable", "dtype", "merge_mode", "layer", "backward_layer" }));
            Assert.That((string?)config["merge_mode"], Is.EqualTo("ave"));
            Assert.That((string?)config["layer"]!["class_name"], Is.EqualTo("LSTM"));
            Assert.That((string?)config["layer"]!["config"]!["name"], Is.EqualTo("forward_enc"));
            Assert.That((string?)config["backward_layer"]!["config"]!["activation"], Is.EqualTo("relu"));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
            Assert.That((copy.ForwardLayer.Name, copy.BackwardLayer.Name), Is.EqualTo(("forward_enc", "rev")));
            Assert.That(copy.MergeMode, Is.EqualTo("ave"));
        });
    }

    [Test]
    public void Config_NullMergeMode_RoundTrips()
    {
        var json = ObjectRegistry.SerializeLayer(new Bidirectional(new SimpleRNN(2), mergeMode: null));
        var copy = (Bidirectional)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That(((JsonObject)json["config"]!).ContainsKey("merge_mode"), Is.True);
            Assert.That(json["config"]!["merge_mode"], Is.Null);
            Assert.That(copy.MergeMode, Is.Null);
        });
    }

    [Test]
    public void Trainable_False_FreezesBothLayers()
    {
        var layer = new Bidirectional(new LSTM(2));
        layer.EnsureBuilt(new Shape(-1, 3, 2));
        layer.Trainable = false;
        Assert.Multiple(() =>
        {
            Assert.That(layer.TrainableWeights, Is.Empty);
            Assert.That(layer.NonTrainableWeights, Has.Count.EqualTo(6));
            Assert.That(layer.ForwardLayer.Trainable || layer.BackwardLayer.Trainable, Is.False);
            Assert.That((bool?)layer.GetConfig()["layer"]!["config"]!["trainable"], Is.False);
        });
        layer.Trainable = true;
        Assert.That(layer.TrainableWeights, Has.Count.EqualTo(6));
    }

    [Test]
    public void Regularizers_OfBothLayers_CountInTheLoss()
    {
        var layer = new Bidirectional(new SimpleRNN(2, kernelRegularizer: new L2(0.5f)));
        layer.EnsureBuilt(new Shape(-1, 3, 2));
        var penalties = layer.RegularizationLosses().Select(p => p.Item()).ToArray();
        float expected(int w) => 0.5f * layer.Weights[w].Value.ToArray().Sum(v => v * v);
        Assert.Multiple(() =>
        {
            Assert.That(penalties, Has.Length.EqualTo(2));
            Assert.That(penalties[0], Is.EqualTo(expected(0)).Within(1e-5f));
            Assert.That(penalties[1], Is.EqualTo(expected(3)).Within(1e-5f));
        });
    }

    [Test]
    public void Gradient_WithRespectToInput_MatchesFiniteDifferences()
    {
        var layer = new Bidirectional(new GRU(2, returnSequences: true));
        GradientChecker.Check(xs => layer.Apply(xs[0]), [LayerTestHarness.RandomInput(new Shape(2, 3, 3), seed: 13)]);
    }

    [Test]
    public void Gradient_WithRespectToWeights_MatchesFiniteDifferences()
    {
        var layer = new Bidirectional(new LSTM(2, returnSequences: true), mergeMode: "mul");
        var x = LayerTestHarness.RandomInput(new Shape(2, 3, 2), seed: 14);
        layer.EnsureBuilt(x.Shape.WithBatch(-1));
        CheckWeightGradients(layer, x);
    }

    [Test]
    public void Fit_ParityOfTheFirstAndLastSteps_LossDecreases()
    {
        // the label needs both ends of the sequence: the forward layer sees the last step last, the backward one the first
        Keras.SetRandomSeed(4);
        var x = LayerTestHarness.RandomInput(new Shape(64, 6, 1), seed: 15);
        var xs = x.ToArray();
        var y = Enumerable.Range(0, 64).Select(i => xs[i * 6] * xs[i * 6 + 5] > 0 ? 1f : 0f).ToArray();
        var model = new Sequential([new Bidirectional(new LSTM(8), inputShape: new Shape(6, 1)), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new Adam(learningRate: 0.02), loss: "binary_crossentropy");
        var losses = model.Fit(x, Tensor.FromArray(y, 64, 1), batchSize: 16, epochs: 25, verbose: 0).History["loss"];
        Assert.That(losses[^1], Is.LessThan(0.7 * losses[0]), $"losses: {string.Join(", ", losses)}");
    }
}
