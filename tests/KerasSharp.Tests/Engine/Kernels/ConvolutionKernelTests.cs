using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary>The conv, pooling, epilogue and padding kernels: scalar references at SIMD-edge lengths, and no allocation.</summary>
public class ConvolutionKernelTests
{
    private static readonly int[] Lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000];

    [Test]
    public void ReluBackward_MatchesScalarRuleAtEdgeLengths()
    {
        foreach (int n in Lengths)
        {
            var y = TestData.Floats(1, n);
            y.AsSpan(0, n / 3).Clear();   // exact zeros: ReLU′(0) = 0
            var g = TestData.Floats(2, n);
            var dz = new float[n];
            BiasActivation.ReluBackward(y, g, dz);
            var expected = y.Select((v, i) => v > 0f ? g[i] : 0f).ToArray();
            Assert.That(dz, Is.EqualTo(expected), $"length {n}");
        }
    }

    [TestCase(1, false)]
    [TestCase(7, true)]
    [TestCase(17, true)]
    [TestCase(33, false)]
    public void BiasActivationForward_AddsBiasPerChannelThenRelu(int channels, bool relu)
    {
        const int rows = 5;
        var y = TestData.Floats(3, rows * channels);
        var bias = TestData.Floats(4, channels);
        var expected = y.Select((v, i) => v + bias[i % channels]).Select(v => relu ? MathF.Max(v, 0f) : v).ToArray();
        BiasActivation.Forward(y, bias, channels, relu);
        Assert.That(y, Is.EqualTo(expected).Within(1e-6f));
    }

    [TestCase(3)]
    [TestCase(8)]
    [TestCase(19)]
    public void AccumulateColumnSums_AddsEachColumn(int channels)
    {
        var g = TestData.Floats(5, 6 * channels);
        var db = Enumerable.Range(1, channels).Select(i => (float)i).ToArray();
        BiasActivation.AccumulateColumnSums(g, channels, db);
        for (int c = 0; c < channels; c++)
        {
            double expected = c + 1;
            for (int r = 0; r < 6; r++)
            {
                expected += g[r * channels + c];
            }
            Assert.That(db[c], Is.EqualTo(expected).Within(1e-5));
        }
    }

    [Test]
    public void BiasActivationForward_Relu_KeepsNaN()
    {
        var y = new float[16];
        y[3] = float.NaN;
        y[12] = float.NaN;
        y[5] = -2f;
        BiasActivation.Forward(y, new float[16], 16, relu: true);
        Assert.That((float.IsNaN(y[3]), float.IsNaN(y[12]), y[5]), Is.EqualTo((true, true, 0f)));
    }

    [Test]
    public void Backward_OverSeveralImageGroups_MatchesTheDirectLoopReference()
    {
        // 16 images of 32×32 rows × 72 values: several groups, each walking several blocks, partial sums added in order
        var g = new ConvGeometry(16, 34, 34, 8, 3, 3, 1, 1, 1, 1, 0, 0, 32, 32);
        Assert.That(Convolution.Groups(g), Is.GreaterThan(1));
        var x = TestData.Floats(9, g.InputSize);
        var w = TestData.Floats(10, g.PatchSize * 4);
        var dy = TestData.Floats(11, g.Rows * 4);
        var y = new float[g.Rows * 4];
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        var db = new float[4];
        Convolution.Backward(x, w, y, dy, g, 4, relu: false, dx, dw, db, new float[Convolution.PartialsLength(g, 4)]);
        var (refDx, refDw) = KerasSharp.Tests.Engine.ConvReference.Conv2DBackward(
            KerasSharp.Engine.Tensor.FromArray(x, 16, 34, 34, 8), KerasSharp.Engine.Tensor.FromArray(w, 3, 3, 8, 4),
            KerasSharp.Engine.Tensor.FromArray(dy, 16, 32, 32, 4), 1, 1, 1, 1, "valid");
        var refDb = Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, g.Rows).Sum(r => (double)dy[r * 4 + c])).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(dx, Is.EqualTo(refDx.Select(v => (float)v)).Within(1e-4f), "dx");
            Assert.That(dw, Is.EqualTo(refDw.Select(v => (float)v)).Within(2e-2f), "dw (sums of 16384 products)");
            Assert.That(db, Is.EqualTo(refDb.Select(v => (float)v)).Within(2e-2f), "db");
        });
    }

    [TestCase(11, 11, 19, 2)]   // windows leave the last row and column uncovered; vector and scalar channels
    [TestCase(26, 26, 32, 2)]   // windows tile the input
    [TestCase(9, 7, 5, 3)]
    public void MaxPoolBackward_NonOverlapping_WritesEveryPositionLikeTheAccumulatingPass(int h, int w, int c, int pool)
    {
        var g = new ConvGeometry(3, h, w, c, pool, pool, pool, pool, 1, 1, 0, 0, h / pool, w / pool);
        Assert.That(Pooling.IsNonOverlapping(g), Is.True);
        var x = TestData.Floats(40, g.InputSize);
        x[7] = x[7 + c];   // a tie inside the first window
        var y = new float[g.Rows * c];
        Pooling.MaxForward(x, g, 0, g.Rows, y);
        var gy = TestData.Floats(41, y.Length);
        var expected = new float[x.Length];
        Pooling.MaxBackward(x, y, gy, g, expected);
        var dx = Enumerable.Repeat(float.NaN, x.Length).ToArray();   // every position must be overwritten
        PoolingPass.Backward(x, y, gy, g, dx, isMax: true);
        Assert.That(dx, Is.EqualTo(expected));
    }

    [Test]
    public void Kernels_DoNotAllocate()
    {
        // small enough that the GEMMs stay single-threaded
        var g = new ConvGeometry(2, 6, 6, 3, 3, 3, 1, 1, 1, 1, 1, 1, 6, 6);
        var pool = new ConvGeometry(2, 6, 6, 3, 2, 2, 2, 2, 1, 1, 0, 0, 3, 3);
        var x = TestData.Floats(6, g.InputSize);
        var w = TestData.Floats(7, g.PatchSize * 4);
        var bias = TestData.Floats(8, 4);
        var y = new float[g.Rows * 4];
        var dx = new float[x.Length];
        var dw = new float[w.Length];
        var py = new float[pool.Rows * 3];
        var shape = new[] { 2, 6, 6, 3 };
        var padded = new float[2 * 8 * 7 * 3];
        var outerShape = new[] { 2, 8, 7, 3 };
        var before = new[] { 0, 1, 0, 0 };
        Assert.Multiple(() =>
        {
            Assert.That(Allocation.Measure(() => Convolution.Forward(x, w, bias, g, 4, relu: true, y)), Is.EqualTo(0), "Convolution.Forward");
            Assert.That(Allocation.Measure(() => Convolution.Backward(x, w, y, y, g, 4, true, dx, dw, default, default)), Is.EqualTo(0), "Convolution.Backward");
            Assert.That(Allocation.Measure(() => PoolingPass.Forward(x, pool, py, isMax: true)), Is.EqualTo(0), "PoolingPass.Forward");
            Assert.That(Allocation.Measure(() => PoolingPass.Backward(x, py, py, pool, dx, isMax: true)), Is.EqualTo(0), "PoolingPass.Backward");
            Assert.That(Allocation.Measure(() => BiasActivation.ReluBackward(y, y, y)), Is.EqualTo(0), "BiasActivation.ReluBackward");
            Assert.That(Allocation.Measure(() => Pooling.MaxForward(x, pool, 0, pool.Rows, py)), Is.EqualTo(0), "Pooling.MaxForward");
            Assert.That(Allocation.Measure(() => Pooling.MaxBackward(x, py, py, pool, dx)), Is.EqualTo(0), "Pooling.MaxBackward");
            Assert.That(Allocation.Measure(() => Pooling.AverageForward(x, pool, 0, pool.Rows, py)), Is.EqualTo(0), "Pooling.AverageForward");
            Assert.That(Allocation.Measure(() => Pooling.AverageBackward(py, pool, dx)), Is.EqualTo(0), "Pooling.AverageBackward");
            Assert.That(Allocation.Measure(() => Padding.Embed(x, shape, before, padded, outerShape)), Is.EqualTo(0), "Padding.Embed");
            Assert.That(Allocation.Measure(() => Padding.Crop(padded, outerShape, before, x, shape)), Is.EqualTo(0), "Padding.Crop");
        });
    }
}
