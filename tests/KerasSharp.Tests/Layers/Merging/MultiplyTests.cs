using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class MultiplyTests
{
    [Test]
    public void Call_ThreeInputs_MultipliesThem() =>
        TensorAssert.AllClose(new Multiply().Apply([Tensor.FromArray([1f, -2f]), Tensor.FromArray([3f, 4f]), Tensor.FromArray([0.5f, 2f])]), [1.5f, -16f], 0, 0);

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences() =>
        GradientChecker.Check(xs => new Multiply().Apply(xs), [Random(1, 2, 3, 2), Random(2, 2, 3, 1), Random(3, 2, 2)]);

    [Test]
    public void Config_RoundTrips() =>
        Assert.That(RoundTrip(new Multiply(name: "gate")).Name, Is.EqualTo("gate"));
}
