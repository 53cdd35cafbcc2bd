using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using Microsoft.ML.OnnxRuntime;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>Functional and nested models, the merge layers, the ONNX file's interface, and the unsupported cases.</summary>
[TestFixture]
public sealed class OnnxExportGraphTests
{
    private static TestCaseData Merge(string name, int[] sample, Func<Layer> layer, int inputs = 2) =>
        new TestCaseData(name, sample, layer, inputs).SetName($"Export_{name}_MatchesPredict");

    private static IEnumerable<TestCaseData> Merges()
    {
        yield return Merge("Add", [4], () => new Add(), 3);
        yield return Merge("Subtract", [4], () => new Subtract());
        yield return Merge("Multiply", [2, 4], () => new Multiply(), 3);
        yield return Merge("Average", [4], () => new Average(), 3);
        yield return Merge("Maximum", [4], () => new Maximum(), 3);
        yield return Merge("Minimum", [3, 4], () => new Minimum());
        yield return Merge("Concatenate", [3, 4], () => new Concatenate(), 3);
        yield return Merge("ConcatenateAxis1", [3, 4], () => new Concatenate(axis: 1));
        yield return Merge("Dot", [4], () => new Dot(1));
        yield return Merge("DotNormalized", [4], () => new Dot(-1, normalize: true));
        yield return Merge("Dot3D", [3, 4], () => new Dot((2, 2)));
        yield return Merge("Dot3DCross", [4, 4], () => new Dot((1, 2)));
    }

    [TestCaseSource(nameof(Merges))]
    public void Export_Merge_MatchesPredict(string name, int[] sample, Func<Layer> layer, int count)
    {
        var inputs = Enumerable.Range(0, count).Select(_ => Keras.Input(shape: sample)).ToArray();
        // a Dense before the merge, so that the inputs differ in a way that depends on weights
        var branches = inputs.Select(i => new Dense(4).Apply(i)).ToArray();
        var model = new Model(inputs, layer().Apply(branches), name: name);
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model,
            [.. Enumerable.Range(0, count).Select(k => OnnxRun.RandomInput(2, sample, k))],
            [.. Enumerable.Range(0, count).Select(k => OnnxRun.RandomInput(3, sample, 10 + k))]);
    }

    [Test]
    public void Export_FunctionalMultiInputMultiOutput_MatchesPredict()
    {
        var image = Keras.Input(shape: [6, 6, 2], name: "image");
        var features = Keras.Input(shape: [5], name: "features");
        var conv = new Conv2D(3, new IntPair(3, 3), activation: "relu").Apply(image);
        var pooled = new GlobalAveragePooling2D().Apply(conv);
        var dense = new Dense(4, activation: "gelu").Apply(features);
        var merged = new Concatenate().Apply([pooled, dense]);
        var shared = new Dense(3);
        var a = shared.Apply(merged);
        var b = shared.Apply(new Dense(7).Apply(merged));
        var classes = new Dense(3, activation: "softmax", name: "classes").Apply(new Add().Apply([a, b]));
        var score = new Dense(1, activation: "sigmoid", name: "score").Apply(dense);
        var model = new Model([image, features], [classes, score, merged]);
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model,
            [OnnxRun.RandomInput(2, [6, 6, 2], 1), OnnxRun.RandomInput(2, [5], 2)],
            [OnnxRun.RandomInput(4, [6, 6, 2], 3), OnnxRun.RandomInput(4, [5], 4)]);
    }

    [Test]
    public void Export_NestedModels_MatchesPredict()
    {
        var block = new Sequential([new Input(shape: [6]), new Dense(5, activation: "relu"), new BatchNormalization()], name: "block");
        var innerInput = Keras.Input(shape: [5]);
        var inner = new Model(innerInput, [new Dense(3).Apply(innerInput), new Dense(2).Apply(innerInput)], name: "heads");
        var x = Keras.Input(shape: [6]);
        var heads = inner.ApplyMany(block.Apply(x));
        var functional = new Model(x, new Concatenate().Apply([heads[0], heads[1]]), name: "functional");
        var outer = new Sequential([new Input(shape: [6]), functional, new Dense(2, activation: "tanh")], name: "outer");
        OnnxRun.Randomize(outer);
        OnnxRun.AssertMatchesPredict(outer, [OnnxRun.RandomInput(2, [6], 1)], [OnnxRun.RandomInput(5, [6], 2)]);
    }

    [Test]
    public void Export_SameModelCalledTwice_MatchesPredict()
    {
        var encoder = new Sequential([new Input(shape: [4]), new Dense(3, activation: "elu")], name: "encoder");
        var a = Keras.Input(shape: [4]);
        var b = Keras.Input(shape: [4]);
        var model = new Model([a, b], new Subtract().Apply([encoder.Apply(a), encoder.Apply(b)]));
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model,
            [OnnxRun.RandomInput(2, [4], 1), OnnxRun.RandomInput(2, [4], 2)],
            [OnnxRun.RandomInput(3, [4], 3), OnnxRun.RandomInput(3, [4], 4)]);
    }

    [Test]
    public void Export_InputAsOutputAndRepeatedOutput_MatchesPredict()
    {
        var x = Keras.Input(shape: [3]);
        var y = new Dense(2).Apply(x);
        var model = new Model(x, [y, x, y]);
        OnnxRun.Randomize(model);
        OnnxRun.AssertMatchesPredict(model, [OnnxRun.RandomInput(2, [3], 1)], [OnnxRun.RandomInput(3, [3], 2)]);
    }

    [Test]
    public void Export_Sequential_HasSymbolicBatchAxisAndKerasInputName()
    {
        var model = new Sequential([new Input(shape: [4, 3], name: "tokens"), new Flatten(), new Dense(2)]);
        string path = OnnxRun.ExportToTemp(model);
        try
        {
            using var session = new InferenceSession(path);
            var input = session.InputMetadata.Single();
            Assert.That(input.Key, Is.EqualTo("tokens"));
            Assert.That(input.Value.Dimensions, Is.EqualTo(new[] { -1, 4, 3 }));
            Assert.That(input.Value.SymbolicDimensions[0], Is.EqualTo("batch"));
            var output = session.OutputMetadata.Single();
            Assert.That(output.Value.Dimensions, Is.EqualTo(new[] { -1, 2 }));
            Assert.That(output.Value.SymbolicDimensions[0], Is.EqualTo("batch"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Export_ExistingFile_IsReplaced()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "old");
        try
        {
            model.Export(path, "onnx");
            using var session = new InferenceSession(path);
            Assert.That(session.OutputMetadata, Has.Count.EqualTo(1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Export_CustomLayer_ThrowsNamingLayerAndClassAndWritesNothing()
    {
        var model = new Sequential([new Input(shape: [4]), new Dense(3), new Doubling("foo")]);
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<NotSupportedException>(() => model.Export(path, "onnx"))!;
        Assert.That(error.Message, Does.StartWith("Layer \"foo\" (Doubling) cannot be exported to ONNX: "));
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Export_CustomActivation_ThrowsNamingLayerAndActivation()
    {
        var cube = ActivationFunction.FromFunction("cube", x => Ops.Multiply(x, Ops.Multiply(x, x)));
        var model = new Sequential([new Input(shape: [4]), new Dense(3, activation: cube, name: "cubic")]);
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<NotSupportedException>(() => model.Export(path, "onnx"))!;
        Assert.That(error.Message, Does.StartWith("Layer \"cubic\" (Dense) cannot be exported to ONNX: ").And.Contain("\"cube\""));
    }

    [Test]
    public void Export_CustomLayerInsideNestedModel_NamesTheLayer()
    {
        var inner = new Sequential([new Input(shape: [4]), new Doubling("deep")], name: "inner");
        var model = new Sequential([new Input(shape: [4]), inner]);
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<NotSupportedException>(() => model.Export(path, "onnx"))!;
        Assert.That(error.Message, Does.StartWith("Layer \"deep\" (Doubling) cannot be exported to ONNX"));
    }

    [Test]
    public void Export_RecurrentActivationOnnxLacks_ThrowsNamingLayerAndReason()
    {
        var model = new Sequential([new Input(shape: [3, 4]), new LSTM(2, activation: "gelu", name: "memory")]);
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<NotSupportedException>(() => model.Export(path, "onnx"))!;
        Assert.That(error.Message, Does.StartWith("Layer \"memory\" (LSTM) cannot be exported to ONNX").And.Contain("\"gelu\""));
    }

    [Test]
    public void Export_SubclassedModel_ThrowsNamingModel()
    {
        var model = new Twice();
        model.Apply(Tensor.Ones(new Shape(1, 3)));
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        var error = Assert.Throws<NotSupportedException>(() => model.Export(path, "onnx"))!;
        Assert.That(error.Message, Does.Contain("(Twice) cannot be exported to ONNX"));
    }

    [Test]
    public void Export_UnknownFormat_ListsTheFormats()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(2)]);

        var e = Assert.Throws<ArgumentException>(() => model.Export(Path.Combine(Path.GetTempPath(), "unused"), format: "coreml"));

        Assert.That(e!.Message, Does.Contain("Unrecognized format=coreml").And.Contain("'onnx'").And.Contain("'tfjs'"));
    }

    private sealed class Doubling(string name) : Layer(name)
    {
        protected override Tensor Call(Tensor inputs, bool training) => Ops.Add(inputs, inputs);
    }

    private sealed class Twice : Model
    {
        public Dense Dense { get; } = new(3);

        protected override Tensor Call(Tensor inputs, bool training) => Dense.Apply(Dense.Apply(inputs, training), training);
    }
}
