using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class SubtractTests
{
    [Test]
    public void Call_TwoInputs_SubtractsTheSecondFromTheFirst() =>
        TensorAssert.AllClose(new Subtract().Apply([Tensor.FromArray(new float[,] { { 5, 1 } }), Tensor.FromArray(new float[,] { { 2, 3 } })]), [3f, -2f], 0, 0);

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences() =>
        GradientChecker.Check(xs => new Subtract().Apply(xs), [Random(1, 2, 3), Random(2, 2, 1)]);

    [TestCase(1)]
    [TestCase(3)]
    public void Apply_NotTwoInputs_ThrowsKerasMessage(int count)
    {
        var inputs = Enumerable.Range(0, count).Select(_ => Keras.Input(shape: [4, 5])).ToArray();
        string shapes = string.Join(", ", Enumerable.Repeat("(None, 4, 5)", count));
        Assert.That(ErrorOf(() => new Subtract().Apply(inputs)),
            Does.EndWith($"A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=[{shapes}]"));
    }

    [Test]
    public void Apply_ThreeTensorsAfterBuildingForTwo_Throws()
    {
        var layer = new Subtract();
        layer.Apply([Random(1, 2, 3), Random(2, 2, 3)]);
        Assert.That(ErrorOf(() => layer.Apply([Random(1, 2, 3), Random(2, 2, 3), Random(3, 2, 3)])), Does.Contain("exactly 2 inputs"));
    }

    [Test]
    public void Config_RoundTrips() =>
        Assert.That(RoundTrip(new Subtract(name: "delta")).Name, Is.EqualTo("delta"));
}
