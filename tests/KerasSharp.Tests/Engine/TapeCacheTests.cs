using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class TapeCacheTests
{
    [Test]
    public void ReturnNode_HugeGraph_KeepsAtMostMaxNodes()
    {
        var x = Tensor.FromArray([1f]);
        using (var tape = GradientTape.Record())
        {
            for (int i = 0; i < TapeCache.MaxNodes + 1000; i++)
            {
                Ops.Exp(x);
            }
        }
        Assert.That(TapeCache.Current.NodeCount, Is.EqualTo(TapeCache.MaxNodes));
    }

    [Test]
    public void Clear_DropsTheNodesAndTheSpareTape()
    {
        var x = Tensor.FromArray([1f]);
        using (var tape = GradientTape.RecordStep())
        {
            Ops.Exp(x);
        }
        var cache = TapeCache.Current;
        Assume.That(cache.HasSpare, Is.True);
        cache.Clear();
        Assert.Multiple(() =>
        {
            Assert.That(cache.NodeCount, Is.Zero);
            Assert.That(cache.HasSpare, Is.False);
        });
    }

    [Test]
    public void Clear_DuringRecording_TapeStillComputesGradients()
    {
        var w = new Variable(Tensor.FromArray([1f, 2f]), "w");
        using var tape = GradientTape.Record();
        var square = Ops.Square(w.Value);
        TapeCache.Current.Clear();
        var loss = Ops.Sum(square);
        Assert.That(tape.Gradient(loss, [w])[0].ToArray(), Is.EqualTo(new[] { 2f, 4f }));
    }
}
