using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary>The direct small-patch convolution gives the same bits as im2col + GEMM, the path it replaces.</summary>
public unsafe class DirectConvolutionTests
{
    private static IEnumerable<TestCaseData> Geometries()
    {
        // batch, height, width, channels, kernel, stride, dilation, padding before, output size; filters
        yield return new TestCaseData(new[] { 2, 10, 9, 1, 3, 3, 1, 1, 1, 1, 0, 0, 8, 7 }, 32).SetArgDisplayNames("gray 3x3 valid, 32 filters");
        yield return new TestCaseData(new[] { 2, 8, 8, 3, 3, 3, 1, 1, 1, 1, 1, 1, 8, 8 }, 48).SetArgDisplayNames("rgb 3x3 same (padding gathered), 48 filters");
        yield return new TestCaseData(new[] { 1, 11, 11, 2, 3, 3, 2, 2, 1, 1, 1, 1, 6, 6 }, 16).SetArgDisplayNames("stride 2 with padding");
        yield return new TestCaseData(new[] { 1, 9, 9, 1, 3, 3, 1, 1, 2, 2, 0, 0, 5, 5 }, 64).SetArgDisplayNames("dilation 2");
    }

    private static ConvGeometry Geometry(int[] a) => new(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]);

    [TestCaseSource(nameof(Geometries))]
    public void ForwardAndFilterGradient_AreBitIdenticalToIm2ColAndGemm(int[] geometry, int filters)
    {
        var g = Geometry(geometry);
        Assert.That(DirectConvolution.Applies(g, filters), Is.True);
        var x = TestData.Floats(50, g.InputSize);
        var w = TestData.Floats(51, g.PatchSize * filters);
        var dz = TestData.Floats(52, g.Rows * filters);
        var columns = new float[g.Rows * g.PatchSize];
        Im2Col.Pack(x, g, 0, g.Rows, columns);

        var expectedY = new float[g.Rows * filters];
        Gemm.Multiply(columns, w, expectedY, g.Rows, filters, g.PatchSize);
        var expectedDw = new float[w.Length];
        Gemm.Multiply(columns, dz, expectedDw, g.PatchSize, filters, g.Rows, transposeA: true);

        var y = new float[expectedY.Length];
        var dw = new float[w.Length];
        fixed (float* px = x, pw = w, py = y, pdz = dz, pdw = dw)
        {
            DirectConvolution.Forward(px, pw, g, filters, py, 0, g.Rows);
            // two blocks of rows, as the convolution passes them: the second continues the first's sums
            int half = g.Rows / 2;
            DirectConvolution.Gradients(px, null, pdz, g, filters, pdw, null, 0, half);
            DirectConvolution.Gradients(px, null, pdz, g, filters, pdw, null, half, g.Rows - half);
        }
        Assert.Multiple(() =>
        {
            Assert.That(y, Is.EqualTo(expectedY), "forward");
            Assert.That(dw, Is.EqualTo(expectedDw), "kernel gradient");
        });
    }

    [TestCaseSource(nameof(Geometries))]
    public void FusedGradients_WithReluMask_AreBitIdenticalToMaskThenGemmAndColumnSums(int[] geometry, int filters)
    {
        var g = Geometry(geometry);
        var x = TestData.Floats(60, g.InputSize);
        var y = TestData.Floats(61, g.Rows * filters);   // about half negative: the mask matters
        y[3] = 0f;                                          // ReLU′(0) = 0
        var dy = TestData.Floats(62, g.Rows * filters);
        var columns = new float[g.Rows * g.PatchSize];
        Im2Col.Pack(x, g, 0, g.Rows, columns);
        var masked = new float[dy.Length];
        BiasActivation.ReluBackward(y, dy, masked);
        var expectedDw = new float[g.PatchSize * filters];
        Gemm.Multiply(columns, masked, expectedDw, g.PatchSize, filters, g.Rows, transposeA: true);
        var expectedDb = new float[filters];
        BiasActivation.AccumulateColumnSums(masked, filters, expectedDb);

        var dw = new float[expectedDw.Length];
        var db = new float[filters];
        fixed (float* px = x, py = y, pdy = dy, pdw = dw, pdb = db)
        {
            DirectConvolution.Gradients(px, py, pdy, g, filters, pdw, pdb, 0, g.Rows);
        }
        Assert.Multiple(() =>
        {
            Assert.That(dw, Is.EqualTo(expectedDw), "kernel gradient");
            Assert.That(db, Is.EqualTo(expectedDb), "bias gradient");
        });
    }

    [Test]
    public void LargePatchOrPartialVectorsOfFilters_TakeTheGemmPath() =>
        Assert.Multiple(() =>
        {
            Assert.That(DirectConvolution.Applies(new ConvGeometry(1, 8, 8, 32, 3, 3, 1, 1, 1, 1, 0, 0, 6, 6), 32), Is.False, "patch 288");
            // 10 filters are not whole vectors of 4, 8 or 16 lanes (without SIMD every count is whole lanes)
            Assert.That(DirectConvolution.Applies(new ConvGeometry(1, 8, 8, 1, 3, 3, 1, 1, 1, 1, 0, 0, 6, 6), 10),
                Is.EqualTo(!System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated), "10 filters");
        });
}
