using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Saving.Keras3;
using KerasSharp.Tests.Testing;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>Models exported with <c>Export(path, "onnx")</c> run in ONNX Runtime and predict what <c>Predict</c> does, at any batch size.</summary>
[TestFixture]
public sealed class OnnxExportTests : TempFolderTest
{
    private static IEnumerable<TestCaseData> Layers()
    {
        TestCaseData Case(string name, int[] input, Func<Layer[]> layers) => new TestCaseData(input, layers).SetName(name);
        yield return Case("Dense_Relu", [6], () => [new Dense(5, activation: "relu"), new Dense(3)]);
        foreach (var activation in new[] { "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign", "swish", "gelu", "hard_sigmoid", "exponential", "relu6", "leaky_relu", "log_softmax" })
        {
            yield return Case($"Activation_{activation}", [6], () => [new Dense(4), new Activation(activation)]);
        }
        yield return Case("ReLU_LeakyReLU_Softmax", [6], () => [new Dense(4), new ReLU(maxValue: 0.5f), new Dense(4), new LeakyReLU(0.3f), new Softmax()]);
        yield return Case("Dropout_Identity", [6], () => [new Dense(4), new Dropout(0.5f), new Dense(2)]);
        yield return Case("Conv2D_Valid_Pooling", [9, 9, 2], () => [new Conv2D(3, 3, activation: "relu"), new MaxPooling2D(2), new Flatten(), new Dense(2)]);
        yield return Case("Conv2D_SameStrided_AveragePooling", [8, 8, 3], () => [new Conv2D(4, 3, strides: 2, padding: "same"), new AveragePooling2D(2), new GlobalMaxPooling2D()]);
        yield return Case("Conv1D_Pooling1D", [10, 3], () => [new Conv1D(4, 3, padding: "same"), new MaxPooling1D(2), new AveragePooling1D(2), new GlobalAveragePooling1D()]);
        yield return Case("BatchNormalization", [5], () => [new Dense(4), new BatchNormalization(), new Dense(2)]);
        yield return Case("LayerNormalization", [5], () => [new Dense(4), new LayerNormalization(), new Dense(2)]);
        yield return Case("Reshape_Flatten", [12], () => [new Reshape([3, 4]), new Dense(2), new Flatten()]);
        yield return Case("ZeroPadding_UpSampling", [4, 4, 1], () => [new ZeroPadding2D(1), new UpSampling2D(2), new Flatten()]);
        yield return Case("Rescaling", [4], () => [new Rescaling(1f / 255, offset: -0.5f), new Dense(2)]);
        yield return Case("SimpleRNN", [5, 3], () => [new SimpleRNN(4, returnSequences: true), new SimpleRNN(2)]);
        yield return Case("LSTM", [5, 3], () => [new LSTM(4, returnSequences: true), new LSTM(2)]);
        yield return Case("GRU", [5, 3], () => [new GRU(4, returnSequences: true), new GRU(2)]);
        yield return Case("GRU_ResetBeforeMatmul", [5, 3], () => [new GRU(3, resetAfter: false)]);
        yield return Case("Bidirectional_Concat", [5, 3], () => [new Bidirectional(new LSTM(3, returnSequences: true)), new Bidirectional(new GRU(2), mergeMode: "sum")]);
        yield return Case("LSTM_GoBackwards_Sequences", [5, 3], () => [new LSTM(3, returnSequences: true, goBackwards: true)]);
        yield return Case("SimpleRNN_Relu_GoBackwards", [5, 3], () => [new SimpleRNN(3, activation: "relu", goBackwards: true)]);
        yield return Case("GRU_HardSigmoid", [5, 3], () => [new GRU(3, recurrentActivation: "hard_sigmoid")]);
        yield return Case("Bidirectional_AveMul", [5, 3], () => [new Bidirectional(new SimpleRNN(2, returnSequences: true), mergeMode: "ave"), new Bidirectional(new LSTM(2), mergeMode: "mul")]);
        yield return Case("TimeDistributed_Dense", [5, 3], () => [new TimeDistributed(new Dense(2, activation: "tanh"))]);
    }

    [TestCaseSource(nameof(Layers))]
    public void Export_Sequential_RunsInOnnxRuntimeAsPredicted(int[] inputShape, Func<Layer[]> layers)
    {
        var model = new Sequential([new Input(shape: inputShape), .. layers()]);
        WithTrainedLookingWeights(model);

        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, KerasArchiveRoundTripTests.Random(1, [3, .. inputShape]));
        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, KerasArchiveRoundTripTests.Random(2, [7, .. inputShape]));
    }

    [Test]
    public void Export_Embedding_TakesIntegerIds()
    {
        var model = new Sequential([new Input(shape: [6]), new Embedding(10, 4), new GlobalAveragePooling1D(), new Dense(2)]);
        var ids = Tensor.FromArray([.. Enumerable.Range(0, 18).Select(i => (float)(i * 7 % 10))], 3, 6);

        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, ids);
    }

    [Test]
    public void Export_FunctionalWithTwoInputsTwoOutputsNestedAndShared_RunsAsPredicted()
    {
        var a = new Input(shape: [4], name: "left");
        var b = new Input(shape: [4], name: "right");
        var shared = new Dense(3, activation: "tanh", name: "shared");
        var inner = new Sequential([new Input(shape: [3]), new Dense(3, activation: "relu")], name: "inner");
        var merged = new Concatenate().Apply([inner.Apply(shared.Apply(a)), shared.Apply(b)]);
        var sum = new Add().Apply([shared.Apply(a), shared.Apply(b)]);
        var multiplied = new Multiply().Apply([sum, new Subtract().Apply([shared.Apply(a), shared.Apply(b)])]);
        var model = new Model([a, b], [new Dense(2, name: "first").Apply(merged), new Average().Apply([multiplied, new Maximum().Apply([sum, new Minimum().Apply([sum, multiplied])])])]);

        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, KerasArchiveRoundTripTests.Random(3, 5, 4), KerasArchiveRoundTripTests.Random(4, 5, 4));
    }

    [Test]
    public void Export_RecurrentStatesAndUnmergedBidirectional_AreSeparateOutputs()
    {
        var x = new Input(shape: [5, 3]);
        var lstm = new LSTM(3, returnState: true).ApplyMany(x);
        var pair = new Bidirectional(new GRU(2), mergeMode: null).ApplyMany(x);
        var model = new Model(x, [lstm[0], lstm[1], lstm[2], pair[0], pair[1]]);

        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, KerasArchiveRoundTripTests.Random(7, 4, 5, 3));
    }

    [Test]
    public void Export_Dot_RunsAsPredicted()
    {
        var a = new Input(shape: [4]);
        var b = new Input(shape: [4]);
        var model = new Model([a, b], new Dot(axes: 1, normalize: true).Apply([a, b]));

        OnnxRuntimeCheck.AssertSamePredictions(model, In("m.onnx"), 1e-5f, KerasArchiveRoundTripTests.Random(5, 3, 4), KerasArchiveRoundTripTests.Random(6, 3, 4));
    }

    [Test]
    public void Export_HasADynamicBatchAxisAndKerasNames()
    {
        var model = new Sequential([new Input(shape: [6], name: "features"), new Dense(2, name: "scores")]);
        model.Export(In("m.onnx"), format: "onnx");

        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(In("m.onnx"));
        var input = session.InputMetadata.Single();
        Assert.Multiple(() =>
        {
            Assert.That(input.Key, Is.EqualTo("features"));
            Assert.That(input.Value.Dimensions, Is.EqualTo(new[] { -1, 6 }));
            Assert.That(session.OutputMetadata.Single().Value.Dimensions, Is.EqualTo(new[] { -1, 2 }));
        });
    }

    [Test]
    public void Export_CustomLayer_FailsNamingTheLayer()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2), new Doubler()]);

        var e = Assert.Throws<NotSupportedException>(() => model.Export(In("m.onnx"), format: "onnx"));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("\"doubler\"").And.Contain("Doubler").And.Contain("cannot be exported to ONNX"));
            Assert.That(File.Exists(In("m.onnx")), Is.False, "nothing is written");
        });
    }

    [Test]
    public void Export_UnknownFormat_ListsTheFormats()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);

        var e = Assert.Throws<ArgumentException>(() => model.Export(In("m"), format: "coreml"));

        Assert.That(e!.Message, Does.Contain("Unrecognized format=coreml").And.Contain("'onnx'").And.Contain("'tfjs'"));
    }

    // batch-norm statistics and biases away from their initial 0/1 so that every term of the formulas shows
    private static void WithTrainedLookingWeights(Model model)
    {
        int seed = 100;
        foreach (var variable in model.Weights)
        {
            var values = KerasArchiveRoundTripTests.Random(seed++, variable.Shape.ToArray()).ToArray();
            if (variable.Name is "moving_variance" or "gamma")
            {
                values = [.. values.Select(v => 0.5f + Math.Abs(v))];
            }
            variable.Assign(values);
        }
    }

    private sealed class Doubler() : Layer("doubler")
    {
        protected override Tensor Call(Tensor inputs, bool training) => inputs * 2f;
    }
}
