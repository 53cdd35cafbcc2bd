using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class MeanSquaredLogarithmicErrorTests
{
    [Test]
    public void Call_HandComputed_MatchesFormula()
    {
        // rows: ((ln 2 − ln(1 + 1e-7))² + 0) / 2 each
        var values = new MeanSquaredLogarithmicError().Call(
            Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } }));
        double row = Math.Pow(Math.Log(2) - Math.Log(1 + 1e-7), 2) / 2;
        TensorAssert.AllClose(values, [(float)row, (float)row]);
    }

    [Test]
    public void Call_NegativeValues_AreRaisedToEpsilon()
    {
        var values = new MeanSquaredLogarithmicError().Call(Tensor.FromArray(new float[,] { { -3, 3 } }), Tensor.FromArray(new float[,] { { -1, 3 } }));
        Assert.That(values.Item(), Is.EqualTo(0).Within(1e-7));
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new MeanSquaredLogarithmicError();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("mean_squared_logarithmic_error", "sum_over_batch_size")));
    }
}
