using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Saving;
using KerasSharp.Tests.Engine;

namespace KerasSharp.Tests.Layers.Merging;

/// <summary>Inputs and checks shared by the merge-layer tests.</summary>
internal static class MergeTestData
{
    /// <summary>A reproducible tensor with values in [-1, 1).</summary>
    public static Tensor Random(int seed, params int[] shape) => LayerTestHarness.RandomInput(new Shape(shape), seed);

    /// <summary>
    /// Values on a grid of 0.3 shifted by <c>(seed mod 3)·0.1</c>: tensors made with seeds 1, 2, 3 are at least 0.1
    /// apart everywhere, so no two inputs of a maximum or minimum are within a finite-difference step.
    /// </summary>
    public static Tensor Distinct(int seed, params int[] shape) => TestData.Distinct(seed, 0.3, shape).Plus(seed % 3 * 0.1f);

    /// <summary>Serializes the layer, reads it back through the registry and checks the copy writes the same JSON.</summary>
    public static T RoundTrip<T>(T layer)
        where T : Layer
    {
        var json = ObjectRegistry.SerializeLayer(layer).ToJsonString();
        var copy = ObjectRegistry.DeserializeLayer(JsonNode.Parse(json)!);
        Assert.Multiple(() =>
        {
            Assert.That(copy, Is.TypeOf<T>());
            Assert.That(copy, Is.Not.SameAs(layer));
            Assert.That(ObjectRegistry.SerializeLayer(copy).ToJsonString(), Is.EqualTo(json));
        });
        return (T)copy;
    }

    /// <summary>The message of the <see cref="ArgumentException"/> that <paramref name="code"/> throws.</summary>
    public static string ErrorOf(TestDelegate code) => Assert.Throws<ArgumentException>(code)!.Message;
}
