using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Tests.Layers;

public class PoolingLayerTests
{
    private static IEnumerable<PoolingLayer> AllPoolings()
    {
        yield return new MaxPooling1D(3, 2, "same");
        yield return new AveragePooling1D(3, 2, "same");
        yield return new MaxPooling2D((3, 2), (2, 1), "same");
        yield return new AveragePooling2D((3, 2), (2, 1), "same");
    }

    [TestCaseSource(nameof(AllPoolings))]
    public void GetConfig_WritesKerasPoolingKeysInOrder(PoolingLayer layer)
    {
        var keys = layer.GetConfig().Select(p => p.Key).SkipWhile(k => k != "pool_size").ToArray();
        Assert.That(keys, Is.EqualTo(new[] { "pool_size", "padding", "strides", "data_format" }));
    }

    [Test]
    public void Mode_IsTheConcreteLayersPoolMode()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new MaxPooling1D().Mode, Is.EqualTo(PoolMode.Max));
            Assert.That(new AveragePooling1D().Mode, Is.EqualTo(PoolMode.Average));
            Assert.That(new MaxPooling2D().Mode, Is.EqualTo(PoolMode.Max));
            Assert.That(new AveragePooling2D().Mode, Is.EqualTo(PoolMode.Average));
        });
    }

    [Test]
    public void ComputeOutputShape_UnknownSpatialSize_StaysUnknown() =>
        Assert.That(new MaxPooling2D(2).ComputeOutputShape(new Shape(-1, -1, 8, 3)), Is.EqualTo(new Shape(-1, -1, 4, 3)));

    [Test]
    public void ComputeOutputShape_WindowLongerThan1DInput_NamesTheTupleAsPython() =>
        Assert.That(() => new AveragePooling1D(4, name: "ap").ComputeOutputShape(new Shape(1, 3, 2)),
            Throws.ArgumentException.With.Message.Contains("Layer \"ap\" (AveragePooling1D)")
                .And.Message.Contains("`pool_size=(4,)`, `strides=(4,)`, `padding=valid`"));

    [Test]
    public void Constructor_ZeroStride_ThrowsKerasMessage() =>
        Assert.That(() => new MaxPooling1D(2, strides: 0), Throws.ArgumentException.With.Message.Contains("strides"));
}
