using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class Relu6KinkTests
{
    [Test]
    public void Relu6_GradientIsZeroAtBothKinks_LikeTensorFlow()
    {
        var x = Tensor.FromArray([-1f, 0f, 3f, 6f, 7f]);
        using var tape = GradientTape.Record();
        var y = Ops.Sum(Ops.Relu6(x));
        var g = tape.Gradient(y, [x])[0];
        Assert.That(g.ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f, 0f, 0f }));
    }
}
