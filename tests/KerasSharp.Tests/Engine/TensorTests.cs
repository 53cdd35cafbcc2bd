using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

public class TensorTests
{
    [Test]
    public void Indexer_NegativeIndices_CountFromTheEnd()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Multiple(() =>
        {
            Assert.That(t[0, 0], Is.EqualTo(1f));
            Assert.That(t[1, 2], Is.EqualTo(6f));
            Assert.That(t[-1, -1], Is.EqualTo(6f));
            Assert.That(t[-2, 1], Is.EqualTo(2f));
            Assert.That(t[1, -3], Is.EqualTo(4f));
        });
    }

    [Test]
    public void Indexer_OutOfRange_ThrowsNamingAxisAndShape()
    {
        var t = Tensor.Zeros(new Shape(2, 3));
        var ex = Assert.Throws<IndexOutOfRangeException>(() => _ = t[0, 3]);
        Assert.That(ex!.Message, Does.Contain("axis 1").And.Contain("(2, 3)"));
        Assert.Throws<IndexOutOfRangeException>(() => _ = t[-3, 0]);
    }

    [Test]
    public void Indexer_WrongNumberOfIndices_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = Tensor.Zeros(new Shape(2, 3))[1]);
        Assert.That(ex!.Message, Does.Contain("Expected 2 indices"));
    }

    [Test]
    public void FromArray_2DArray_RowMajor()
    {
        var t = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Multiple(() =>
        {
            Assert.That(t.Shape, Is.EqualTo(new Shape(2, 3)));
            Assert.That(t.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
        });
    }

    [Test]
    public void FromArray_3DAnd4DArrays_RowMajor()
    {
        var t3 = Tensor.FromArray(new float[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        var t4 = Tensor.FromArray(new float[1, 2, 1, 2] { { { { 1, 2 } }, { { 3, 4 } } } });
        Assert.Multiple(() =>
        {
            Assert.That(t3.Shape, Is.EqualTo(new Shape(2, 2, 2)));
            Assert.That(t3[1, 0, 1], Is.EqualTo(6f));
            Assert.That(t4.Shape, Is.EqualTo(new Shape(1, 2, 1, 2)));
            Assert.That(t4.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public void FromArray_JaggedRows_RowMajor()
    {
        var t = Tensor.FromArray(new[] { new[] { 1f, 2f }, new[] { 3f, 4f }, new[] { 5f, 6f } });
        Assert.Multiple(() =>
        {
            Assert.That(t.Shape, Is.EqualTo(new Shape(3, 2)));
            Assert.That(t.ToArray(), Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
        });
    }

    [Test]
    public void FromArray_RaggedRows_ThrowsClearMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new[] { new[] { 1f, 2f, 3f }, new[] { 4f, 5f } }));
        Assert.That(ex!.Message, Does.Contain("ragged").And.Contain("row 0 has 3").And.Contain("row 1 has 2"));
    }

    [Test]
    public void FromArray_NullRow_ThrowsArgumentException()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Tensor.FromArray(new[] { new[] { 1f }, null! }), Throws.ArgumentException.With.Message.Contains("row 1 is null"));
            Assert.That(() => Tensor.FromArray(new[] { null!, new[] { 1f } }), Throws.ArgumentException.With.Message.Contains("row 0 is null"));
        });
    }

    [Test]
    public void FromArray_EmptyJagged_IsZeroByZero() =>
        Assert.That(Tensor.FromArray(Array.Empty<float[]>()).Shape, Is.EqualTo(new Shape(0, 0)));

    [Test]
    public void FromArray_IntLabels_BecomeFloatVector()
    {
        var t = Tensor.FromArray(new[] { 3, 0, -1 });
        Assert.Multiple(() =>
        {
            Assert.That(t.Shape, Is.EqualTo(new Shape(3)));
            Assert.That(t.ToArray(), Is.EqualTo(new[] { 3f, 0f, -1f }));
        });
    }

    [Test]
    public void FromArray_VectorWithShape_CopiesAndReshapes()
    {
        var values = new[] { 1f, 2f, 3f, 4f, 5f, 6f };
        var t = Tensor.FromArray(values, 3, 2);
        values[0] = 100f;
        Assert.Multiple(() =>
        {
            Assert.That(t.Shape, Is.EqualTo(new Shape(3, 2)));
            Assert.That(t[0, 0], Is.EqualTo(1f), "the values are copied");
            Assert.That(Tensor.FromArray(values).Shape, Is.EqualTo(new Shape(6)));
            Assert.That(Tensor.FromArray(values, 2, -1).Shape, Is.EqualTo(new Shape(2, 3)), "-1 is inferred");
        });
    }

    [Test]
    public void FromArray_SizeMismatch_ThrowsNamingCountAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f], 2, 2));
        Assert.That(ex!.Message, Does.Contain("3 values").And.Contain("(2, 2)"));
    }

    [Test]
    public void ToArray2D_Rank2_CopiesRows()
    {
        var source = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var back = Tensor.FromArray(source).ToArray2D();
        Assert.That(back, Is.EqualTo(source));
    }

    [Test]
    public void ToArray2D_Rank1_IsOneColumn_Rank3_FlattensTheRest()
    {
        var column = Tensor.FromArray([1f, 2f, 3f]).ToArray2D();
        var flat = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], 2, 2, 2).ToArray2D();
        Assert.Multiple(() =>
        {
            Assert.That(column, Is.EqualTo(new float[,] { { 1 }, { 2 }, { 3 } }));
            Assert.That(flat, Is.EqualTo(new float[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 } }));
            Assert.That(Tensor.Scalar(7f).ToArray2D(), Is.EqualTo(new float[,] { { 7 } }));
        });
    }

    [Test]
    public void ToJagged_Rank2_Rows()
    {
        var rows = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } }).ToJagged();
        Assert.That(rows, Is.EqualTo(new[] { new[] { 1f, 2f }, new[] { 3f, 4f } }));
    }

    [Test]
    public void Item_Scalar_ReturnsValue_NonScalar_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tensor.Scalar(2.5f).Item(), Is.EqualTo(2.5f));
            Assert.That(Tensor.FromArray([4f], 1, 1).Item(), Is.EqualTo(4f));
            Assert.That(() => Tensor.Zeros(new Shape(2)).Item(), Throws.InvalidOperationException.With.Message.Contains("(2,)"));
        });
    }

    [Test]
    public void Factories_ZerosOnesFullScalar()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tensor.Zeros(new Shape(2, 2)).ToArray(), Is.All.EqualTo(0f));
            Assert.That(Tensor.Ones(new Shape(3)).ToArray(), Is.All.EqualTo(1f));
            Assert.That(Tensor.Full(new Shape(2, 1), 7f).ToArray(), Is.EqualTo(new[] { 7f, 7f }));
            Assert.That(Tensor.Scalar(3f).Shape, Is.EqualTo(Shape.Scalar));
            Assert.That(Tensor.Zeros(new Shape(0, 3)).Size, Is.EqualTo(0));
        });
    }

    [Test]
    public void ToString_ShowsShapeAndValues()
    {
        var s = Tensor.FromArray([1f, 2.5f]).ToString();
        Assert.That(s, Is.EqualTo("Tensor(shape=(2,), values=[1, 2.5])"));
        var big = Tensor.Zeros(new Shape(20)).ToString();
        Assert.That(big, Does.Contain("..."));
    }

    [Test]
    public void Operators_AndImplicitConversions()
    {
        Tensor a = new[] { 1f, 2f };
        Tensor b = new float[,] { { 10f, 20f } };
        var r = (a + b) * 2f - a / 1f;
        Assert.Multiple(() =>
        {
            Assert.That(r.Shape, Is.EqualTo(new Shape(1, 2)));
            TensorAssert.AllClose(r, [21f, 42f]);
            TensorAssert.AllClose(-a, [-1f, -2f]);
        });
    }

    [Test]
    public void Reshape_InfersMinusOne()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.Reshape(x, new Shape(-1)).Shape, Is.EqualTo(new Shape(6)));
            Assert.That(Ops.Reshape(x, new Shape(3, -1)).Shape, Is.EqualTo(new Shape(3, 2)));
            Assert.That(Ops.Reshape(x, new Shape(-1, 1, 2)).Shape, Is.EqualTo(new Shape(3, 1, 2)));
            Assert.That(Ops.Reshape(x, new Shape(3, 2)).ToArray(), Is.EqualTo(x.ToArray()));
            Assert.That(Ops.Reshape(x, new Shape(2, 3)), Is.SameAs(x));
        });
    }

    [Test]
    public void Reshape_TwoUnknowns_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Reshape(Tensor.Zeros(new Shape(2, 3)), new Shape(-1, -1)));
        Assert.That(ex!.Message, Does.Contain("only one dimension can be -1"));
    }

    [Test]
    public void Reshape_SizeMismatch_ThrowsNamingBothShapes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.Reshape(Tensor.Zeros(new Shape(2, 3)), new Shape(4)),
                Throws.ArgumentException.With.Message.Contains("(2, 3)").And.Message.Contains("(4,)"));
            Assert.That(() => Ops.Reshape(Tensor.Zeros(new Shape(2, 3)), new Shape(4, -1)),
                Throws.ArgumentException.With.Message.Contains("(2, 3)").And.Message.Contains("(4, None)"));
        });
    }

    [Test]
    public void Variable_AssignAndImplicitTensor()
    {
        var v = new Variable(Tensor.Zeros(new Shape(2)), "kernel", path: "dense/kernel");
        v.Assign(Tensor.FromArray([1f, 2f]));
        Tensor asTensor = v;
        Assert.Multiple(() =>
        {
            Assert.That(asTensor, Is.SameAs(v.Value));
            Assert.That(v.Value.ToArray(), Is.EqualTo(new[] { 1f, 2f }));
            Assert.That(v.Path, Is.EqualTo("dense/kernel"));
            Assert.That(v.Name, Is.EqualTo("kernel"));
            Assert.That(v.Trainable, Is.True);
            Assert.That(() => v.Assign(Tensor.Zeros(new Shape(3))),
                Throws.ArgumentException.With.Message.Contains("dense/kernel").And.Message.Contains("(2,)").And.Message.Contains("(3,)"));
            Assert.That(() => v.Assign(new float[] { 1f }.AsSpan()), Throws.ArgumentException);
        });
    }
}
