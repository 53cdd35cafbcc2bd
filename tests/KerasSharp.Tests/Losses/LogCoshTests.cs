using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class LogCoshTests
{
    [Test]
    public void Compute_KerasDocstring_Is0_108()
    {
        var loss = new LogCosh().Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 1, 1 }, { 0, 0 } }));
        Assert.That(loss.Item(), Is.EqualTo(Math.Log(Math.Cosh(1)) / 4).Within(1e-6));
    }

    [Test]
    public void Call_LargeErrors_StayFiniteAndLinear()
    {
        // log(cosh(x)) = |x| − log 2 + log(1 + e^(−2|x|)); cosh(100) itself overflows float32
        var values = new LogCosh().Call(Tensor.FromArray(new float[,] { { 0, 0 } }), Tensor.FromArray(new float[,] { { 100, -100 } }));
        Assert.That(values.Item(), Is.EqualTo(100 - Math.Log(2)).Within(1e-4));
    }

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new LogCosh();
        Assert.That((loss.Name, loss.Reduction), Is.EqualTo(("log_cosh", "sum_over_batch_size")));
    }
}
