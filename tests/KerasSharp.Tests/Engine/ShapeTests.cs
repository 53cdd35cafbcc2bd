using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

public class ShapeTests
{
    [Test]
    public void ToString_PythonTupleForm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Shape(-1, 784).ToString(), Is.EqualTo("(None, 784)"));
            Assert.That(new Shape(5).ToString(), Is.EqualTo("(5,)"));
            Assert.That(Shape.Scalar.ToString(), Is.EqualTo("()"));
            Assert.That(new Shape().ToString(), Is.EqualTo("()"));
            Assert.That(new Shape(2, 3).ToString(), Is.EqualTo("(2, 3)"));
            Assert.That(new Shape(-1, 28, 28, 1).ToString(), Is.EqualTo("(None, 28, 28, 1)"));
        });
    }

    [Test]
    public void Properties_RankSizeIndexers()
    {
        var s = new Shape(2, 3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(s.Rank, Is.EqualTo(3));
            Assert.That(s.Count, Is.EqualTo(3));
            Assert.That(s.Size, Is.EqualTo(24));
            Assert.That(s[0], Is.EqualTo(2));
            Assert.That(s[^1], Is.EqualTo(4));
            Assert.That(s.ToArray(), Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(s.ToList(), Is.EqualTo(new[] { 2, 3, 4 }));
            Assert.That(Shape.Scalar.Size, Is.EqualTo(1));
            Assert.That(new Shape(3, 0).Size, Is.EqualTo(0));
            Assert.That(new Shape(-1, 3).IsFullyDefined, Is.False);
        });
    }

    [Test]
    public void Size_UnknownDimension_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => _ = new Shape(-1, 3).Size);
        Assert.That(ex!.Message, Does.Contain("(None, 3)"));
    }

    [Test]
    public void Constructor_NegativeDimension_ThrowsNamingTheShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new Shape(2, -3));
        Assert.That(ex!.Message, Does.Contain("-3").And.Contain("(2, -3)"));
    }

    [Test]
    public void Constructor_CopiesDims()
    {
        int[] dims = [2, 3];
        var s = new Shape(dims);
        dims[0] = 7;
        Assert.That(s[0], Is.EqualTo(2));
    }

    [Test]
    public void Equality_ByDimensions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Shape(2, 3) == new Shape(2, 3), Is.True);
            Assert.That(new Shape(2, 3) != new Shape(3, 2), Is.True);
            Assert.That(new Shape(2, 3).GetHashCode(), Is.EqualTo(new Shape([2, 3]).GetHashCode()));
            Assert.That(Shape.Scalar, Is.EqualTo(new Shape()));
            Assert.That(new Shape(1).Equals((object)new Shape(1)), Is.True);
            Shape fromArray = new[] { 4, 5 };
            Assert.That(fromArray, Is.EqualTo(new Shape(4, 5)));
        });
    }

    [TestCase(new[] { 2, 3 }, new[] { 2, 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 2, 3 }, new[] { 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 2, 1 }, new[] { 1, 3 }, new[] { 2, 3 })]
    [TestCase(new int[0], new[] { 2, 3 }, new[] { 2, 3 })]
    [TestCase(new[] { 1, 3, 1, 2 }, new[] { 2, 1, 4, 1 }, new[] { 2, 3, 4, 2 })]
    [TestCase(new[] { 4, 1 }, new[] { 0 }, new[] { 4, 0 })]
    [TestCase(new[] { -1, 3 }, new[] { 3 }, new[] { -1, 3 })]
    [TestCase(new[] { -1, 3 }, new[] { 5, 3 }, new[] { 5, 3 })]
    [TestCase(new[] { 5, 3 }, new[] { -1, 3 }, new[] { 5, 3 })]
    [TestCase(new[] { -1, 3 }, new[] { 1, 3 }, new[] { -1, 3 })]
    [TestCase(new[] { 1, 3 }, new[] { -1, 1 }, new[] { -1, 3 })]
    public void Broadcast_CompatibleShapes_FollowsKeras(int[] a, int[] b, int[] expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Shape.Broadcast(new Shape(a), new Shape(b)), Is.EqualTo(new Shape(expected)));
            Assert.That(Shape.Broadcast(new Shape(b), new Shape(a)), Is.EqualTo(new Shape(expected)), "symmetric");
        });
    }

    [Test]
    public void Broadcast_IncompatibleShapes_ErrorNamesBothShapesAndOp()
    {
        var ex = Assert.Throws<ArgumentException>(() => Shape.Broadcast(new Shape(2, 3), new Shape(4), "add"));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("(4,)").And.Contain("add"));
    }

    [Test]
    public void Ops_IncompatibleShapes_ErrorNamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Multiply(Tensor.Ones(new Shape(2, 3)), Tensor.Ones(new Shape(2, 2))));
        Assert.That(ex!.Message, Does.Contain("(2, 3)").And.Contain("(2, 2)"));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    [TestCase(-1, 2)]
    [TestCase(-3, 0)]
    public void NormalizeAxis_InRange_ResolvesNegative(int axis, int expected) =>
        Assert.That(new Shape(2, 3, 4).NormalizeAxis(axis), Is.EqualTo(expected));

    [TestCase(3)]
    [TestCase(-4)]
    public void NormalizeAxis_OutOfRange_ThrowsWithAxisRankAndShape(int axis)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, 3, 4).NormalizeAxis(axis));
        Assert.That(ex!.Message, Does.Contain($"Axis {axis}").And.Contain("rank 3").And.Contain("(2, 3, 4)"));
    }

    [Test]
    public void NormalizeAxis_Scalar_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Shape.Scalar.NormalizeAxis(0));

    [Test]
    public void Derived_WithBatchPrependAppendDropFirst()
    {
        var s = new Shape(28, 28);
        Assert.Multiple(() =>
        {
            Assert.That(s.Prepend(-1).ToString(), Is.EqualTo("(None, 28, 28)"));
            Assert.That(s.Append(3).ToString(), Is.EqualTo("(28, 28, 3)"));
            Assert.That(s.WithBatch(32).ToString(), Is.EqualTo("(32, 28)"));
            Assert.That(s.DropFirst().ToString(), Is.EqualTo("(28,)"));
            Assert.That(s.ToString(), Is.EqualTo("(28, 28)"), "the original is unchanged");
        });
    }

    private static Shape Echo(Shape s) => s;

    [Test]
    public void CollectionExpression_BuildsShape()
    {
        Shape s = [-1, 784];
        Shape empty = [];
        Assert.Multiple(() =>
        {
            Assert.That(s.ToString(), Is.EqualTo("(None, 784)"));
            Assert.That(empty, Is.EqualTo(Shape.Scalar));
            Assert.That(Echo([8]).ToString(), Is.EqualTo("(8,)"));
            Assert.That(() => Echo([2, -5]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Size_ProductBeyondLong_ThrowsInsteadOfWrappingToZero()
    {
        // 2^21 · 2^21 · 2^22 = 2^64, which a 64-bit product wraps to 0.
        var ex = Assert.Throws<InvalidOperationException>(() => _ = new Shape(1 << 21, 1 << 21, 1 << 22).Size);
        Assert.That(ex!.Message, Does.StartWith("Cannot allocate a tensor of shape (2097152, 2097152, 4194304): it needs"));
    }

    [Test]
    public void Size_HugeDimensionsTimesZero_IsZero()
    {
        Assert.That(new Shape(int.MaxValue, int.MaxValue, int.MaxValue, 0).Size, Is.EqualTo(0));
    }

    [Test]
    public void Size_AtArrayMaxLength_Fits()
    {
        Assert.That(new Shape(1, Array.MaxLength).Size, Is.EqualTo(Array.MaxLength));
        Assert.Throws<InvalidOperationException>(() => _ = new Shape(1, Array.MaxLength + 1).Size);
    }

    [Test]
    public void ElementCount_IsExactBeyondInt_AndSaturatesBeyondLong()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Shape(1 << 20, 1 << 20).ElementCount, Is.EqualTo(1L << 40));
            Assert.That(new Shape(1 << 21, 1 << 21, 1 << 22).ElementCount, Is.EqualTo(long.MaxValue));
            Assert.That(new Shape(1 << 21, 1 << 21, 1 << 22, 0).ElementCount, Is.EqualTo(0));
            Assert.That(Shape.Scalar.ElementCount, Is.EqualTo(1));
            Assert.That(() => new Shape(-1, 3).ElementCount, Throws.InvalidOperationException);
        });
    }
}
