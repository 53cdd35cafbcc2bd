using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

public class ConvolutionScratchTests
{
    [Test]
    public void ReleaseOversized_KeepsABlockAndDropsALargerArray()
    {
        ConvolutionScratch.Columns(1 << 18);
        ConvolutionScratch.Gradient(ConvolutionScratch.MaxKeptFloats + 1);
        ConvolutionScratch.ReleaseOversized();
        Assert.That(ConvolutionScratch.OfCurrentThread!.RetainedFloats, Is.EqualTo(1 << 18));
    }

    [Test]
    public void Columns_SameLengthAgain_ReturnsTheSameMemory()
    {
        var first = ConvolutionScratch.Columns(5000);
        var second = ConvolutionScratch.Columns(4000);
        Assert.That(second.Overlaps(first, out int offset) && offset == 0, Is.True);
    }

    [Test]
    public void Clear_FromAnotherThread_DropsBothArrays()
    {
        ConvolutionScratch.Columns(5000);
        ConvolutionScratch.Gradient(5000);
        var scratch = ConvolutionScratch.OfCurrentThread!;
        var other = new Thread(scratch.Clear);
        other.Start();
        other.Join();
        Assert.That(scratch.RetainedFloats, Is.Zero);
    }
}
