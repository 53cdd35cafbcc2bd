using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

public class MaximumTests
{
    // columns 0 to 3 tie between two inputs, column 4 has a single winner (the third input)
    private static readonly Tensor A = Tensor.FromArray([3f, 2f, 2f, 0f, 1f]);
    private static readonly Tensor B = Tensor.FromArray([1f, 5f, -1f, 4f, 1f]);
    private static readonly Tensor C = Tensor.FromArray([3f, 5f, 2f, 4f, 6f]);

    [Test]
    public void Call_ThreeInputs_TakesTheLargestValue() =>
        TensorAssert.AllClose(new Maximum().Apply([A, B, C]), [3f, 5f, 2f, 4f, 6f], 0, 0);

    [Test]
    public void Gradient_AtTies_GoesToTheEarlierInput()
    {
        // TensorFlow's rule (ties to the first operand), applied left to right as Keras folds the inputs
        using var tape = GradientTape.Record();
        var grads = tape.Gradient(Ops.Sum(new Maximum().Apply([A, B, C])), [A, B, C]);
        Assert.Multiple(() =>
        {
            Assert.That(grads[0].ToArray(), Is.EqualTo(new[] { 1f, 0f, 1f, 0f, 0f }));
            Assert.That(grads[1].ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f, 1f, 0f }));
            Assert.That(grads[2].ToArray(), Is.EqualTo(new[] { 0f, 0f, 0f, 0f, 1f }));
        });
    }

    [Test]
    public void Gradient_ThroughTheLayer_MatchesCentralDifferences() =>
        GradientChecker.Check(xs => new Maximum().Apply(xs), [Distinct(1, 3, 4), Distinct(2, 3, 4), Distinct(3, 3, 4)]);

    [Test]
    public void Config_RoundTrips() =>
        Assert.That(RoundTrip(new Maximum(name: "pick")).Name, Is.EqualTo("pick"));
}
