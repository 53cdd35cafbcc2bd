using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class PoissonTests
{
    [Test]
    public void Call_HandComputed_MatchesFormula()
    {
        // mean(yPred − yTrue·log(yPred + 1e-7)); a zero prediction with a zero target adds nothing
        var values = new Poisson().Call(Tensor.FromArray(new float[,] { { 1, 2 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 0.5f, 3 }, { 0, 2 } }));
        TensorAssert.AllClose(values, [(float)((0.5 - Math.Log(0.5) + 3 - 2 * Math.Log(3)) / 2), 1f], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Call_ZeroPredictionWithPositiveTarget_IsFinite()
    {
        var values = new Poisson().Call(Tensor.FromArray(new float[,] { { 1 } }), Tensor.FromArray(new float[,] { { 0 } }));
        Assert.That(values.Item(), Is.EqualTo(-Math.Log(1e-7)).Within(1e-4));
    }
}
