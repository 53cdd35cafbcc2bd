using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Layers;

/// <summary>The fused normalization and gather ops behind the layers: values, numeric gradient checks, no kernel allocation.</summary>
public class NormalizationOpsTests
{
    private static Tensor T(int seed, params int[] shape) =>
        Tensor.FromArray(NormReference.Values(new Shape(shape).Size, seed), shape);

    [Test]
    public void BatchNormTraining_ReturnsBatchMomentsAndNormalizedValues()
    {
        var x = T(1, 4, 3, 5);
        var y = Ops.BatchNormTraining(x, null, null, 1, 1e-3f, out var mean, out var variance);
        var (m, v) = NormReference.ChannelMoments(x.ToArray(), 4, 3, 5);
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(mean, m.Select(d => (float)d).ToArray());
            TensorAssert.AllClose(variance, v.Select(d => (float)d).ToArray());
            TensorAssert.AllClose(y, NormReference.ChannelNormalize(x.ToArray(), 4, 3, 5, m, v, null, null, 1e-3), 1e-5, 1e-5);
        });
    }

    [TestCase(-1)]
    [TestCase(1)]
    [TestCase(0)]
    public void BatchNormTraining_Gradients_MatchNumeric(int axis)
    {
        var x = T(2, 5, 3, 2);
        int c = x.Shape[axis < 0 ? axis + 3 : axis];
        GradientChecker.Check(xs => Ops.BatchNormTraining(xs[0], xs[1], xs[2], axis, 1e-3f, out _, out _),
            [x, T(3, c), T(4, c)]);
    }

    [Test]
    public void BatchNormTraining_WithoutGammaAndBeta_GradientMatchesNumeric() =>
        GradientChecker.Check(xs => Ops.BatchNormTraining(xs[0], null, null, -1, 1e-3f, out _, out _), [T(5, 6, 4)]);

    [Test]
    public void BatchNormalization_Inference_GradientsForAllInputs_MatchNumeric()
    {
        var variance = Tensor.FromArray([0.5f, 1.5f, 2f]);
        GradientChecker.Check(xs => Ops.BatchNormalization(xs[0], xs[1], xs[2], 1, xs[3], xs[4], 1e-3f),
            [T(6, 2, 3, 4), T(7, 3), variance, T(8, 3), T(9, 3)]);
    }

    [TestCase(new[] { -1 }, 6, 5, 1)]
    [TestCase(new[] { 1 }, 2, 3, 5)]
    [TestCase(new[] { 2, 1 }, 2, 15, 1)]
    public void LayerNormalization_AdjacentAxes_MatchesReference(int[] axes, int outer, int n, int inner)
    {
        var x = T(10, 2, 3, 5);
        var gamma = NormReference.Values(n, 11);
        var beta = NormReference.Values(n, 12);
        var y = Ops.LayerNormalization(x, Tensor.FromArray(gamma), Tensor.FromArray(beta), axes, 1e-3f);
        TensorAssert.AllClose(y, NormReference.LineNormalize(x.ToArray(), outer, n, inner, gamma, beta, 1e-3), 1e-5, 1e-5);
    }

    [Test]
    public void LayerNormalization_NonAdjacentAxes_MatchesReference()
    {
        // axes 0 and 2 of (3, 2, 4): move axis 1 to the front, normalize the 12 remaining values per index of it.
        var x = T(13, 3, 2, 4);
        var y = Ops.LayerNormalization(x, null, null, [0, 2], 1e-3f);
        var xt = Ops.Transpose(x, [1, 0, 2]).ToArray();
        var expected = Ops.Transpose(Tensor.FromArray(NormReference.LineNormalize(xt, 2, 12, 1, null, null, 1e-3), 2, 3, 4), [1, 0, 2]);
        TensorAssert.AllClose(y, expected, 1e-5, 1e-5);
    }

    [Test]
    public void LayerNormalization_RmsScaling_MatchesReference()
    {
        var x = T(14, 4, 6);
        var gamma = NormReference.Values(6, 15);
        var y = Ops.LayerNormalization(x, Tensor.FromArray(gamma), null, [-1], 1e-3f, rmsScaling: true);
        TensorAssert.AllClose(y, NormReference.LineNormalize(x.ToArray(), 4, 6, 1, gamma, null, 1e-3, rms: true), 1e-5, 1e-5);
    }

    [TestCase(new[] { -1 }, new[] { 5 }, false)]
    [TestCase(new[] { 1 }, new[] { 3 }, false)]
    [TestCase(new[] { 1, 2 }, new[] { 3, 5 }, false)]
    [TestCase(new[] { 0, 2 }, new[] { 2, 5 }, false)]
    [TestCase(new[] { -1 }, new[] { 5 }, true)]
    public void LayerNormalization_Gradients_MatchNumeric(int[] axes, int[] paramShape, bool rms)
    {
        var x = T(16, 2, 3, 5);
        if (rms)
        {
            GradientChecker.Check(xs => Ops.LayerNormalization(xs[0], xs[1], null, axes, 1e-3f, rmsScaling: true), [x, T(17, paramShape)]);
            return;
        }
        GradientChecker.Check(xs => Ops.LayerNormalization(xs[0], xs[1], xs[2], axes, 1e-3f), [x, T(17, paramShape), T(18, paramShape)]);
    }

    [Test]
    public void Take_GradientWithRepeatedIds_MatchesNumeric()
    {
        var ids = Tensor.FromArray([1f, 3f, 1f, 0f, 1f, 3f], 2, 3);
        GradientChecker.Check(xs => Ops.Take(xs[0], ids), [T(19, 4, 2)]);
    }

    [Test]
    public void Take_IndexOutOfRange_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Take(T(20, 4, 2), Tensor.FromArray([0f, 4f])));
        Assert.That(ex!.Message, Does.Contain("index 4").And.Contain("[0, 4)"));
    }

    [Test]
    public void Kernels_DoNotAllocate()
    {
        var x = NormReference.Values(4 * 3 * 5, 21);
        var g = NormReference.Values(4 * 3 * 5, 22);
        var y = new float[x.Length];
        var sums = new double[6];
        float[] c3 = [0.1f, 0.2f, 0.3f], s3 = [1f, 2f, 3f], d3 = new float[3], e3 = new float[3];
        float[] c5 = [1f, 2f, 3f, 4f, 5f], d5 = new float[5], e5 = new float[5], m15 = new float[15], s15 = new float[15];
        int[] ids = [0, 2, 1];
        Assert.Multiple(() =>
        {
            Assert.That(Measure(() => NormalizationKernels.ChannelMoments(x, 4, 3, 5, sums, d3, e3)), Is.Zero, "ChannelMoments");
            Assert.That(Measure(() => NormalizationKernels.ChannelAffine(x, 20, 3, 1, c3, s3, c3, y)), Is.Zero, "ChannelAffine rows");
            Assert.That(Measure(() => NormalizationKernels.ChannelAffine(x, 4, 3, 5, c3, s3, c3, y)), Is.Zero, "ChannelAffine runs");
            Assert.That(Measure(() => NormalizationKernels.ChannelNormBackward(x, g, 4, 3, 5, c3, s3, s3, sums, d3, e3, y)), Is.Zero, "ChannelNormBackward");
            Assert.That(Measure(() => NormalizationKernels.LineNormForward(x, 12, 5, 1, c5, c5, 1e-3f, y, m15, s15)), Is.Zero, "LineNormForward");
            Assert.That(Measure(() => NormalizationKernels.LineNormBackward(x, g, 12, 5, 1, c5, m15, s15, d5, e5, y)), Is.Zero, "LineNormBackward");
            Assert.That(Measure(() => Gather.Rows(x, 5, ids, y)), Is.Zero, "Gather.Rows");
            Assert.That(Measure(() => Gather.ScatterAddRows(x, 5, ids, y)), Is.Zero, "Gather.ScatterAddRows");
        });
    }

    private static long Measure(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
