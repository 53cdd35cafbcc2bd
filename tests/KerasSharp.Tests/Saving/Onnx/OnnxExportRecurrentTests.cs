using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>SimpleRNN, LSTM, GRU, Bidirectional and TimeDistributed exported as ONNX RNN, LSTM and GRU, run in ONNX Runtime.</summary>
[TestFixture]
public sealed class OnnxExportRecurrentTests
{
    private static readonly int[] s_sample = [5, 3];

    private static TestCaseData C(string name, Func<Layer[]> layers) =>
        new TestCaseData(new OnnxExportLayerTests.Case(name, s_sample, layers)).SetName($"Export_{name}_MatchesPredict");

    private static IEnumerable<TestCaseData> Layers()
    {
        yield return C("SimpleRNN", () => [new SimpleRNN(4)]);
        yield return C("SimpleRNNSequencesRelu", () => [new SimpleRNN(3, activation: "relu", returnSequences: true)]);
        yield return C("SimpleRNNBackwardsSequences", () => [new SimpleRNN(3, returnSequences: true, goBackwards: true)]);
        yield return C("SimpleRNNNoBiasLinear", () => [new SimpleRNN(3, activation: "linear", useBias: false)]);
        yield return C("LSTM", () => [new LSTM(4)]);
        yield return C("LSTMSequences", () => [new LSTM(3, returnSequences: true)]);
        yield return C("LSTMBackwards", () => [new LSTM(3, goBackwards: true)]);
        yield return C("LSTMNoBias", () => [new LSTM(3, useBias: false, returnSequences: true)]);
        yield return C("LSTMReluHardSigmoid", () => [new LSTM(3, activation: "relu", recurrentActivation: "hard_sigmoid")]);
        yield return C("GRU", () => [new GRU(4)]);
        yield return C("GRUResetBefore", () => [new GRU(4, resetAfter: false, returnSequences: true)]);
        yield return C("GRUBackwardsSequences", () => [new GRU(3, returnSequences: true, goBackwards: true)]);
        yield return C("GRUNoBias", () => [new GRU(3, useBias: false)]);
        yield return C("GRUResetBeforeNoBias", () => [new GRU(3, useBias: false, resetAfter: false)]);
        yield return new TestCaseData(new OnnxExportLayerTests.Case("LSTMDynamicLength", s_sample, () => [new LSTM(3, returnSequences: true)], Declared: [-1, 3]))
            .SetName("Export_LSTMDynamicLength_MatchesPredict");
        yield return C("TimeDistributedDense", () => [new TimeDistributed(new Dense(2, activation: "relu"))]);
        yield return new TestCaseData(new OnnxExportLayerTests.Case("TimeDistributedConv1D", [4, 6, 2], () => [new TimeDistributed(new Conv1D(3, 2, padding: "same"))]))
            .SetName("Export_TimeDistributedConv1D_MatchesPredict");
        yield return new TestCaseData(new OnnxExportLayerTests.Case("TimeDistributedDynamicLength", s_sample, () => [new TimeDistributed(new Dense(2)), new LSTM(2)], Declared: [-1, 3]))
            .SetName("Export_TimeDistributedDynamicLength_MatchesPredict");
        yield return C("StackedLSTMGRU", () => [new LSTM(4, returnSequences: true), new GRU(3), new Dense(2)]);
        yield return C("BidirectionalConcat", () => [new Bidirectional(new LSTM(3, returnSequences: true))]);
        yield return C("BidirectionalSum", () => [new Bidirectional(new GRU(3), mergeMode: "sum")]);
        yield return C("BidirectionalAve", () => [new Bidirectional(new SimpleRNN(3, returnSequences: true), mergeMode: "ave")]);
        yield return C("BidirectionalMul", () => [new Bidirectional(new LSTM(2), mergeMode: "mul")]);
        yield return C("BidirectionalOwnBackward", () => [new Bidirectional(new LSTM(2, returnSequences: true), backwardLayer: new LSTM(3, returnSequences: true, goBackwards: true))]);
    }

    [TestCaseSource(nameof(Layers))]
    public void Export_Recurrent_MatchesPredict(OnnxExportLayerTests.Case c)
    {
        var model = new Sequential([new Input(shape: c.Declared ?? c.Sample), .. c.Layers()]);
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model, [OnnxRun.RandomInput(2, c.Sample, 1)], [OnnxRun.RandomInput(5, c.Sample, 2)]);
    }

    [Test]
    public void Export_ReturnStateAndInitialState_MatchesPredict()
    {
        // Keras' encoder–decoder: the decoder starts from the encoder's final states
        var encoderInput = Keras.Input(shape: [4, 3]);
        var encoded = new LSTM(3, returnState: true).ApplyMany(encoderInput);
        var decoderInput = Keras.Input(shape: [6, 2]);
        var decoded = new LSTM(3, returnSequences: true).Apply(decoderInput, initialState: [encoded[1], encoded[2]]);
        var gru = new GRU(3, returnState: true).ApplyMany(decoded);
        var model = new Model([encoderInput, decoderInput], [new Dense(2).Apply(decoded), gru[1], encoded[0]]);
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model,
            [OnnxRun.RandomInput(2, [4, 3], 1), OnnxRun.RandomInput(2, [6, 2], 2)],
            [OnnxRun.RandomInput(3, [4, 3], 3), OnnxRun.RandomInput(3, [6, 2], 4)]);
    }

    [Test]
    public void Export_BidirectionalWithoutMergeWithStates_MatchesPredict()
    {
        var input = Keras.Input(shape: [5, 3]);
        var outputs = new Bidirectional(new GRU(2, returnSequences: true, returnState: true), mergeMode: null).ApplyMany(input);
        var model = new Model(input, outputs.ToArray());
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model, [OnnxRun.RandomInput(2, s_sample, 1)], [OnnxRun.RandomInput(4, s_sample, 2)]);
    }
}
