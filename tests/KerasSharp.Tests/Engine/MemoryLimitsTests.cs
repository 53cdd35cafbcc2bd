using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

/// <summary>
/// A tensor that cannot exist fails before anything is allocated, with a message naming the layer (when one is
/// running), the shape and the memory it needs.
/// </summary>
public class MemoryLimitsTests
{
    [Test]
    public void Zeros_InsideALayer_NamesTheLayerShapeAndBytes()
    {
        using var limit = MemoryLimits.Limit(Allocations.Machine);
        var outer = LayerContext.Enter("dense");
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(new Shape(32, 1_000_000_000)));
            Assert.That(ex!.Message, Is.EqualTo(
                "Layer \"dense\" cannot allocate a tensor of shape (32, 1000000000): it needs 119.2 GB, more than the 23.5 GB this process can use."));
        }
        finally
        {
            LayerContext.Exit(outer);
        }
    }

    [Test]
    public void Empty_OutsideAnyLayer_SaysCannot()
    {
        using var limit = MemoryLimits.Limit(Allocations.Machine);
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Ones(new Shape(1000, 1000, 1000, 10)));
        Assert.That(ex!.Message, Is.EqualTo("Cannot allocate a tensor of shape (1000, 1000, 1000, 10): it needs 37.3 GB, more than the 23.5 GB this process can use."));
    }

    [Test]
    public void Zeros_WithinMemoryButBeyondArrayMaxLength_NamesTheElementCount()
    {
        using var limit = MemoryLimits.Limit(1L << 40);
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(new Shape(3, 1_000_000_000)));
        Assert.That(ex!.Message, Is.EqualTo(
            $"Cannot allocate a tensor of shape (3, 1000000000): it has 3000000000 elements, more than the {Array.MaxLength} a single tensor can hold."));
    }

    [Test]
    public void Zeros_WithinArrayMaxLengthButBeyondMemory_FailsBeforeAllocating()
    {
        using var limit = MemoryLimits.Limit(64 << 20);
        var (ex, bytes) = Allocations.Throws<InvalidOperationException>(() => Tensor.Zeros(new Shape(8192, 4096)));
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.EndWith("it needs 128.0 MB, more than the 64.0 MB this process can use."));
            Assert.That(bytes, Is.LessThan(1 << 20), "the 128 MB buffer was never allocated");
        });
    }

    [Test]
    public void NewTensorInAStep_TooLarge_Throws()
    {
        using var limit = MemoryLimits.Limit(64 << 20);
        using (TensorArena.Step())
        {
            var x = Tensor.Ones(new Shape(4096, 1));
            var y = Tensor.Ones(new Shape(1, 8192));
            var ex = Assert.Throws<InvalidOperationException>(() => Ops.MatMul(x, y));
            Assert.That(ex!.Message, Does.StartWith("Cannot allocate a tensor of shape (4096, 8192): it needs 128.0 MB"));
        }
    }

    [Test]
    public void Limit_Disposed_RestoresTheProcessLimit()
    {
        long process = MemoryLimits.AvailableBytes;
        using (MemoryLimits.Limit(1 << 20))
        {
            Assert.That(MemoryLimits.MaxElements, Is.EqualTo((1 << 20) / 4));
        }
        Assert.Multiple(() =>
        {
            Assert.That(MemoryLimits.AvailableBytes, Is.EqualTo(process));
            Assert.That(MemoryLimits.MaxElements, Is.EqualTo((int)Math.Min(Array.MaxLength, process / 4)));
            Assert.That(process, Is.EqualTo(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes));
        });
    }

    [Test]
    public void SmallTensors_AreUnaffected()
    {
        using var limit = MemoryLimits.Limit(64 << 20);
        Assert.That(Tensor.Zeros(new Shape(1024, 1024)).Size, Is.EqualTo(1 << 20));
    }

    [TestCase(0d, "0.0 B")]
    [TestCase(1023d, "1023.0 B")]
    [TestCase(1536d, "1.5 KB")]
    [TestCase(128e9, "119.2 GB")]
    [TestCase(4e12, "3.6 TB")]
    public void FormatBytes_UsesBase1024WithOneDecimal(double bytes, string expected) =>
        Assert.That(MemoryLimits.FormatBytes(bytes), Is.EqualTo(expected));

    [Test]
    public void LayerContext_NestedEnterExit_RestoresTheOuterName()
    {
        var none = LayerContext.Enter("outer");
        var outer = LayerContext.Enter("inner");
        Assert.That(LayerContext.Current, Is.EqualTo("inner"));
        LayerContext.Exit(outer);
        Assert.That(LayerContext.Current, Is.EqualTo("outer"));
        LayerContext.Exit(none);
        Assert.That(LayerContext.Current, Is.Null);
    }
}
