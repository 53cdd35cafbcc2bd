using KerasSharp.Engine;
using KerasSharp.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = KerasSharp.Engine.Tensor;

namespace KerasSharp.Tests.Saving.Onnx;

/// <summary>
/// Exports a model to ONNX, runs the file in ONNX Runtime and compares its outputs with <c>model.Predict</c>, at two
/// batch sizes (the batch axis is symbolic).
/// </summary>
internal static class OnnxRun
{
    private const float Atol = 1e-5f;
    private const float Rtol = 1e-4f;

    /// <summary>Gives every weight of <paramref name="model"/> seeded random values (variances positive).</summary>
    public static void Randomize(Model model, int seed = 7)
    {
        var random = new Random(seed);
        foreach (var v in model.Weights)
        {
            bool positive = v.Name.Contains("variance", StringComparison.Ordinal);
            var values = new float[v.Shape.Size];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = positive ? 0.5f + (float)random.NextDouble() : (float)(random.NextDouble() - 0.5);
            }
            v.Assign(values);
        }
    }

    /// <summary>A seeded random batch of <paramref name="batch"/> samples of shape <paramref name="sample"/>.</summary>
    public static Tensor RandomInput(int batch, int[] sample, int seed, float scale = 2f)
    {
        var random = new Random(seed);
        int[] dims = [batch, .. sample];
        var values = new float[dims.Aggregate(1, (p, d) => p * d)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() - 0.5) * scale);
        }
        return Tensor.FromArray(values, dims);
    }

    /// <summary>Seeded random integer ids in [0, <paramref name="count"/>) as floats.</summary>
    public static Tensor RandomIds(int batch, int[] sample, int count, int seed)
    {
        var random = new Random(seed);
        int[] dims = [batch, .. sample];
        var values = new float[dims.Aggregate(1, (p, d) => p * d)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.Next(count);
        }
        return Tensor.FromArray(values, dims);
    }

    /// <summary>Exports <paramref name="model"/> to a temporary file and returns its path (the caller deletes it).</summary>
    public static string ExportToTemp(Model model)
    {
        string path = Path.Combine(Path.GetTempPath(), $"kerassharp-onnx-{Guid.NewGuid():N}.onnx");
        model.Export(path, "onnx");
        return path;
    }

    /// <summary>Runs the ONNX file on <paramref name="inputs"/> (in the graph's input order); returns every output.</summary>
    public static Tensor[] Run(InferenceSession session, IReadOnlyList<Tensor> inputs)
    {
        var names = session.InputMetadata.Keys.ToArray();
        Assert.That(names, Has.Length.EqualTo(inputs.Count), "ONNX graph inputs");
        var feeds = names.Select((n, i) => NamedOnnxValue.CreateFromTensor(n,
            new DenseTensor<float>(inputs[i].ToArray(), inputs[i].Shape.ToArray()))).ToList();
        using var results = session.Run(feeds);
        return results.Select(r =>
        {
            var t = r.AsTensor<float>();
            return Tensor.FromArray(t.ToArray(), t.Dimensions.ToArray());
        }).ToArray();
    }

    /// <summary>
    /// Exports <paramref name="model"/>, then for each batch of inputs (one tensor per model input) asserts that
    /// ONNX Runtime's outputs equal <c>model.Predict</c>'s.
    /// </summary>
    public static void AssertMatchesPredict(Model model, params Tensor[][] batches)
    {
        string path = ExportToTemp(model);
        try
        {
            using var session = new InferenceSession(path);
            foreach (var inputs in batches)
            {
                var expected = model.PredictMany(inputs.Length == 1 ? (Tensors)inputs[0] : (Tensors)inputs, verbose: 0);
                var actual = Run(session, inputs);
                Assert.That(actual, Has.Length.EqualTo(expected.Count), "number of outputs");
                for (int k = 0; k < actual.Length; k++)
                {
                    AssertClose(actual[k], expected[k], $"output {k} (batch {inputs[0].Shape[0]})");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Asserts equal shapes and every value within atol 1e-5 + rtol 1e-4.</summary>
    public static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Shape.ToArray()), $"{what}: shape");
        var a = actual.ToArray();
        var e = expected.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            float limit = Atol + Rtol * Math.Abs(e[i]);
            if (!(Math.Abs(a[i] - e[i]) <= limit))
            {
                Assert.Fail($"{what}: value[{i}] = {a[i]}, Keras {e[i]}");
            }
        }
    }
}
