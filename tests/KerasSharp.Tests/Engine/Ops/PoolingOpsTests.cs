using KerasSharp.Engine;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Engine.TestData;

// Namespace KerasSharp.Tests.Engine: a namespace named …Engine.Ops would hide the Ops class in the engine tests.
namespace KerasSharp.Tests.Engine;

public class PoolingOpsTests
{
    private static readonly object[] Configs =
    [
        new object[] { 2, 6, 6, 3, 2, 2, 2, 2, "valid" },
        new object[] { 2, 7, 5, 2, 2, 2, 2, 2, "valid" },
        new object[] { 1, 7, 5, 2, 2, 2, 2, 2, "same" },
        new object[] { 2, 6, 7, 3, 3, 3, 2, 2, "same" },
        new object[] { 1, 5, 5, 2, 3, 3, 1, 1, "same" },
        new object[] { 1, 5, 6, 1, 3, 2, 1, 2, "valid" },
        new object[] { 2, 4, 4, 4, 1, 1, 3, 3, "valid" },
        new object[] { 1, 9, 9, 2, 2, 3, 3, 2, "same" },
        // channels ≥ the SIMD width, with a scalar tail: the vector path of the max backward
        new object[] { 1, 4, 5, 11, 2, 2, 2, 2, "same" },
        new object[] { 2, 4, 4, 17, 3, 3, 1, 1, "valid" },
    ];

    [TestCaseSource(nameof(Configs))]
    public void MaxPool_2D_MatchesDirectLoops(int n, int h, int w, int c, int ph, int pw, int sh, int sw, string padding)
    {
        var x = Uniform(1, -1, 1, n, h, w, c);
        var expected = ConvReference.Pool2D(x, ph, pw, sh, sw, padding, max: true, out var shape);
        var y = Ops.MaxPool(x, [ph, pw], [sh, sw], padding);
        Assert.That(y.Shape, Is.EqualTo(shape));
        TensorAssert.AllClose(y, expected.ToFloats(), 0, 0);
    }

    [TestCaseSource(nameof(Configs))]
    public void AveragePool_2D_MatchesDirectLoops(int n, int h, int w, int c, int ph, int pw, int sh, int sw, string padding)
    {
        var x = Uniform(2, -1, 1, n, h, w, c);
        var expected = ConvReference.Pool2D(x, ph, pw, sh, sw, padding, max: false, out var shape);
        var y = Ops.AveragePool(x, [ph, pw], [sh, sw], padding);
        Assert.That(y.Shape, Is.EqualTo(shape));
        TensorAssert.AllClose(y, expected.ToFloats(), 1e-5, 1e-6);
    }

    [TestCaseSource(nameof(Configs))]
    public void MaxPool_2D_GradientsMatchCentralDifferences(int n, int h, int w, int c, int ph, int pw, int sh, int sw, string padding) =>
        // distinct values 0.05 apart: no tie within the finite-difference step
        GradientChecker.Check(xs => Ops.MaxPool(xs[0], [ph, pw], [sh, sw], padding), [Distinct(3, 0.05, n, h, w, c)], eps: 1e-2);

    [TestCaseSource(nameof(Configs))]
    public void AveragePool_2D_GradientsMatchCentralDifferences(int n, int h, int w, int c, int ph, int pw, int sh, int sw, string padding) =>
        GradientChecker.Check(xs => Ops.AveragePool(xs[0], [ph, pw], [sh, sw], padding), [Uniform(4, -1, 1, n, h, w, c)]);

    [Test]
    public void AveragePool_Same_ExcludesPaddingFromTheMean()
    {
        // TensorFlow: avg_pool([[1,2,3],[4,5,6],[7,8,9]], 2x2, stride 2, SAME) = [[3, 4.5], [7.5, 9]] (pads 1 after each axis)
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], 1, 3, 3, 1);
        var y = Ops.AveragePool(x, [2, 2], null, "same");
        Assert.That(y.Shape, Is.EqualTo(new Shape(1, 2, 2, 1)));
        TensorAssert.AllClose(y, [3f, 4.5f, 7.5f, 9f], 0, 0);
    }

    [Test]
    public void MaxPool_Ties_GradientGoesToTheFirstMaximum()
    {
        // one 2x2 window holding [[5, 5], [5, 1]]: row-major scan picks (0, 0)
        var x = Tensor.FromArray([5f, 5f, 5f, 1f], 1, 2, 2, 1);
        Tensor grad;
        using (var tape = GradientTape.Record())
        {
            var y = Ops.MaxPool(x, [2, 2]);
            grad = tape.Gradient(Ops.Multiply(y, Tensor.Scalar(3f)), [x])[0];
        }
        TensorAssert.AllClose(grad, [3f, 0f, 0f, 0f], 0, 0);
    }

    [Test]
    public void MaxPool_NaN_PropagatesAndTakesTheGradient()
    {
        // 16 channels (vector path) where channel 3 holds NaN at window position 1
        var values = new float[2 * 16];
        values[16 + 3] = float.NaN;
        values[5] = 1f;
        var x = Tensor.FromArray(values, 1, 2, 16);
        Tensor y, grad;
        using (var tape = GradientTape.Record())
        {
            y = Ops.MaxPool(x, [2]);
            grad = tape.Gradient(Ops.Sum(y), [x])[0];
        }
        Assert.Multiple(() =>
        {
            Assert.That(float.IsNaN(y.Span[3]), Is.True, "NaN propagates through the max");
            Assert.That(grad.Span[16 + 3], Is.EqualTo(1f), "the NaN position takes the gradient");
            Assert.That(grad.Span[3], Is.EqualTo(0f));
            Assert.That(grad.Span[5], Is.EqualTo(1f));
            Assert.That(grad.Span[0], Is.EqualTo(1f), "ties of zeros: the first position");
            Assert.That(grad.Span[16], Is.EqualTo(0f));
        });
    }

    [Test]
    public void MaxPool_OverlappingWindows_AccumulateGradients()
    {
        // 1D [1, 9, 2] with pool 2 stride 1: both windows pick the 9
        var x = Tensor.FromArray([1f, 9f, 2f], 1, 3, 1);
        Tensor grad;
        using (var tape = GradientTape.Record())
        {
            grad = tape.Gradient(Ops.Sum(Ops.MaxPool(x, [2], [1])), [x])[0];
        }
        TensorAssert.AllClose(grad, [0f, 2f, 0f], 0, 0);
    }

    [Test]
    public void MaxPool_NegativeValuesWithSamePadding_PaddingNeverWins()
    {
        var x = Tensor.FromArray([-3f, -2f, -5f], 1, 3, 1);
        var y = Ops.MaxPool(x, [2], null, "same");   // windows [-3, -2] and [-5, pad]
        TensorAssert.AllClose(y, [-2f, -5f], 0, 0);
    }

    [TestCase(9, 2, 2, "valid")]
    [TestCase(9, 3, 2, "same")]
    [TestCase(8, 3, 1, "same")]
    [TestCase(8, 4, 3, "valid")]
    public void Pool_1D_MatchesTheTwoDReferenceWithHeightOne(int steps, int pool, int stride, string padding)
    {
        var x = Uniform(5, -1, 1, 2, steps, 3);
        var x4 = Tensor.FromArray(x.ToArray(), 2, 1, steps, 3);
        var maxRef = ConvReference.Pool2D(x4, 1, pool, 1, stride, padding, max: true, out var shape);
        var avgRef = ConvReference.Pool2D(x4, 1, pool, 1, stride, padding, max: false, out _);
        var max = Ops.MaxPool(x, [pool], [stride], padding);
        var avg = Ops.AveragePool(x, [pool], [stride], padding);
        Assert.That(max.Shape, Is.EqualTo(new Shape(2, shape[2], 3)));
        TensorAssert.AllClose(max, maxRef.ToFloats(), 0, 0);
        TensorAssert.AllClose(avg, avgRef.ToFloats(), 1e-5, 1e-6);
        GradientChecker.Check(xs => Ops.MaxPool(xs[0], [pool], [stride], padding), [Distinct(6, 0.05, 2, steps, 3)]);
        GradientChecker.Check(xs => Ops.AveragePool(xs[0], [pool], [stride], padding), [x]);
    }

    [Test]
    public void MaxPool_PoolLargerThanInput_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MaxPool(Tensor.Zeros(new Shape(1, 2, 2, 1)), [3, 3]));
        Assert.That(ex!.Message, Does.Contain("Computed output size would be zero or negative. Received: `inputs.shape=(1, 2, 2, 1)`, `pool_size=(3, 3)`, `strides=(3, 3)`, `padding=valid`."));
    }

    [Test]
    public void Pool_BadArguments_Throw()
    {
        var x = Tensor.Zeros(new Shape(1, 4, 4, 1));
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.MaxPool(x, [2, 2], padding: "causal"), Throws.ArgumentException.With.Message.Contains("{'valid', 'same'}"));
            Assert.That(() => Ops.AveragePool(x, [0, 2]), Throws.ArgumentException.With.Message.Contains("The `pool_size` argument must be a tuple of 2 integers"));
            Assert.That(() => Ops.MaxPool(Tensor.Zeros(new Shape(4, 4)), [2]), Throws.ArgumentException.With.Message.Contains("rank 3"));
        });
    }
}
