using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class AddTests
{
    [Test]
    public void Call_ThreeInputs_SumsThem() =>
        TensorAssert.AllClose(new Add().Apply([Tensor.FromArray([1f, 2f]), Tensor.FromArray([10f, 20f]), Tensor.FromArray([100f, 200f])]), [111f, 222f], 0, 0);

    [Test]
    public void Call_BroadcastInput_AddsItToEveryRow() =>
        TensorAssert.AllClose(new Add().Apply([Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }), Tensor.FromArray(new float[,] { { 10, 20 } })]),
            [11f, 22f, 13f, 24f], 0, 0);

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences() =>
        GradientChecker.Check(xs => new Add().Apply(xs), [Random(1, 2, 3, 4), Random(2, 2, 1, 4), Random(3, 2, 4)]);

    [Test]
    public void Config_RoundTrips() =>
        Assert.That(RoundTrip(new Add(name: "residual")).Name, Is.EqualTo("residual"));
}
