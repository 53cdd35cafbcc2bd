using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Optimizers;

/// <summary>
/// Each fused kernel against a scalar loop of the same float32 arithmetic, on every SIMD width and tail length:
/// the results must be bitwise identical.
/// </summary>
public class OptimizerKernelsTests
{
    // 70001: above the length that splits an update over cores, with a ragged last chunk
    private static readonly int[] s_lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000, 70001];
    private static readonly int[] s_widths = [512, 256, 128, 0];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (int n in s_lengths)
        {
            foreach (int bits in s_widths)
            {
                yield return new TestCaseData(n, bits).SetArgDisplayNames($"n={n}", $"bits={bits}");
            }
        }
    }

    private static float[] Values(int n, int seed, float scale = 1f, bool positive = false)
    {
        var r = new float[n];
        for (int i = 0; i < n; i++)
        {
            double x = Math.Sin(0.37 * i + seed) * scale;
            r[i] = (float)(positive ? Math.Abs(x) + 0.01 : x);
        }
        return r;
    }

    [TestCaseSource(nameof(Cases))]
    public void Sgd_AnyWidth_MatchesScalarReference(int n, int bits)
    {
        var w = Values(n, 1);
        var g = Values(n, 2);
        var expected = (float[])w.Clone();
        for (int i = 0; i < n; i++)
        {
            expected[i] = expected[i] - g[i] * 0.1f;
        }
        OptimizerKernels.Sgd(w, g, 0.1f, bits);
        Assert.That(w, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void SgdMomentum_AnyWidth_MatchesScalarReference(int n, int bits)
    {
        foreach (bool nesterov in new[] { false, true })
        {
            var w = Values(n, 1);
            var g = Values(n, 2);
            var m = Values(n, 3, 0.1f);
            var ew = (float[])w.Clone();
            var em = (float[])m.Clone();
            for (int i = 0; i < n; i++)
            {
                em[i] = em[i] * 0.9f - g[i] * 0.05f;
                ew[i] = nesterov ? ew[i] + (em[i] * 0.9f - g[i] * 0.05f) : ew[i] + em[i];
            }
            OptimizerKernels.SgdMomentum(w, g, m, 0.05f, 0.9f, nesterov, bits);
            Assert.That(w, Is.EqualTo(ew), $"nesterov={nesterov}");
            Assert.That(m, Is.EqualTo(em), $"nesterov={nesterov}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Adam_AnyWidth_MatchesScalarReference(int n, int bits)
    {
        foreach (bool amsgrad in new[] { false, true })
        {
            var w = Values(n, 1);
            var g = Values(n, 2);
            var m = Values(n, 3, 0.1f);
            var v = Values(n, 4, 0.01f, positive: true);
            var vHat = Values(n, 5, 0.01f, positive: true);
            var (ew, em, ev, eh) = ((float[])w.Clone(), (float[])m.Clone(), (float[])v.Clone(), (float[])vHat.Clone());
            const float alpha = 0.003f, b1 = 0.1f, b2 = 0.001f, eps = 1e-7f;
            for (int i = 0; i < n; i++)
            {
                em[i] += (g[i] - em[i]) * b1;
                ev[i] += (g[i] * g[i] - ev[i]) * b2;
                eh[i] = MathF.Max(eh[i], ev[i]);
                float denom = MathF.Sqrt(amsgrad ? eh[i] : ev[i]) + eps;
                ew[i] -= em[i] * alpha / denom;
            }
            OptimizerKernels.Adam(w, g, m, v, amsgrad ? vHat : [], alpha, b1, b2, eps, bits);
            Assert.That(w, Is.EqualTo(ew), $"amsgrad={amsgrad}");
            Assert.That(m, Is.EqualTo(em), $"amsgrad={amsgrad}");
            Assert.That(v, Is.EqualTo(ev), $"amsgrad={amsgrad}");
            if (amsgrad)
            {
                Assert.That(vHat, Is.EqualTo(eh));
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void RmsProp_AnyWidth_MatchesScalarReference(int n, int bits)
    {
        foreach (var (useMomentum, centered) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var w = Values(n, 1);
            var g = Values(n, 2);
            var v = Values(n, 4, 0.5f, positive: true);
            var mom = Values(n, 6, 0.01f);
            var avg = Values(n, 7, 0.01f);
            var (ew, ev, emom, eavg) = ((float[])w.Clone(), (float[])v.Clone(), (float[])mom.Clone(), (float[])avg.Clone());
            const float lr = 0.01f, rho = 0.9f, oneMinusRho = 0.1f, mu = 0.5f, eps = 1e-7f;
            for (int i = 0; i < n; i++)
            {
                ev[i] = rho * ev[i] + oneMinusRho * (g[i] * g[i]);
                float d;
                if (centered)
                {
                    eavg[i] = rho * eavg[i] + oneMinusRho * g[i];
                    d = ev[i] - eavg[i] * eavg[i] + eps;
                }
                else
                {
                    d = ev[i] + eps;
                }
                float inc = lr * g[i] / MathF.Sqrt(d);
                if (useMomentum)
                {
                    emom[i] = mu * emom[i] + inc;
                    inc = emom[i];
                }
                ew[i] -= inc;
            }
            OptimizerKernels.RmsProp(w, g, v, useMomentum ? mom : [], centered ? avg : [], lr, rho, oneMinusRho, mu, eps, bits);
            string variant = $"momentum={useMomentum}, centered={centered}";
            Assert.That(w, Is.EqualTo(ew), variant);
            Assert.That(v, Is.EqualTo(ev), variant);
            if (useMomentum)
            {
                Assert.That(mom, Is.EqualTo(emom), variant);
            }
            if (centered)
            {
                Assert.That(avg, Is.EqualTo(eavg), variant);
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Adagrad_AnyWidth_MatchesScalarReference(int n, int bits)
    {
        var w = Values(n, 1);
        var g = Values(n, 2);
        var acc = Values(n, 3, 0.1f, positive: true);
        var (ew, eacc) = ((float[])w.Clone(), (float[])acc.Clone());
        for (int i = 0; i < n; i++)
        {
            eacc[i] += g[i] * g[i];
            ew[i] -= 0.01f * g[i] / MathF.Sqrt(eacc[i] + 1e-7f);
        }
        OptimizerKernels.Adagrad(w, g, acc, 0.01f, 1e-7f, bits);
        Assert.That(w, Is.EqualTo(ew));
        Assert.That(acc, Is.EqualTo(eacc));
    }

    [Test]
    public void ClipByNorm_NormAboveClip_ScalesToClipNorm()
    {
        float[] g = [3f, 4f];          // norm 5
        var d = new float[2];
        OptimizerKernels.ClipByNorm(g, 1f, d);
        Assert.That(d, Is.EqualTo(new[] { 0.6f, 0.8f }).Within(1e-7f));
        OptimizerKernels.ClipByNorm(g, 10f, d);   // below the clip: unchanged
        Assert.That(d, Is.EqualTo(g).Within(1e-6f));
        OptimizerKernels.ClipByNorm([0f, 0f], 1f, d);
        Assert.That(d, Is.EqualTo(new[] { 0f, 0f }));
    }

    [Test]
    public void ClipByValue_OutsideRange_Clamps()
    {
        var d = new float[4];
        OptimizerKernels.ClipByValue([-3f, -0.5f, 0.25f, 7f], 1f, d);
        Assert.That(d, Is.EqualTo(new[] { -1f, -0.5f, 0.25f, 1f }));
    }

    [TestCase(3f, 5f, 1f)]
    [TestCase(10f, 5f, 0.5f)]
    [TestCase(0f, 5f, 1f)]
    public void GlobalClipScale_FiniteNorm_IsKerasFactor(float norm, float clip, float expected) =>
        Assert.That(OptimizerKernels.GlobalClipScale(norm, clip), Is.EqualTo(expected).Within(1e-7f));

    [Test]
    public void GlobalClipScale_InfiniteNorm_IsNaN() =>
        Assert.That(OptimizerKernels.GlobalClipScale(float.PositiveInfinity, 1f), Is.NaN);

    [Test]
    public void Kernels_SecondCall_AllocateNothing()
    {
        var w = Values(1000, 1);
        var g = Values(1000, 2);
        var m = Values(1000, 3);
        var v = Values(1000, 4, positive: true);
        var h = Values(1000, 5, positive: true);
        void All()
        {
            OptimizerKernels.Sgd(w, g, 0.01f);
            OptimizerKernels.SgdMomentum(w, g, m, 0.01f, 0.9f, true);
            OptimizerKernels.Adam(w, g, m, v, h, 0.001f, 0.1f, 0.001f, 1e-7f);
            OptimizerKernels.RmsProp(w, g, v, m, h, 0.001f, 0.9f, 0.1f, 0.9f, 1e-7f);
            OptimizerKernels.Adagrad(w, g, v, 0.01f, 1e-7f);
            OptimizerKernels.ClipByNorm(g, 1f, h);
            OptimizerKernels.ClipByValue(g, 1f, h);
        }
        All();
        long before = GC.GetAllocatedBytesForCurrentThread();
        All();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Adam_SpanLengthsDiffer_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => OptimizerKernels.Adam(new float[3], new float[3], new float[2], new float[3], [], 1f, 0.1f, 0.1f, 1e-7f));
}
