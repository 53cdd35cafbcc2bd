using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class CosineSimilarityTests
{
    private static readonly Tensor Y = Tensor.FromArray(new float[,] { { 0, 1 }, { 1, 1 }, { 1, 1 } });
    private static readonly Tensor P = Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 1 }, { -1, -1 } });

    [Test]
    public void Call_KerasDocstring_MatchesValues()
    {
        TensorAssert.AllClose(new CosineSimilarity(axis: -1).Call(Y, P), [0f, -1f, 1f], rtol: 1e-6, atol: 1e-6);
    }

    [Test]
    public void Compute_Default_AveragesOverSamples()
    {
        Assert.That(new CosineSimilarity().Compute(Y, P).Item(), Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void Call_ZeroVector_IsZeroWithFiniteGradient()
    {
        var zero = Tensor.Zeros(new Shape(1, 2));
        using var tape = GradientTape.Record();
        var value = new CosineSimilarity().Call(Tensor.FromArray(new float[,] { { 1, 2 } }), zero);
        var grad = tape.Gradient(Ops.Sum(value), [zero])[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(value.Item(), Is.Zero);
            Assert.That(grad.ToArray(), Has.All.Matches<float>(float.IsFinite));
        });
    }

    [Test]
    public void Call_Axis0_ComparesColumns()
    {
        // columns: (0, 1, 1) vs (1, 1, 1) → −2/√6; (1, 1, 1) vs (0, 1, −1) → 0
        var values = new CosineSimilarity(axis: 0).Call(Y, Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 1 }, { 1, -1 } }));
        TensorAssert.AllClose(values, [(float)(-2 / Math.Sqrt(6)), 0f], rtol: 1e-5, atol: 1e-6);
    }
}
