using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class AverageTests
{
    [Test]
    public void Call_ThreeInputs_AveragesThem() =>
        TensorAssert.AllClose(new Average().Apply([Tensor.FromArray([1f, 2f]), Tensor.FromArray([2f, 4f]), Tensor.FromArray([6f, -3f])]), [3f, 1f], 0, 0);

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences() =>
        GradientChecker.Check(xs => new Average().Apply(xs), [Random(1, 2, 3), Random(2, 2, 3), Random(3, 1, 3)]);

    [Test]
    public void Config_RoundTrips() =>
        Assert.That(RoundTrip(new Average(name: "ensemble")).Name, Is.EqualTo("ensemble"));
}
