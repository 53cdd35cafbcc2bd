using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Parity;

/// <summary>
/// The merge layers against TF.js 4.22's (<c>tf.layers.add</c>, <c>multiply</c>, <c>average</c>, <c>maximum</c>,
/// <c>minimum</c>, <c>concatenate</c>, <c>dot</c>): the <c>merging</c> section of <c>Parity/tfjs-reference.json</c>
/// (from <c>tests/fixtures-generator/generate.mjs</c>) holds fixed inputs, the layer's output and the gradient of
/// <c>sum(upstream · layer(inputs))</c> with respect to every input.
/// </summary>
/// <remarks>
/// The element-wise inputs lie on a grid of eighths, so their sums and products are exact and the maximum case has
/// ties (5 of 24 elements), where both give the gradient to the earlier input. TF.js has no <c>Subtract</c> layer, and its
/// Maximum/Minimum gradients fail for broadcast operands, so those cases are same-shape only. TF.js clamps the squared
/// norm of <c>Dot(normalize: true)</c> at ε, Keras 3 at ε²: the same numbers for the fixture's inputs, whose norms are
/// far from 0. Tolerance as in <see cref="TfjsParityTests"/>: a few float32 ulps.
/// </remarks>
public class MergingTfjsParityTests
{
    private const double Rtol = 1e-5;
    private const double Atol = 1e-6;

    private static readonly Lazy<JsonArray> s_cases = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parity", "tfjs-reference.json")))!["merging"]!.AsArray());

    public static IEnumerable<TestCaseData> Cases() =>
        s_cases.Value.Select(c => new TestCaseData((string)c!["name"]!).SetArgDisplayNames((string)c["name"]!));

    private static JsonNode Case(string name) => s_cases.Value.Single(c => (string)c!["name"]! == name)!;

    private static Tensor ToTensor(JsonNode? node) =>
        Tensor.FromArray([.. node!["data"]!.AsArray().Select(v => (float)(double)v!)], [.. node["shape"]!.AsArray().Select(d => (int)d!)]);

    private static Layer LayerFor(JsonNode c)
    {
        var config = c["config"]!.AsObject();
        return (string)c["layer"]! switch
        {
            "add" => new Add(),
            "multiply" => new Multiply(),
            "average" => new Average(),
            "maximum" => new Maximum(),
            "minimum" => new Minimum(),
            "concatenate" => new Concatenate((int)config["axis"]!),
            "dot" => config["axes"] is JsonArray pair
                ? new Dot(((int)pair[0]!, (int)pair[1]!), (bool?)config["normalize"] ?? false)
                : new Dot((int)config["axes"]!, (bool?)config["normalize"] ?? false),
            var other => throw new ArgumentException($"No KerasSharp layer for TF.js' {other}."),
        };
    }

    private static void AssertMatches(string what, Tensor actual, JsonNode expected)
    {
        var e = ToTensor(expected);
        Assert.That(actual.Shape, Is.EqualTo(e.Shape), $"{what}: shape");
        TensorAssert.AllClose(actual, e, Rtol, Atol);
    }

    [Test]
    public void Fixture_HasEveryMergeLayer() =>
        Assert.That(s_cases.Value.Select(c => (string)c!["layer"]!).Distinct(),
            Is.EquivalentTo(new[] { "add", "multiply", "average", "maximum", "minimum", "concatenate", "dot" }));

    [TestCaseSource(nameof(Cases))]
    public void Forward_MatchesTfjs(string name)
    {
        var c = Case(name);
        var inputs = c["inputs"]!.AsArray().Select(ToTensor).ToArray();
        AssertMatches(name, LayerFor(c).Apply(inputs), c["values"]!);
    }

    [TestCaseSource(nameof(Cases))]
    public void Gradients_MatchTfjs(string name)
    {
        var c = Case(name);
        var inputs = c["inputs"]!.AsArray().Select(ToTensor).ToArray();
        var upstream = ToTensor(c["upstream"]!);
        var layer = LayerFor(c);
        Tensor[] grads;
        using (var tape = GradientTape.Record())
        {
            grads = tape.Gradient(Ops.Sum(Ops.Multiply(upstream, layer.Apply(inputs))), inputs);
        }
        var expected = c["gradients"]!.AsArray();
        Assert.That(grads, Has.Length.EqualTo(expected.Count));
        for (int i = 0; i < grads.Length; i++)
        {
            AssertMatches($"{name}: gradient of input {i}", grads[i], expected[i]!);
        }
    }

    [Test]
    public void Symbolic_OutputShapes_MatchTfjs()
    {
        Assert.Multiple(() =>
        {
            foreach (var c in s_cases.Value)
            {
                var inputs = c!["inputs"]!.AsArray().Select(i => Keras.Input(shape: [.. i!["shape"]!.AsArray().Skip(1).Select(d => (int)d!)])).ToArray();
                var expected = c["values"]!["shape"]!.AsArray().Select(d => (int)d!).ToArray();
                expected[0] = -1;
                Assert.That(LayerFor(c).Apply(inputs).Shape.ToArray(), Is.EqualTo(expected), (string)c["name"]!);
            }
        });
    }
}
