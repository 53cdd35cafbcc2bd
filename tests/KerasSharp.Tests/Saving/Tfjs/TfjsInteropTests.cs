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

    private static readonly string[] s_tfjsModels = ["sequential", "functional", "conv"];

    [Test]
    public void Export_Sequential_TfjsPredictsTheSame()
    {
        var model = new Sequential([
            new Input(shape: [4]), new Dense(6, activation: "relu"), new BatchNormalization(), new Dropout(0.3f), new Dense(3, activation: "softmax"),
        ]);

        AssertTfjsPredictsTheSame(model, Values([5, 4], 0.2f));
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

    [TestCaseSource(nameof(s_tfjsModels))]
    public void Load_ModelSavedByTfjs_PredictsAsTfjs(string name)
    {
        using var folder = new TempFolder();
        TfjsNode.Save(folder.Path);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, name, "expected.json")))!;

        var model = TfjsFormat.Load(Path.Combine(folder.Path, name, "model.json"), new LoadOptions());

        var output = model.Predict(TfjsNode.FromJson(expected["input"]!), verbose: 0);
        AssertClose(output, TfjsNode.FromJson(expected["output"]!), $"the {name} model saved by TF.js");
    }

    [Test]
    public void Load_CompiledModelSavedByTfjs_CompilesWithItsOptimizer()
    {
        using var folder = new TempFolder();
        TfjsNode.Save(folder.Path);

        var model = TfjsFormat.Load(Path.Combine(folder.Path, "sequential"), new LoadOptions());

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
