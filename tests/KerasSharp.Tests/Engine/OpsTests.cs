using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

/// <summary>Forward values, shapes and argument errors of the non-activation ops, against references computed in the test.</summary>
public class OpsTests
{
    private static float[] ReduceReference(Tensor x, bool[] reduce, Func<IEnumerable<double>, double> f)
    {
        // group every element by its index with the reduced axes dropped
        var dims = x.Shape.ToArray();
        var groups = new SortedDictionary<long, List<double>>();
        var index = new int[dims.Length];
        for (int flat = 0; flat < x.Size; flat++)
        {
            int rem = flat;
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                index[a] = rem % dims[a];
                rem /= dims[a];
            }
            long key = 0;
            for (int a = 0; a < dims.Length; a++)
            {
                if (!reduce[a])
                {
                    key = key * dims[a] + index[a];
                }
            }
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }
            list.Add(x.Span[flat]);
        }
        return groups.Values.Select(g => (float)f(g)).ToArray();
    }

    [TestCase(new[] { 0 }, false, new[] { 3, 4 })]
    [TestCase(new[] { 1 }, false, new[] { 2, 4 })]
    [TestCase(new[] { -1 }, true, new[] { 2, 3, 1 })]
    [TestCase(new[] { 0, 2 }, false, new[] { 3 })]
    [TestCase(new[] { 2, 0 }, true, new[] { 1, 3, 1 })]
    [TestCase(null, false, new int[0])]
    [TestCase(null, true, new[] { 1, 1, 1 })]
    public void Reductions_ValuesAndShapes_MatchReference(int[]? axes, bool keepDims, int[] expectedShape)
    {
        var x = TestData.Uniform(7, -3, 3, 2, 3, 4);
        var reduce = new bool[3];
        foreach (var a in axes ?? [0, 1, 2])
        {
            reduce[(a + 3) % 3] = true;
        }
        var shape = new Shape(expectedShape);
        Assert.Multiple(() =>
        {
            var sum = Ops.Sum(x, axes, keepDims);
            Assert.That(sum.Shape, Is.EqualTo(shape));
            TensorAssert.AllClose(sum, ReduceReference(x, reduce, g => g.Sum()));
            TensorAssert.AllClose(Ops.Mean(x, axes, keepDims), ReduceReference(x, reduce, g => g.Average()));
            TensorAssert.AllClose(Ops.Max(x, axes, keepDims), ReduceReference(x, reduce, g => g.Max()));
            TensorAssert.AllClose(Ops.Min(x, axes, keepDims), ReduceReference(x, reduce, g => g.Min()));
            Assert.That(Ops.Max(x, axes, keepDims).Shape, Is.EqualTo(shape));
        });
    }

    [Test]
    public void Reductions_EmptyTensor_SumIsZeroMaxThrows()
    {
        var empty = Tensor.Zeros(new Shape(0, 3));
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(Ops.Sum(empty, 0), [0f, 0f, 0f]);
            Assert.That(() => Ops.Max(empty), Throws.ArgumentException.With.Message.Contains("(0, 3)"));
        });
    }

    [Test]
    public void Reductions_AxisOutOfRange_Throws() =>
        Assert.That(() => Ops.Sum(Tensor.Zeros(new Shape(2, 3)), 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(2, 3)"));

    [Test]
    public void Sum_DoesNotAliasItsInput()
    {
        var x = Tensor.FromArray([1f, 2f]);
        var y = Ops.Sum(x, Array.Empty<int>());
        y.Data[0] = 100f;
        Assert.That(x[0], Is.EqualTo(1f));
    }

    [Test]
    public void Transpose_Rank3_MatchesIndexMapping()
    {
        var x = TestData.Uniform(8, -1, 1, 2, 3, 4);
        var y = Ops.Transpose(x, [2, 0, 1]);
        Assert.That(y.Shape, Is.EqualTo(new Shape(4, 2, 3)));
        var expected = new float[24];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    expected[(i * 2 + j) * 3 + k] = x[j, k, i];
                }
            }
        }
        TensorAssert.AllClose(y, expected, rtol: 0, atol: 0);
        Assert.That(Ops.Transpose(Tensor.FromArray(new float[,] { { 1, 2, 3 } })).ToArray2D(), Is.EqualTo(new float[,] { { 1 }, { 2 }, { 3 } }));
    }

    [TestCase(new[] { 0, 1 })]
    [TestCase(new[] { 0, 0, 1 })]
    [TestCase(new[] { 0, 1, 3 })]
    public void Transpose_InvalidPermutation_Throws(int[] perm) =>
        Assert.That(() => Ops.Transpose(Tensor.Zeros(new Shape(2, 3, 4)), perm), Throws.ArgumentException.With.Message.Contains("(2, 3, 4)"));

    [Test]
    public void SliceRows_CopiesRows()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f], 4, 2);
        var y = Ops.SliceRows(x, 1, 2);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2)));
            Assert.That(y.ToArray(), Is.EqualTo(new[] { 2f, 3f, 4f, 5f }));
            Assert.That(() => Ops.SliceRows(x, 3, 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(4, 2)"));
            Assert.That(() => Ops.SliceRows(x, -1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void SliceRows_ZeroRowsOfEmptyTensor_HasZeroGradient()
    {
        var x = Tensor.Zeros(new Shape(0, 3));
        using var tape = GradientTape.Record();
        var y = Ops.SliceRows(x, 0, 0);
        var g = tape.Gradient(Ops.Sum(y), [x])[0];
        Assert.That(g.Shape, Is.EqualTo(new Shape(0, 3)));
    }

    [Test]
    public void TakeRows_PicksRowsInOrder()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 3, 2);
        var y = Ops.TakeRows(x, [2, 0, 2]);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(3, 2)));
            Assert.That(y.ToArray(), Is.EqualTo(new[] { 4f, 5f, 0f, 1f, 4f, 5f }));
            Assert.That(() => Ops.TakeRows(x, [3]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(3, 2)"));
            Assert.That(() => Ops.TakeRows(x, [-1]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void OneHot_EncodesLastAxis()
    {
        var y = Ops.OneHot(Tensor.FromArray([2, 0, 1]), 3);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(3, 3)));
            Assert.That(y.ToArray(), Is.EqualTo(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }));
            Assert.That(() => Ops.OneHot(Tensor.FromArray([3]), 3), Throws.ArgumentException.With.Message.Contains("[0, 3)"));
            Assert.That(() => Ops.OneHot(Tensor.FromArray([0.5f]), 3), Throws.ArgumentException);
        });
    }

    [Test]
    public void WhereMaximumMinimumCompare_Values()
    {
        var c = Tensor.FromArray([1f, 0f, 1f]);
        var a = Tensor.FromArray([1f, 5f, -2f]);
        var b = Tensor.FromArray([3f, 4f, -2f]);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.Where(c, a, b).ToArray(), Is.EqualTo(new[] { 1f, 4f, -2f }));
            Assert.That(Ops.Where(c, a, Ops.Scalar(0f)).ToArray(), Is.EqualTo(new[] { 1f, 0f, -2f }));
            Assert.That(Ops.Maximum(a, b).ToArray(), Is.EqualTo(new[] { 3f, 5f, -2f }));
            Assert.That(Ops.Minimum(a, b).ToArray(), Is.EqualTo(new[] { 1f, 4f, -2f }));
            Assert.That(Ops.Greater(a, b).ToArray(), Is.EqualTo(new[] { 0f, 1f, 0f }));
            Assert.That(Ops.Equal(a, b).ToArray(), Is.EqualTo(new[] { 0f, 0f, 1f }));
            Assert.That(Ops.Greater(Tensor.FromArray(new float[,] { { 1 }, { 5 } }), a).Shape, Is.EqualTo(new Shape(2, 3)));
        });
    }

    [Test]
    public void Where_WithBroadcastInputs_RecordsOneNode()
    {
        var c = Tensor.FromArray([1f, 0f, 1f]);
        var x = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var y = Ops.Scalar(0f);
        using var tape = GradientTape.Record();
        var r = Ops.Where(c, x, y);
        Assert.Multiple(() =>
        {
            Assert.That(tape.NodeCount, Is.EqualTo(1), "internal broadcasts are not recorded");
            TensorAssert.AllClose(tape.Gradient(r, [x, y])[0], [1f, 0f, 1f, 1f, 0f, 1f]);
            TensorAssert.AllClose(tape.Gradient(r, [x, y])[1], [2f]);
        });
    }

    [Test]
    public void Compare_DoesNotRecord()
    {
        using var tape = GradientTape.Record();
        _ = Ops.Greater(Tensor.FromArray(new float[,] { { 1 }, { 5 } }), Tensor.FromArray([1f, 2f]));
        _ = Ops.Equal(Tensor.FromArray([1f]), Tensor.FromArray([1f, 2f]));
        Assert.That(tape.NodeCount, Is.EqualTo(0));
    }

    [Test]
    public void MatMul_Rank3Left_MatchesReference()
    {
        var a = TestData.Uniform(9, -1, 1, 2, 3, 4);
        var b = TestData.Uniform(10, -1, 1, 4, 5);
        var y = Ops.MatMul(a, b);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 5)));
        var expected = new float[30];
        for (int bt = 0; bt < 2; bt++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 5; j++)
                {
                    double s = 0;
                    for (int p = 0; p < 4; p++)
                    {
                        s += (double)a[bt, i, p] * b[p, j];
                    }
                    expected[(bt * 3 + i) * 5 + j] = (float)s;
                }
            }
        }
        TensorAssert.AllClose(y, expected);
    }

    [Test]
    public void MatMul_Transposes_ShapeOfResult()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ops.MatMul(Tensor.Zeros(new Shape(4, 3)), Tensor.Zeros(new Shape(4, 5)), transposeA: true).Shape, Is.EqualTo(new Shape(3, 5)));
            Assert.That(Ops.MatMul(Tensor.Zeros(new Shape(3, 4)), Tensor.Zeros(new Shape(5, 4)), transposeB: true).Shape, Is.EqualTo(new Shape(3, 5)));
            Assert.That(Ops.MatMul(Tensor.Zeros(new Shape(3, 0)), Tensor.Zeros(new Shape(0, 5))).ToArray(), Is.All.EqualTo(0f));
            Assert.That(Ops.MatMul(Tensor.Zeros(new Shape(2, 3, 0)), Tensor.Zeros(new Shape(0, 5))).Shape, Is.EqualTo(new Shape(2, 3, 5)));
        });
    }

    [Test]
    public void MatMul_IncompatibleShapes_ThrowsNamingShapes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.MatMul(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(4, 5))),
                Throws.ArgumentException.With.Message.Contains("(2, 3)").And.Message.Contains("(4, 5)"));
            Assert.That(() => Ops.MatMul(Tensor.Zeros(new Shape(3)), Tensor.Zeros(new Shape(3, 5))), Throws.ArgumentException.With.Message.Contains("(3,)"));
            Assert.That(() => Ops.MatMul(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(3))), Throws.ArgumentException);
        });
    }

    [Test]
    public void Clip_MinGreaterThanMax_Throws() =>
        Assert.That(() => Ops.Clip(Tensor.Zeros(new Shape(2)), 1f, 0f), Throws.ArgumentException.With.Message.Contains("min=1").And.Message.Contains("max=0"));

    [Test]
    public void BroadcastToAndSumTo_IncompatibleShapes_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.BroadcastTo(Tensor.Zeros(new Shape(2, 3)), new Shape(3)), Throws.ArgumentException.With.Message.Contains("(2, 3)"));
            Assert.That(() => Ops.BroadcastTo(Tensor.Zeros(new Shape(2)), new Shape(3, 3)), Throws.ArgumentException.With.Message.Contains("(2,)"));
            Assert.That(() => Ops.SumTo(Tensor.Zeros(new Shape(2, 3)), new Shape(2)), Throws.ArgumentException.With.Message.Contains("(2, 3)"));
            Assert.That(() => Ops.SumTo(Tensor.Zeros(new Shape(3)), new Shape(2, 3)), Throws.ArgumentException);
        });
    }

    [Test]
    public void BroadcastToAndSumTo_Values()
    {
        var x = Tensor.FromArray([1f, 2f], 2, 1);
        var b = Ops.BroadcastTo(x, new Shape(3, 2, 2));
        Assert.Multiple(() =>
        {
            Assert.That(b.ToArray(), Is.EqualTo(new[] { 1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f, 1f, 1f, 2f, 2f }));
            Assert.That(Ops.SumTo(b, new Shape(2, 1)).ToArray(), Is.EqualTo(new[] { 6f, 12f }));
            Assert.That(Ops.SumTo(b, new Shape(1, 2)).ToArray(), Is.EqualTo(new[] { 9f, 9f }));
            Assert.That(Ops.SumTo(b, Shape.Scalar).Item(), Is.EqualTo(18f));
        });
    }

    [Test]
    public void OpsAndGradients_NeverModifyTheirInputs()
    {
        var a = TestData.Uniform(11, 0.5, 2, 2, 3);
        var b = TestData.Uniform(12, 0.5, 2, 3);
        var w = TestData.Uniform(13, -1, 1, 3, 2);
        var before = (a.ToArray(), b.ToArray(), w.ToArray());
        using (var tape = GradientTape.Record())
        {
            var h = Ops.Add(Ops.Multiply(a, b), Ops.Divide(a, b));
            h = Ops.Reshape(Ops.Transpose(Ops.Reshape(h, new Shape(3, 2))), new Shape(2, 3));
            var logits = Ops.MatMul(Ops.Softmax(Ops.Log(h)), w);
            var loss = Ops.Mean(Ops.Square(Ops.Subtract(Ops.LogSoftmax(logits), Ops.Max(logits, [0], keepDims: true))));
            tape.Gradient(loss, [a, b, w]);
        }
        Assert.Multiple(() =>
        {
            Assert.That(a.ToArray(), Is.EqualTo(before.Item1));
            Assert.That(b.ToArray(), Is.EqualTo(before.Item2));
            Assert.That(w.ToArray(), Is.EqualTo(before.Item3));
        });
    }

    private static readonly Tensor WithNaN = Tensor.FromArray([1f, float.NaN, -2f]);

    public static IEnumerable<TestCaseData> NaNCases()
    {
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Relu, 1).SetArgDisplayNames("relu");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.Clip(x, -1f, 1f)), 1).SetArgDisplayNames("clip");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Sign, 1).SetArgDisplayNames("sign");
        yield return new TestCaseData((Func<Tensor, Tensor>)Ops.Abs, 1).SetArgDisplayNames("abs");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.Maximum(x, Ops.Scalar(0f))), 1).SetArgDisplayNames("maximum");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.Sum(x)), 0).SetArgDisplayNames("sum");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.Max(x)), 0).SetArgDisplayNames("max");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.Softmax(x)), 0).SetArgDisplayNames("softmax");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.LogSumExp(x)), 0).SetArgDisplayNames("logsumexp");
        yield return new TestCaseData((Func<Tensor, Tensor>)(x => Ops.MatMul(Ops.Reshape(x, new Shape(1, 3)), Tensor.Zeros(new Shape(3, 1)))), 0)
            .SetArgDisplayNames("matmul with zero weights");
    }

    [TestCaseSource(nameof(NaNCases))]
    public void Op_NaNInput_GivesNaN(Func<Tensor, Tensor> op, int index) =>
        Assert.That(float.IsNaN(op(WithNaN).Span[index]), Is.True, $"got {op(WithNaN)}");
}
