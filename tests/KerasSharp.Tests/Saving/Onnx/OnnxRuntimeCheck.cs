using KerasSharp.Engine;
using KerasSharp.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = KerasSharp.Engine.Tensor;
using NUnit.Framework;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>Runs an exported model in ONNX Runtime and compares it with the model's own predictions.</summary>
internal static class OnnxRuntimeCheck
{
    /// <summary>The outputs ONNX Runtime computes for <paramref name="inputs"/> (by the graph's input order).</summary>
    public static float[][] Run(string path, params Tensor[] inputs)
    {
        using var session = new InferenceSession(path);
        var names = session.InputMetadata.Keys.ToArray();
        Assert.That(names, Has.Length.EqualTo(inputs.Length), "the graph has one input per model input");
        var feeds = new List<NamedOnnxValue>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var type = session.InputMetadata[names[i]].ElementType;
            feeds.Add(type == typeof(float)
                ? NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<float>(inputs[i].ToArray(), inputs[i].Shape.ToArray()))
                : NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<long>(inputs[i].ToArray().Select(v => (long)v).ToArray(), inputs[i].Shape.ToArray())));
        }
        using var results = session.Run(feeds);
        return [.. results.Select(r => r.AsTensor<float>().ToArray())];
    }

    /// <summary>Exports <paramref name="model"/>, runs it in ONNX Runtime at two batch sizes and checks every output against <c>Predict</c>.</summary>
    public static void AssertSamePredictions(Model model, string path, float atol, params Tensor[] inputs)
    {
        model.Export(path, format: "onnx");
        var expected = model.Outputs.Count > 1
            ? model.PredictMany((Tensors)inputs, verbose: 0).ToArray()
            : [inputs.Length == 1 ? model.Predict(inputs[0], verbose: 0) : model.Predict((Tensors)inputs, verbose: 0)];
        var actual = Run(path, inputs);
        Assert.That(actual, Has.Length.EqualTo(expected.Length), "one graph output per model output");
        for (int i = 0; i < expected.Length; i++)
        {
            var e = expected[i].ToArray();
            Assert.That(actual[i], Has.Length.EqualTo(e.Length), $"output {i} size");
            for (int j = 0; j < e.Length; j++)
            {
                Assert.That(actual[i][j], Is.EqualTo(e[j]).Within(atol + 1e-4f * Math.Abs(e[j])), $"output {i}[{j}]");
            }
        }
    }
}
