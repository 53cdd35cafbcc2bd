using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

public class Im2ColTests
{
    /// <summary>batch, h, w, c, kh, kw, sh, sw, dh, dw, padTop, padLeft (output sizes from the "same"-style formula with the given pads).</summary>
    private static readonly object[] Geometries =
    [
        new object[] { 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 0, 0 },
        new object[] { 2, 5, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1 },
        new object[] { 1, 7, 6, 2, 3, 2, 2, 2, 1, 1, 1, 0 },
        new object[] { 2, 7, 7, 2, 3, 3, 1, 1, 2, 2, 2, 2 },
        new object[] { 1, 5, 5, 4, 1, 1, 1, 1, 1, 1, 0, 0 },
        new object[] { 1, 6, 5, 2, 2, 3, 1, 3, 1, 2, 0, 2 },
    ];

    private static ConvGeometry Make(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl)
    {
        // pads on both sides: out = floor((n + 2p − dk) / s) + 1
        int oh = (h + 2 * pt - ((kh - 1) * dh + 1)) / sh + 1;
        int ow = (w + 2 * pl - ((kw - 1) * dw + 1)) / sw + 1;
        return new ConvGeometry(n, h, w, c, kh, kw, sh, sw, dh, dw, pt, pl, oh, ow);
    }

    [TestCaseSource(nameof(Geometries))]
    public void Pack_EachEntry_IsTheInputPixelItReadsOrZero(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl)
    {
        var g = Make(n, h, w, c, kh, kw, sh, sw, dh, dw, pt, pl);
        var x = TestData.Floats(1, n * h * w * c);
        var cols = new float[g.Rows * g.PatchSize];
        Im2Col.Pack(x, g, 0, g.Rows, cols);
        var expected = new float[cols.Length];
        int row = 0;
        for (int b = 0; b < n; b++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++, row++)
                {
                    for (int i = 0; i < kh; i++)
                    {
                        for (int j = 0; j < kw; j++)
                        {
                            for (int ch = 0; ch < c; ch++)
                            {
                                int hi = oh * sh - pt + i * dh, wi = ow * sw - pl + j * dw;
                                bool inside = hi >= 0 && hi < h && wi >= 0 && wi < w;
                                expected[row * g.PatchSize + (i * kw + j) * c + ch] = inside ? x[((b * h + hi) * w + wi) * c + ch] : 0f;
                            }
                        }
                    }
                }
            }
        }
        Assert.That(cols, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Geometries))]
    public void Accumulate_IsTheAdjointOfPack(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl)
    {
        // <Pack(x), y> = <x, Accumulate(y)> for random x, y, computed in double
        var g = Make(n, h, w, c, kh, kw, sh, sw, dh, dw, pt, pl);
        var x = TestData.Floats(2, n * h * w * c);
        var y = TestData.Floats(3, g.Rows * g.PatchSize);
        var cols = new float[y.Length];
        Im2Col.Pack(x, g, 0, g.Rows, cols);
        var back = new float[x.Length];
        Im2Col.Accumulate(y, g, 0, g.Rows, back);
        double left = 0, right = 0;
        for (int i = 0; i < y.Length; i++)
        {
            left += (double)cols[i] * y[i];
        }
        for (int i = 0; i < x.Length; i++)
        {
            right += (double)x[i] * back[i];
        }
        Assert.That(left, Is.EqualTo(right).Within(1e-4));
    }

    [Test]
    public void Pack_ABlockOfRows_EqualsTheSameRowsOfTheWholeMatrix()
    {
        var g = Make(2, 6, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1);
        var x = TestData.Floats(4, 2 * 6 * 5 * 3);
        var all = new float[g.Rows * g.PatchSize];
        Im2Col.Pack(x, g, 0, g.Rows, all);
        var block = new float[7 * g.PatchSize];
        Im2Col.Pack(x, g, 11, 7, block);
        Assert.That(block, Is.EqualTo(all.AsSpan(11 * g.PatchSize, 7 * g.PatchSize).ToArray()));
    }

    [Test]
    public void PackAndAccumulate_DoNotAllocate()
    {
        var g = Make(2, 7, 7, 2, 3, 3, 1, 1, 2, 2, 2, 2);
        var x = TestData.Floats(5, 2 * 7 * 7 * 2);
        var cols = new float[g.Rows * g.PatchSize];
        var dx = new float[x.Length];
        Assert.Multiple(() =>
        {
            Assert.That(Allocation.Measure(() => Im2Col.Pack(x, g, 0, g.Rows, cols)), Is.EqualTo(0));
            Assert.That(Allocation.Measure(() => Im2Col.Accumulate(cols, g, 0, g.Rows, dx)), Is.EqualTo(0));
        });
    }
}
