using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.RnnReference;

namespace KerasSharp.Tests.Layers;

/// <summary>
/// What the three recurrent layers share through <see cref="RecurrentLayer"/>: states returned and passed in, on
/// symbolic and eager tensors, their shapes and errors, and Keras' encoder–decoder from the "Working with RNNs" guide.
/// </summary>
public class RecurrentLayerTests
{
    private static Tensor Ids(int rows, int cols, int vocabulary, int seed)
    {
        var rng = new Rng(seed);
        var values = new float[rows * cols];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Min(vocabulary - 1, (int)(rng.Uniform(0, 1) * vocabulary));
        }
        return Tensor.FromArray(values, rows, cols);
    }

    [Test]
    public void ComputeOutputShapes_ReturnState_AddsOneBatchByUnitsShapePerState()
    {
        var input = new Shape(-1, 7, 5);
        Assert.Multiple(() =>
        {
            Assert.That(new LSTM(4, returnState: true).ComputeOutputShapes([input]),
                Is.EqualTo(new[] { new Shape(-1, 4), new Shape(-1, 4), new Shape(-1, 4) }));
            Assert.That(new LSTM(4, returnState: true, returnSequences: true).ComputeOutputShapes([input]),
                Is.EqualTo(new[] { new Shape(-1, 7, 4), new Shape(-1, 4), new Shape(-1, 4) }));
            Assert.That(new GRU(3, returnState: true).ComputeOutputShapes([input]), Is.EqualTo(new[] { new Shape(-1, 3), new Shape(-1, 3) }));
            Assert.That(new SimpleRNN(2, returnState: true).ComputeOutputShapes([input]), Is.EqualTo(new[] { new Shape(-1, 2), new Shape(-1, 2) }));
            Assert.That(new LSTM(4, returnState: true).ComputeOutputShape(input), Is.EqualTo(new Shape(-1, 4)), "the single-shape form gives the output");
            Assert.That(new LSTM(4).ComputeOutputShapes([input, new Shape(-1, 4), new Shape(-1, 4)]), Is.EqualTo(new[] { new Shape(-1, 4) }));
        });
    }

    [Test]
    public void ApplyMany_SymbolicReturnState_GivesOutputAndStateTensors()
    {
        var x = Keras.Input(shape: [-1, 5]);
        var lstm = new LSTM(4, returnState: true, returnSequences: true);
        var (output, h, c) = lstm.ApplyMany(x);
        Assert.Multiple(() =>
        {
            Assert.That(output.Shape, Is.EqualTo(new Shape(-1, -1, 4)));
            Assert.That(h.Shape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(c.Shape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(h.Node, Is.SameAs(output.Node));
            Assert.That((h.Index, c.Index), Is.EqualTo((1, 2)));
        });
    }

    [Test]
    public void Apply_SymbolicInitialState_RecordsTheStatesAsTheInitialStateKeyword()
    {
        var x = Keras.Input(shape: [6, 3]);
        var h0 = Keras.Input(shape: [4]);
        var c0 = Keras.Input(shape: [4]);
        var lstm = new LSTM(4);
        var y = lstm.Apply(x, initialState: [h0, c0]);
        var node = y.Node;
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(-1, 4)));
            Assert.That(node.Inputs, Is.EqualTo(new[] { x, h0, c0 }));
            Assert.That(node.Arguments.Positional, Is.EqualTo(1));
            Assert.That(node.Arguments.AsList, Is.False);
            Assert.That(node.Arguments.Keywords, Is.EqualTo(new[] { ("initial_state", 2) }));
            Assert.That(lstm.Kernel.Shape, Is.EqualTo(new Shape(3, 16)), "built for the sequence, not the states");
        });
    }

    [Test]
    public void Model_WithInitialStateInputs_RunsAsTheLayerDoes()
    {
        var x = Keras.Input(shape: [5, 3]);
        var h0 = Keras.Input(shape: [2]);
        var gru = new GRU(2, returnSequences: true);
        var model = new Model([x, h0], gru.Apply(x, initialState: [h0]));
        var xs = LayerTestHarness.RandomInput(new Shape(4, 5, 3), seed: 3);
        var hs = Tensor.FromArray(Values(8, 4), 4, 2);
        var expected = gru.Apply(xs, initialState: [hs]).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(model.ApplyMany([xs, hs])[0].ToArray(), Is.EqualTo(expected));
            Assert.That(expected, Is.Not.EqualTo(gru.Apply(xs).ToArray()), "the state input matters");
        });
    }

    [Test]
    public void InitialState_WrongNumberOfStates_ThrowsKerasMessage()
    {
        var lstm = new LSTM(4, name: "lstm_s");
        var x = Tensor.Zeros(new Shape(2, 3, 5));
        var eager = Assert.Throws<ArgumentException>(() => lstm.Apply(x, initialState: [Tensor.Zeros(new Shape(2, 4))]));
        var symbolic = Assert.Throws<ArgumentException>(() => lstm.Apply(Keras.Input(shape: [3, 5]), initialState: [Keras.Input(shape: [4])]));
        Assert.Multiple(() =>
        {
            Assert.That(eager!.Message, Is.EqualTo(
                "Layer \"lstm_s\" (LSTM) has 2 states but was passed 1 initial states. Received: inputs shape (2, 3, 5), initial_state shapes [(2, 4)]"));
            Assert.That(symbolic!.Message, Does.StartWith("Layer \"lstm_s\" (LSTM) has 2 states but was passed 1 initial states."));
            Assert.That(lstm.Built, Is.False, "the states are checked before the layer is built");
        });
    }

    [TestCase(2, 3, TestName = "InitialState_WrongUnits_ThrowsNamingTheStateAndSize")]
    [TestCase(3, 4, TestName = "InitialState_WrongBatch_ThrowsNamingTheStateAndSize")]
    public void InitialState_WrongShape_ThrowsNamingTheStateAndSize(int batch, int units)
    {
        var gru = new GRU(4, name: "gru_s");
        var x = Tensor.Zeros(new Shape(2, 3, 5));
        var ex = Assert.Throws<ArgumentException>(() => gru.Apply(x, initialState: [Tensor.Zeros(new Shape(batch, units))]));
        Assert.That(ex!.Message, Is.EqualTo(
            "An `initial_state` was passed that is not compatible with the state size of layer \"gru_s\" (GRU): " +
            $"initial state 0 has shape ({batch}, {units}), but each of its 1 states must have shape (batch_size, 4) with the batch size of the inputs. " +
            $"Received: inputs shape (2, 3, 5), initial_state shapes [({batch}, {units})]"));
    }

    [Test]
    public void InitialState_SymbolicWrongUnits_Throws()
    {
        var lstm = new LSTM(4, name: "lstm_u");
        var ex = Assert.Throws<ArgumentException>(() => lstm.ApplyMany(Keras.Input(shape: [3, 5]), initialState: [Keras.Input(shape: [4]), Keras.Input(shape: [8])]));
        Assert.That(ex!.Message, Does.Contain("initial state 1 has shape (None, 8), but each of its 2 states must have shape (batch_size, 4)"));
    }

    [Test]
    public void Apply_NoState_SameAsApplyManyAndNullInitialState()
    {
        var lstm = new LSTM(3);
        var x = LayerTestHarness.RandomInput(new Shape(2, 4, 5), seed: 5);
        var y = lstm.Apply(x).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(lstm.ApplyMany(x)[0].ToArray(), Is.EqualTo(y));
            Assert.That(lstm.Apply(x, initialState: null).ToArray(), Is.EqualTo(y));
            Assert.That(lstm.Apply(x, initialState: [Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2, 3))]).ToArray(), Is.EqualTo(y),
                "zero initial states are the default");
        });
    }

    [Test]
    public void Config_ReturnState_RoundTripsThroughObjectRegistry()
    {
        var layer = new GRU(3, returnState: true, name: "g");
        var json = ObjectRegistry.SerializeLayer(layer);
        var copy = (GRU)ObjectRegistry.DeserializeLayer(JsonNode.Parse(json.ToJsonString())!);
        Assert.Multiple(() =>
        {
            Assert.That((bool?)json["config"]!["return_state"], Is.True);
            Assert.That(copy.ReturnState, Is.True);
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        });
    }

    [Test]
    public void Apply_ReturnStateWithInitialState_ThrowsBeforeRecordingANode()
    {
        var lstm = new LSTM(2, returnState: true, name: "lstm_n");
        var x = Keras.Input(shape: [3, 4]);
        KerasTensor[] states = [Keras.Input(shape: [2]), Keras.Input(shape: [2])];
        Assert.Multiple(() =>
        {
            Assert.That(() => lstm.Apply(x, initialState: states), Throws.InvalidOperationException.With.Message.StartsWith("Layer \"lstm_n\" (LSTM) returns 3 tensors"));
            Assert.That(lstm.InboundNodes, Is.Empty);
            Assert.That(lstm.ApplyMany(x, initialState: states), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void Sequential_ReturnStateLayer_ThrowsUseApplyMany()
    {
        var lstm = new LSTM(2, returnState: true, name: "lstm_seq");
        var ex = Assert.Throws<InvalidOperationException>(() => new Sequential([new Input(shape: [3, 4]), lstm, new Dense(1)]));
        Assert.That(ex!.Message, Does.Contain("Layer \"lstm_seq\" (LSTM) returns 3 tensors; use ApplyMany"));
    }

    /// <summary>
    /// Keras' "Working with RNNs" guide, "Outputs and states": the encoder returns its states, the decoder starts from
    /// them. The guide's summary: embeddings 64,000 and 128,000, encoder and decoder 33,024 each, dense 650, total 258,698.
    /// </summary>
    [Test]
    public void EncoderDecoder_KerasGuide_HasKerasParameterCountsAndTrains()
    {
        Keras.SetRandomSeed(3);
        int encoderVocab = 1000, decoderVocab = 2000;

        var encoderInput = Keras.Input(shape: [-1]);
        var encoderEmbedded = new Embedding(inputDim: encoderVocab, outputDim: 64).Apply(encoderInput);

        // Return states in addition to output
        var (output, stateH, stateC) = new LSTM(64, returnState: true, name: "encoder").ApplyMany(encoderEmbedded);
        KerasTensor[] encoderState = [stateH, stateC];

        var decoderInput = Keras.Input(shape: [-1]);
        var decoderEmbedded = new Embedding(inputDim: decoderVocab, outputDim: 64).Apply(decoderInput);

        // Pass the 2 states to a new LSTM layer, as initial state
        var decoderOutput = new LSTM(64, name: "decoder").Apply(decoderEmbedded, initialState: encoderState);
        var logits = new Dense(10).Apply(decoderOutput);

        var model = new Model([encoderInput, decoderInput], logits);
        var summary = new StringWriter();
        model.Summary(output: summary);
        Assert.Multiple(() =>
        {
            Assert.That(output.Shape, Is.EqualTo(new Shape(-1, 64)));
            Assert.That(model.Layers.Where(l => l is not InputLayer).Select(l => l.CountParams()), Is.EqualTo(new long[] { 64000, 128000, 33024, 33024, 650 }));
            Assert.That(model.CountParams(), Is.EqualTo(258_698));
            Assert.That(decoderOutput.Node.Inputs, Is.EqualTo(new[] { decoderEmbedded, stateH, stateC }));
            Assert.That(summary.ToString(), Does.Contain("258,698"));
        });

        // A short training run through the model's eager call: y depends on the first token of each sequence
        const int Samples = 32;
        var x1 = Ids(Samples, 6, encoderVocab, 1);
        var x2 = Ids(Samples, 4, decoderVocab, 2);
        var labels = new float[Samples];
        for (int i = 0; i < Samples; i++)
        {
            labels[i] = (x1[i, 0] + x2[i, 0]) % 10;
        }
        var y = Tensor.FromArray(labels, Samples);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true);
        var optimizer = new Adam(learningRate: 0.01);
        var weights = model.TrainableWeights;
        var encoderKernel = model.GetLayer("encoder").TrainableWeights[0];
        var losses = new List<float>();
        for (int step = 0; step < 30; step++)
        {
            Tensor[] grads;
            using (var tape = GradientTape.Record())
            {
                var value = loss.Compute(y, model.ApplyMany([x1, x2], training: true)[0]);
                losses.Add(value.Item());
                grads = tape.Gradient(value, weights);
            }
            if (step == 0)
            {
                var encoderGrad = grads[weights.ToList().IndexOf(encoderKernel)];
                Assert.That(encoderGrad.ToArray().Max(Math.Abs), Is.GreaterThan(0f), "the loss reaches the encoder only through its states");
            }
            optimizer.Apply(grads, weights);
        }
        Assert.That(losses[^1], Is.LessThan(0.5f * losses[0]), $"losses: {string.Join(", ", losses)}");

        // and as the guide does it: compile, then fit on the two inputs
        model.Compile(optimizer: new Adam(learningRate: 0.01), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        var history = model.Fit([x1, x2], y, batchSize: 8, epochs: 5, verbose: 0).History["loss"];
        Assert.That(history[^1], Is.LessThan(history[0]), $"fit losses: {string.Join(", ", history)}");
    }

    private static IEnumerable<TestCaseData> DoubleDropouts()
    {
        yield return new TestCaseData(new SimpleRNN(3, dropout: 0.2, recurrentDropout: 0.0)).SetArgDisplayNames("SimpleRNN");
        yield return new TestCaseData(new LSTM(3, dropout: 0.2, recurrentDropout: 0.0)).SetArgDisplayNames("LSTM");
        yield return new TestCaseData(new GRU(3, dropout: 0.2, recurrentDropout: 0.0)).SetArgDisplayNames("GRU");
    }

    [TestCaseSource(nameof(DoubleDropouts))]
    public void Constructor_DoubleDropout_IsStoredAndWrittenAsTyped(RecurrentLayer layer)
    {
        var config = layer.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(layer.Dropout, Is.EqualTo(0.2));
            Assert.That(layer.RecurrentDropout, Is.EqualTo(0.0));
            Assert.That(config["dropout"]!.ToJsonString(), Is.EqualTo("0.2"));
            Assert.That((double)config["recurrent_dropout"]!, Is.EqualTo(0.0));
        });
    }

    [Test]
    public void Constructor_FloatDropout_IsTheDecimalTyped() =>
        Assert.That(new LSTM(2, dropout: 0.1f).Dropout, Is.EqualTo(0.1));
}
