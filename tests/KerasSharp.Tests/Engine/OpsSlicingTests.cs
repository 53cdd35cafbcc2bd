using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

public class OpsSlicingTests
{
    /// <summary>0, 1, 2, … as a tensor of the given shape.</summary>
    private static Tensor Iota(params int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (float)i).ToArray(), shape);

    private static Tensor Random(int seed, params int[] shape)
    {
        var rng = new Rng(seed);
        return Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => rng.Uniform(-1f, 1f)).ToArray(), shape);
    }

    [Test]
    public void Slice_MiddleAxis_CopiesTheRange()
    {
        var y = Ops.Slice(Iota(2, 4, 3), axis: 1, start: 1, length: 2);
        Assert.That(y.Shape, Is.EqualTo(new Shape(2, 2, 3)));
        TensorAssert.AllClose(y, [3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20], 0, 0);
    }

    [Test]
    public void Slice_NegativeAxisOutOfRange_Throws()
    {
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(Ops.Slice(Iota(2, 3), axis: -1, start: 2, length: 1), [2, 5], 0, 0);
            Assert.That(() => Ops.Slice(Iota(2, 3), axis: -1, start: 2, length: 2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(2, 3)"));
        });
    }

    [Test]
    public void Split_LastAxis_GivesEqualBlocks()
    {
        var parts = Ops.Split(Iota(2, 6), 3, axis: -1);
        Assert.Multiple(() =>
        {
            Assert.That(parts, Has.Length.EqualTo(3));
            TensorAssert.AllClose(parts[0], [0, 1, 6, 7], 0, 0);
            TensorAssert.AllClose(parts[1], [2, 3, 8, 9], 0, 0);
            TensorAssert.AllClose(parts[2], [4, 5, 10, 11], 0, 0);
            Assert.That(parts[2].Shape, Is.EqualTo(new Shape(2, 2)));
            Assert.That(() => Ops.Split(Iota(2, 6), 4, axis: 1), Throws.ArgumentException.With.Message.Contains("4 equal sections"));
        });
    }

    [Test]
    public void Split_Indices_GivesUnequalBlocks()
    {
        var parts = Ops.Split(Iota(2, 5), [2, 4], axis: 1);
        Assert.Multiple(() =>
        {
            Assert.That(parts.Select(p => p.Shape), Is.EqualTo(new[] { new Shape(2, 2), new Shape(2, 2), new Shape(2, 1) }));
            TensorAssert.AllClose(parts[2], [4, 9], 0, 0);
            Assert.That(() => Ops.Split(Iota(2, 5), [3, 2], axis: 1), Throws.ArgumentException.With.Message.Contains("ascending"));
        });
    }

    [Test]
    public void Unstack_Axis1_DropsTheAxis()
    {
        var steps = Ops.Unstack(Iota(2, 3, 2), axis: 1);
        Assert.Multiple(() =>
        {
            Assert.That(steps, Has.Length.EqualTo(3));
            Assert.That(steps[1].Shape, Is.EqualTo(new Shape(2, 2)));
            TensorAssert.AllClose(steps[1], [2, 3, 8, 9], 0, 0);
        });
    }

    [Test]
    public void Concatenate_And_Stack_JoinAlongAxis()
    {
        var a = Iota(2, 2);
        var b = Tensor.FromArray([10f, 11f, 12f, 13f, 14f, 15f], 2, 3);
        var c = Ops.Concatenate([a, b], axis: 1);
        var s = Ops.Stack([a, Tensor.FromArray([10f, 11f, 12f, 13f], 2, 2)], axis: 1);
        Assert.Multiple(() =>
        {
            Assert.That(c.Shape, Is.EqualTo(new Shape(2, 5)));
            TensorAssert.AllClose(c, [0, 1, 10, 11, 12, 2, 3, 13, 14, 15], 0, 0);
            Assert.That(s.Shape, Is.EqualTo(new Shape(2, 2, 2)));
            TensorAssert.AllClose(s, [0, 1, 10, 11, 2, 3, 12, 13], 0, 0);
            TensorAssert.AllClose(Ops.Stack([a, a], axis: -1), [0, 0, 1, 1, 2, 2, 3, 3], 0, 0);
            Assert.That(() => Ops.Concatenate([a, Iota(3, 2)], axis: 1), Throws.ArgumentException.With.Message.Contains("index 1 has shape (3, 2)"));
            Assert.That(() => Ops.Stack([a, b], axis: 0), Throws.ArgumentException.With.Message.Contains("same shape"));
            Assert.That(() => Ops.Concatenate([], axis: 0), Throws.ArgumentException);
        });
    }

    [Test]
    public void Gradients_OfAllSlicingOps_MatchFiniteDifferences()
    {
        GradientChecker.Check(xs => Ops.Slice(xs[0], 1, 1, 2), [Random(1, 2, 4, 3)]);
        GradientChecker.Check(xs => Ops.Concatenate([xs[0], xs[1]], -1), [Random(2, 2, 3), Random(3, 2, 1)]);
        GradientChecker.Check(xs => Ops.Stack([xs[0], xs[1], xs[0]], 1), [Random(4, 2, 3), Random(5, 2, 3)]);
        // pieces used in a nonlinear mix, one piece unused: its region must get a zero gradient
        GradientChecker.Check(xs =>
        {
            var p = Ops.Split(xs[0], 4, axis: -1);
            return Ops.Add(Ops.Multiply(p[0], Ops.Tanh(p[3])), Ops.Square(p[1]));
        }, [Random(6, 3, 8)]);
        GradientChecker.Check(xs =>
        {
            var steps = Ops.Unstack(xs[0], axis: 1);
            return Ops.Stack([Ops.Multiply(steps[2], steps[0]), steps[1]], axis: 0);
        }, [Random(7, 2, 3, 2)]);
    }

    [Test]
    public void Split_GradientTwiceOnOneTape_GivesTheSameResult()
    {
        var x = Random(8, 2, 6);
        using var tape = GradientTape.Record();
        var p = Ops.Split(x, 3, axis: 1);
        var loss = Ops.Sum(Ops.Add(Ops.Multiply(p[0], p[2]), p[1]));
        var first = tape.Gradient(loss, [x])[0].ToArray();
        var second = tape.Gradient(loss, [x])[0].ToArray();
        var xs = x.ToArray();
        var expected = new float[12];
        for (int r = 0; r < 2; r++)
        {
            for (int j = 0; j < 2; j++)
            {
                expected[r * 6 + j] = xs[r * 6 + 4 + j];
                expected[r * 6 + 2 + j] = 1f;
                expected[r * 6 + 4 + j] = xs[r * 6 + j];
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(expected));
            Assert.That(second, Is.EqualTo(expected));
        });
    }

    [Test]
    public void Split_NoTape_RecordsNothingAndReturnsCopies()
    {
        var x = Iota(2, 2);
        var parts = Ops.Unstack(x, axis: 0);
        Assert.That(parts[0].ToArray(), Is.EqualTo(new float[] { 0, 1 }));
    }

    [Test]
    public void Flip_MiddleAxis_ReversesTheSteps()
    {
        var y = Ops.Flip(Iota(2, 3, 2), axis: 1);
        Assert.Multiple(() =>
        {
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 3, 2)));
            TensorAssert.AllClose(y, [4, 5, 2, 3, 0, 1, 10, 11, 8, 9, 6, 7], 0, 0);
            TensorAssert.AllClose(Ops.Flip(Iota(2, 3), axis: -1), [2, 1, 0, 5, 4, 3], 0, 0);
            TensorAssert.AllClose(Ops.Flip(Ops.Flip(Iota(3, 4, 2), axis: 0), axis: 0), Iota(3, 4, 2), 0, 0);
        });
    }

    [Test]
    public void Flip_Gradient_MatchesFiniteDifferences() =>
        GradientChecker.Check(xs => Ops.Multiply(Ops.Flip(xs[0], axis: 1), xs[0]), [Random(3, 2, 4, 3)]);
}
