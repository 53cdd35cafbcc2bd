using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

public class GradientTapeTests
{
    [Test]
    public void Gradient_FanOut_AccumulatesEveryUse()
    {
        // y = x·x + x, dy/dx = 2x + 1
        var x = Tensor.FromArray([1f, -2f, 0.5f]);
        using var tape = GradientTape.Record();
        var y = Ops.Add(Ops.Multiply(x, x), x);
        var g = tape.Gradient(y, [x])[0];
        TensorAssert.AllClose(g, [3f, -3f, 2f]);
    }

    [Test]
    public void Gradient_SameIntermediateUsedInTwoBranches_Accumulates()
    {
        // h = 2x; loss = Σ (h² + 3h) = Σ (4x² + 6x), d/dx = 8x + 6
        var x = Tensor.FromArray([1f, -1f]);
        using var tape = GradientTape.Record();
        var h = Ops.Multiply(x, Ops.Scalar(2f));
        var loss = Ops.Sum(Ops.Add(Ops.Square(h), Ops.Multiply(h, Ops.Scalar(3f))));
        TensorAssert.AllClose(tape.Gradient(loss, [x])[0], [14f, -2f]);
    }

    [Test]
    public void Gradient_SourceNotUsed_GetsZerosOfItsShape()
    {
        var x = Tensor.FromArray([1f, 2f]);
        var unused = Tensor.Ones(new Shape(2, 3));
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Square(x));
        var grads = tape.Gradient(loss, [x, unused]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], [2f, 4f]);
            Assert.That(grads[1].Shape, Is.EqualTo(new Shape(2, 3)));
            Assert.That(grads[1].ToArray(), Is.All.EqualTo(0f));
        });
    }

    [Test]
    public void Gradient_TargetNotDependingOnAnySource_IsZeros()
    {
        var x = Tensor.FromArray([1f, 2f]);
        var other = Tensor.FromArray([3f]);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Square(other));
        Assert.That(tape.Gradient(loss, [x])[0].ToArray(), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void Ops_WithoutTape_WorkAndRecordNothing()
    {
        Assert.That(GradientTape.IsRecording, Is.False);
        var x = Tensor.FromArray([1f, 2f]);
        var loss = Ops.Sum(Ops.Square(x));
        Assert.That(loss.Item(), Is.EqualTo(5f));
        using var tape = GradientTape.Record();
        Assert.Multiple(() =>
        {
            Assert.That(GradientTape.IsRecording, Is.True);
            Assert.That(tape.NodeCount, Is.EqualTo(0), "ops run before the tape started are not on it");
            Assert.That(tape.Gradient(loss, [x])[0].ToArray(), Is.EqualTo(new[] { 0f, 0f }));
        });
    }

    [Test]
    public void NestedTapes_OuterSeesOpsRunInsideInner_InnerDoesNotSeeEarlierOps()
    {
        var x = Tensor.FromArray([1f, 2f]);
        using var outer = GradientTape.Record();
        var y = Ops.Square(x);                       // y = x²
        Tensor z, innerGradY, innerGradX;
        using (var inner = GradientTape.Record())
        {
            z = Ops.Sum(Ops.Square(y));              // z = Σ x⁴
            var g = inner.Gradient(z, [y, x]);
            innerGradY = g[0];
            innerGradX = g[1];
        }
        var outerGradX = outer.Gradient(z, [x])[0];
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(innerGradY, [2f, 8f]);              // 2y
            Assert.That(innerGradX.ToArray(), Is.EqualTo(new[] { 0f, 0f }), "x -> y happened before the inner tape started");
            TensorAssert.AllClose(outerGradX, [4f, 32f]);             // 4x³
        });
    }

    [Test]
    public void Dispose_InnerTape_RestoresOuterTape()
    {
        var x = Tensor.FromArray([3f]);
        using var outer = GradientTape.Record();
        using (GradientTape.Record())
        {
            Assert.That(GradientTape.IsRecording, Is.True);
        }
        Assert.That(GradientTape.IsRecording, Is.True, "the outer tape records again after the inner one is disposed");
        int before = outer.NodeCount;
        var loss = Ops.Multiply(x, x);
        Assert.Multiple(() =>
        {
            Assert.That(outer.NodeCount, Is.EqualTo(before + 1));
            TensorAssert.AllClose(outer.Gradient(loss, [x])[0], [6f]);
        });
    }

    [Test]
    public void Dispose_LastTape_StopsRecording()
    {
        var tape = GradientTape.Record();
        tape.Dispose();
        Assert.That(GradientTape.IsRecording, Is.False);
        tape.Dispose(); // idempotent
        Assert.That(GradientTape.IsRecording, Is.False);
    }

    [Test]
    public void Dispose_OuterBeforeInner_LeavesNoTapeRecording()
    {
        var outer = GradientTape.Record();
        var inner = GradientTape.Record();
        outer.Dispose();
        var x = Tensor.FromArray([1f]);
        _ = Ops.Exp(x);
        Assert.That(inner.NodeCount, Is.EqualTo(1), "the inner tape still records");
        inner.Dispose();
        Assert.That(GradientTape.IsRecording, Is.False);
    }

    [Test]
    public void Gradient_AfterDispose_ThrowsObjectDisposedException()
    {
        var x = Tensor.FromArray([1f]);
        Tensor loss;
        GradientTape tape;
        using (tape = GradientTape.Record())
        {
            loss = Ops.Square(x);
        }
        var ex = Assert.Throws<ObjectDisposedException>(() => tape.Gradient(loss, [x]));
        Assert.That(ex!.Message, Does.Contain("Gradient()"));
    }

    [Test]
    public void StopGradient_BlocksGradient()
    {
        // loss = Σ x · stop(x): d/dx = stop(x) = x, not 2x
        var x = Tensor.FromArray([1f, -3f]);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Multiply(x, Ops.StopGradient(x)));
        TensorAssert.AllClose(tape.Gradient(loss, [x])[0], [1f, -3f]);
    }

    [Test]
    public void StopRecording_OpsInside_AreNotRecorded()
    {
        var x = Tensor.FromArray([2f]);
        using var tape = GradientTape.Record();
        Tensor hidden = null!;
        tape.StopRecording(() =>
        {
            Assert.That(GradientTape.IsRecording, Is.False);
            hidden = Ops.Square(x);
        });
        Assert.That(GradientTape.IsRecording, Is.True);
        var loss = Ops.Add(hidden, x);
        TensorAssert.AllClose(tape.Gradient(loss, [x])[0], [1f]);
    }

    [Test]
    public void StopRecording_OnInnerTape_OuterKeepsRecording()
    {
        var x = Tensor.FromArray([2f]);
        using var outer = GradientTape.Record();
        using var inner = GradientTape.Record();
        Tensor y = null!;
        inner.StopRecording(() => y = Ops.Square(x));
        Assert.Multiple(() =>
        {
            Assert.That(inner.NodeCount, Is.EqualTo(0));
            Assert.That(outer.NodeCount, Is.EqualTo(1));
            TensorAssert.AllClose(outer.Gradient(y, [x])[0], [4f]);
            Assert.That(inner.Gradient(y, [x])[0].ToArray(), Is.EqualTo(new[] { 0f }));
        });
    }

    [Test]
    public void Gradient_WithRespectToIntermediate_IsUpstreamGradient()
    {
        // y = 3x, loss = Σ y², dloss/dy = 2y
        var x = Tensor.FromArray([1f, 2f]);
        using var tape = GradientTape.Record();
        var y = Ops.Multiply(x, Ops.Scalar(3f));
        var loss = Ops.Sum(Ops.Square(y));
        var grads = tape.Gradient(loss, [y, x]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], [6f, 12f]);
            TensorAssert.AllClose(grads[1], [18f, 36f]);
        });
    }

    [Test]
    public void Gradient_NonScalarTarget_IsGradientOfItsSum()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]);
        using var tape = GradientTape.Record();
        var y = Ops.Square(x);
        TensorAssert.AllClose(tape.Gradient(y, [x])[0], [2f, 4f, 6f]);
    }

    [Test]
    public void Gradient_TargetIsSource_IsOnes()
    {
        var x = Tensor.FromArray([1f, 2f], 1, 2);
        using var tape = GradientTape.Record();
        var g = tape.Gradient(x, [x])[0];
        Assert.That(g.Shape, Is.EqualTo(x.Shape));
        Assert.That(g.ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void Gradient_BroadcastBias_IsSummedToBiasShape()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var bias = new Variable(Tensor.FromArray([0.1f, 0.2f, 0.3f]), "bias");
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Add(x, bias));
        var g = tape.Gradient(loss, [bias])[0];
        Assert.That(g.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(g, [2f, 2f, 2f]);
    }

    [Test]
    public void Gradient_Variables_UsesTheirValues()
    {
        var w = new Variable(Tensor.FromArray([1f, 2f, -3f]), "w");
        var b = new Variable(Tensor.Scalar(0.5f), "b");
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Multiply(Ops.Square(w), b));
        var grads = tape.Gradient(loss, [w, b]);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(grads[0], [1f, 2f, -3f]);   // 2·w·b
            TensorAssert.AllClose(grads[1], [14f]);           // Σ w²
            Assert.That(grads[1].Shape, Is.EqualTo(Shape.Scalar));
        });
    }

    [Test]
    public void Gradient_ReturnedTensors_NeverShareBuffers()
    {
        // Add's backward hands the same tensor to both inputs, and Reshape shares buffers: the results must still be
        // independent, so in-place clipping of one gradient cannot change another.
        var a = Tensor.FromArray([1f, 2f]);
        var b = Tensor.FromArray([3f, 4f]);
        var c = Tensor.FromArray([5f, 6f], 2, 1);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Add(Ops.Add(a, b), Ops.Reshape(c, new Shape(2))));
        var grads = tape.Gradient(loss, [a, b, c, a]);
        grads[0].Data[0] = 100f;
        grads[2].Data[1] = 200f;
        Assert.Multiple(() =>
        {
            Assert.That(grads[1].ToArray(), Is.EqualTo(new[] { 1f, 1f }));
            Assert.That(grads[3].ToArray(), Is.EqualTo(new[] { 1f, 1f }));
            Assert.That(grads[2].ToArray(), Is.EqualTo(new[] { 1f, 200f }));
        });
    }

    [Test]
    public void Gradient_CalledTwice_GivesSameResultAndRecordsNothing()
    {
        var x = Tensor.FromArray([0.5f, 1.5f]);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Tanh(Ops.Multiply(x, x)));
        int nodes = tape.NodeCount;
        var first = tape.Gradient(loss, [x])[0];
        var second = tape.Gradient(loss, [x])[0];
        Assert.Multiple(() =>
        {
            Assert.That(second.ToArray(), Is.EqualTo(first.ToArray()));
            Assert.That(tape.NodeCount, Is.EqualTo(nodes), "the backward pass is not recorded");
            Assert.That(GradientTape.IsRecording, Is.True, "recording resumes after Gradient");
        });
    }

    [Test]
    public void Record_IsPerThread()
    {
        using var tape = GradientTape.Record();
        bool otherThreadRecording = Task.Run(() => GradientTape.IsRecording).Result;
        Assert.That(otherThreadRecording, Is.False);
    }

    [Test]
    public void NonDifferentiableOps_GiveZeroGradient()
    {
        var x = Tensor.FromArray([1f, -2f]);
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Add(Ops.Sign(x), Ops.Greater(x, Ops.Scalar(0f))));
        Assert.That(tape.Gradient(loss, [x])[0].ToArray(), Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void Gradient_MaxWithTies_SplitsEqually()
    {
        // TensorFlow's reduce_max gradient splits equally among tied maxima, and so does this engine.
        var x = Tensor.FromArray([2f, 5f, 5f, 1f]);
        using var tape = GradientTape.Record();
        var m = Ops.Max(x);
        TensorAssert.AllClose(tape.Gradient(m, [x])[0], [0f, 0.5f, 0.5f, 0f]);
    }

    [Test]
    public void Gradient_ReluAtZero_IsZero()
    {
        var x = Tensor.FromArray([0f, 1f, -1f]);
        using var tape = GradientTape.Record();
        TensorAssert.AllClose(tape.Gradient(Ops.Relu(x), [x])[0], [0f, 1f, 0f]);
    }

    [Test]
    public void Gradient_ClipAtBounds_PassesGradient()
    {
        // TensorFlow's clip_by_value passes the gradient where min <= x <= max (bounds included)
        var x = Tensor.FromArray([-1f, -0.5f, 0f, 0.5f, 1f]);
        using var tape = GradientTape.Record();
        TensorAssert.AllClose(tape.Gradient(Ops.Clip(x, -0.5f, 0.5f), [x])[0], [0f, 1f, 1f, 1f, 0f]);
    }
}
