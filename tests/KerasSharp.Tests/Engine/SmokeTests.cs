using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class GradientTapeSmokeTests
{
    [Test]
    public void Gradient_SquareSum_IsTwiceInput()
    {
        var w = new Variable(Tensor.FromArray([1f, 2f, -3f]), "w");
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Square(w));
        var grads = tape.Gradient(loss, [w]);
        Assert.That(grads[0].ToArray(), Is.EqualTo(new[] { 2f, 4f, -6f }));
    }
}
