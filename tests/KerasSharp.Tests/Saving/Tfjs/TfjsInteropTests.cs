using KerasSharp.Tests.Testing;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Tests.Saving.Tfjs;

/// <summary>Exports read by real TF.js (tfjs 4.22 in Node, cpu backend), and models saved by TF.js read here.</summary>
[TestFixture]
public sealed class TfjsInteropTests
{
    private const float Atol = 1e-5f;

    private static readonly string[] s_tfjsModels = ["sequential", "functional", "conv", "recurrent"];

    // the models TF.js saved, made once for the fixture
    private TempFolder? _saved;

    [OneTimeTearDown]
    public void OneTimeTearDown() => _saved?.Dispose();

    private string SavedByTfjs(string name)
    {
        if (_saved is null)
        {
            var folder = new TempFolder();
            TfjsNode.Save(folder.Path);
            _saved = folder;
        }
        return Path.Combine(_saved.Path, name);
    }

    [Test]
    public void Export_Sequential_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [4]), new Dense(6, activation: "relu"), new BatchNormalization(), new Dropout(0.3f), new Dense(3, activation: "softmax"),
        ]);

        AssertTfjsPredictsTheSame(model, Values([5, 4], 0.2f));
    }

    [Test]
    public void Export_ActivationsTfjsHas_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [4]), new Dense(6, activation: "mish"), new Dense(6, activation: "gelu"), new Dense(6, activation: "swish"),
            new Dense(6, activation: "selu"), new ELU(), new PReLU(), new ThresholdedReLU(theta: 0.1),
            new Dense(5, activation: "relu6"), new Dense(3, activation: "log_softmax"),
        ]);

        AssertTfjsPredictsTheSame(model, Values([5, 4], 0.4f));
    }

    [Test]
    public void Export_EluWithOtherAlpha_FailsNamingIt()
    {
        var model = new Sequential([new Input(shape: [4]), new ELU(alpha: 0.7, name: "elu7")]);
        using var folder = new TempFolder();

        var e = Assert.Throws<NotSupportedException>(() => TfjsFormat.Export(model, folder["exported"]));

        Assert.That(e!.Message, Does.Contain("\"elu7\"").And.Contain("alpha=0.7").And.Contain("only alpha=1"));
    }

    [TestCase("hard_silu")]
    [TestCase("sparsemax")]
    [TestCase("gelu(approximate=True)")]
    public void Export_ActivationTfjsLacks_FailsNamingIt(string activation)
    {
        var model = new Sequential([new Input(shape: [4]), new Dense(3, activation: activation, name: "head")]);
        using var folder = new TempFolder();

        var e = Assert.Throws<NotSupportedException>(() => TfjsFormat.Export(model, folder["exported"]));

        Assert.That(e!.Message, Does.Contain("\"head\"").And.Contain($"activation {activation}").And.Contain("TF.js does not have"));
        Assert.That(Directory.Exists(folder["exported"]), Is.False, "nothing is written");
    }

    [Test]
    public void Export_Functional_TfjsPredictsTheSame()
    {
        var inputs = new Input(shape: [5]);
        var hidden = new Dense(4, activation: "tanh").Apply(inputs);
        var a = new Dense(3, activation: "sigmoid").Apply(hidden);
        var b = new Dense(3, activation: "elu").Apply(inputs);
        var merged = new Concatenate().Apply([new Add().Apply([a, b]), hidden]);
        var model = new Model(inputs, new Dense(2, activation: "softmax").Apply(merged), name: "branches");

        AssertTfjsPredictsTheSame(model, Values([3, 5], 0.7f));
    }

    [Test]
    public void Export_ConvolutionalSequential_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [7, 7, 2]), new Conv2D(3, 3, padding: "same", activation: "relu"), new MaxPooling2D(2), new Conv2D(2, 2),
            new Flatten(), new Dense(2),
        ]);

        AssertTfjsPredictsTheSame(model, Values([2, 7, 7, 2], 1.1f));
    }

    [Test]
    public void Export_RecurrentSequential_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [5, 3]), new LSTM(4, returnSequences: true), new GRU(3, resetAfter: false), new Dense(2),
        ]);

        AssertTfjsPredictsTheSame(model, Values([2, 5, 3], 0.4f));
    }

    [Test]
    public void Export_SequenceLayers_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [6, 3]), new Conv1D(4, 2, padding: "same", activation: "selu"), new MaxPooling1D(2, padding: "same"),
            new Bidirectional(new LSTM(3, returnSequences: true)), new TimeDistributed(new Dense(2, activation: "softplus")),
            new SimpleRNN(3, returnSequences: true), new LayerNormalization(), new AveragePooling1D(2), new GlobalMaxPooling1D(),
        ]);

        AssertTfjsPredictsTheSame(model, Values([2, 6, 3], 0.9f));
    }

    [Test]
    public void Export_EmbeddingModel_TfjsPredictsTheSame()
    {
        var model = new Sequential([new Input(shape: [5]), new Embedding(10, 4), new GlobalAveragePooling1D(), new Dense(2, activation: "swish")]);

        AssertTfjsPredictsTheSame(model, Tensor.FromArray([0, 3, 9, 1, 1, 5, 2, 8, 7, 0], [2, 5]));
    }

    [Test]
    public void Export_ImageLayers_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [4, 4, 2]), new Rescaling(0.5f, offset: 0.1f), new ZeroPadding2D(1), new Conv2D(3, 2, strides: 2, kernelRegularizer: new KerasSharp.Regularizers.L2(0.01f)),
            new UpSampling2D(2), new AveragePooling2D(2), new LeakyReLU(0.2f), new ReLU(maxValue: 0.8f), new GlobalAveragePooling2D(),
            new Reshape(new Shape(3, 1)), new Flatten(), new Activation("gelu"), new Softmax(),
        ]);

        AssertTfjsPredictsTheSame(model, Values([2, 4, 4, 2], 0.3f));
    }

    [Test]
    public void Export_MergeLayers_TfjsPredictsTheSame()
    {
        var a = new Input(shape: [4], name: "a");
        var b = new Input(shape: [4], name: "b");
        var x = new Dense(4, activation: "tanh").Apply(a);
        var y = new Dense(4, activation: "sigmoid", kernelRegularizer: new KerasSharp.Regularizers.L1L2(0.01f, 0.02f)).Apply(b);
        var merged = new Concatenate().Apply([
            new Multiply().Apply([x, y]), new Average().Apply([x, y]), new Maximum().Apply([x, y]), new Minimum().Apply([x, y]),
            new Dot(1, normalize: true).Apply([x, y]),
        ]);
        var model = new Model(new KerasTensor[] { a, b }, new Dense(3).Apply(merged));
        SetFixedWeights(model);
        using var folder = new TempFolder();
        string dir = folder["exported"];
        TfjsFormat.Export(model, dir);
        var inputA = Values([2, 4], 0.1f);
        var inputB = Values([2, 4], 2.1f);

        var expected = model.Predict(new[] { inputA, inputB }, verbose: 0);
        AssertClose(TfjsNode.Predict(dir, inputA, inputB), expected, "TF.js' prediction of the export");
    }

    [TestCaseSource(nameof(s_tfjsModels))]
    public void Load_ModelSavedByTfjs_PredictsAsTfjs(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(SavedByTfjs(name), "expected.json")))!;

        var model = TfjsFormat.Load(Path.Combine(SavedByTfjs(name), "model.json"), new LoadOptions());

        var output = model.Predict(TfjsNode.FromJson(expected["input"]!), verbose: 0);
        AssertClose(output, TfjsNode.FromJson(expected["output"]!), $"the {name} model saved by TF.js");
    }

    [Test]
    public void Load_CompiledModelSavedByTfjs_CompilesWithItsOptimizer()
    {
        var model = TfjsFormat.Load(SavedByTfjs("sequential"), new LoadOptions());

        Assert.That(model.Optimizer, Is.InstanceOf<Adam>());
        Assert.That(model.Optimizer!.LearningRate, Is.EqualTo(0.01).Within(1e-9));
    }

    private static void AssertTfjsPredictsTheSame(Model model, Tensor input)
    {
        SetFixedWeights(model);
        using var folder = new TempFolder();
        string dir = folder["exported"];
        TfjsFormat.Export(model, dir);

        var expected = model.Predict(input, verbose: 0);
        AssertClose(TfjsNode.Predict(dir, input), expected, "TF.js' prediction of the export");
        AssertClose(TfjsFormat.Load(dir, new LoadOptions()).Predict(input, verbose: 0), expected, "the export loaded back");
    }

    /// <summary>Sets every weight to fixed values away from the initializers' (BatchNormalization's variance stays positive).</summary>
    internal static void SetFixedWeights(Model model)
    {
        int k = 0;
        foreach (var variable in model.Weights)
        {
            k++;
            var values = Values(variable.Shape.ToArray(), k, 0.6f).ToArray();
            if (variable.Name == "moving_variance")
            {
                values = [.. values.Select(v => Math.Abs(v) + 0.5f)];
            }
            variable.Assign(values);
        }
    }

    private static Tensor Values(int[] shape, float offset, float scale = 1f)
    {
        int size = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[size];
        for (int i = 0; i < size; i++)
        {
            data[i] = MathF.Sin(0.37f * (i + 1) + offset) * scale;
        }
        return Tensor.FromArray(data, shape);
    }

    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), $"{what}: shape");
        var a = actual.ToArray();
        var e = expected.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            Assert.That(a[i], Is.EqualTo(e[i]).Within(Atol), $"{what}: value [{i}]");
        }
    }
}
