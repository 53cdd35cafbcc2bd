using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// The real Keras and TF.js files under <c>Saving/KerasFiles</c> (see its MANIFEST.md) and the outputs recorded for
/// them: each model file <c>X</c> has <c>X.expected.json</c> with a deterministic input and the expected output.
/// </summary>
internal static class KerasFiles
{
    /// <summary>The folder holding the files, copied next to the test assembly.</summary>
    public static string Root { get; } = Path.Combine(TestContext.CurrentContext.TestDirectory, "Saving", "KerasFiles");

    /// <summary>The full path of a file given relative to <see cref="Root"/> (for example <c>h5-full/k2.0.9_dl4j_optimizers_adam.h5</c>).</summary>
    public static string PathOf(string relative)
    {
        string path = Path.Combine(Root, relative);
        Assert.That(File.Exists(path) || Directory.Exists(path), Is.True, $"missing test file {path}");
        return path;
    }

    /// <summary>The model files with recorded outputs, relative to <see cref="Root"/>, under one folder (h5-full, h5-weights, keras-zip, tfjs).</summary>
    public static IEnumerable<string> WithExpectedOutputs(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.expected.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f[..^".expected.json".Length]).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>The recorded input, expected output and tolerances of a model file.</summary>
    public static Expected ExpectedOf(string relative)
    {
        var json = JsonNode.Parse(File.ReadAllText(PathOf(relative) + ".expected.json"))!.AsObject();
        var tolerance = json["suggested_tolerance"]!.AsObject();
        return new Expected(
            ToTensor(json["input"]!, json["input_shape"]!),
            ToTensor(json["output"]!, json["output_shape"]!),
            (float)tolerance["atol"]!.GetValue<double>(),
            (float)tolerance["rtol"]!.GetValue<double>());
    }

    /// <summary>Asserts that <paramref name="actual"/> matches the expected output within the recorded tolerances.</summary>
    public static void AssertMatches(Tensor actual, Expected expected, string what)
    {
        Assert.That(actual.Shape.ToArray(), Is.EqualTo(expected.Output.Shape.ToArray()), $"{what}: output shape");
        var a = actual.ToArray();
        var e = expected.Output.ToArray();
        for (int i = 0; i < e.Length; i++)
        {
            float limit = expected.Atol + expected.Rtol * Math.Abs(e[i]);
            Assert.That(Math.Abs(a[i] - e[i]), Is.LessThanOrEqualTo(limit), $"{what}: output[{i}] = {a[i]}, expected {e[i]}");
        }
    }

    private static Tensor ToTensor(JsonNode values, JsonNode shape)
    {
        var dims = shape.AsArray().Select(d => d!.GetValue<int>()).ToArray();
        var flat = new List<float>();
        Flatten(values, flat);
        return Tensor.FromArray(flat.ToArray(), dims);
    }

    private static void Flatten(JsonNode node, List<float> into)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Flatten(item!, into);
            }
        }
        else
        {
            into.Add((float)node.GetValue<double>());
        }
    }

    /// <summary>A recorded input and output with the tolerances they are compared at.</summary>
    public sealed record Expected(Tensor Input, Tensor Output, float Atol, float Rtol);
}
