using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary><see cref="Gemm.Multiply"/> against a double reference, for every transpose combination and awkward sizes.</summary>
public class GemmTests
{
    private static readonly int[] SmallSizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33];

    /// <summary>(m, n, k) triples that include 1000 in each position, kept small enough to be fast.</summary>
    private static readonly (int M, int N, int K)[] LargeTriples =
    [
        (1000, 9, 17), (17, 1000, 9), (9, 17, 1000), (1, 1000, 33), (33, 1, 1000), (1000, 1, 1), (8, 16, 1000),
    ];

    /// <summary>op(A)[i,p] for A stored row-major as (m, k), or as (k, m) when transposed.</summary>
    private static float OpA(float[] a, int i, int p, int m, int k, bool t) => t ? a[p * m + i] : a[i * k + p];

    /// <summary>op(B)[p,j] for B stored row-major as (k, n), or as (n, k) when transposed.</summary>
    private static float OpB(float[] b, int p, int j, int n, int k, bool t) => t ? b[j * k + p] : b[p * n + j];

    private static void CheckProduct(int m, int n, int k, bool ta, bool tb, bool accumulate)
    {
        int seed = m * 1_000_003 + n * 1009 + k;
        var a = TestData.Floats(seed, m * k);
        var b = TestData.Floats(seed + 1, k * n);
        const int tail = 5;
        var c = accumulate ? TestData.Floats(seed + 2, m * n + tail) : Enumerable.Repeat(float.NaN, m * n + tail).ToArray();
        for (int t = 0; t < tail; t++)
        {
            c[m * n + t] = 12345f;
        }
        var c0 = (float[])c.Clone();
        Gemm.Multiply(a, b, c, m, n, k, ta, tb, accumulate);
        // op(A) as (m, k) and op(B)ᵀ as (n, k), in double, so that each reference element is a contiguous dot product
        var opA = new double[m * k];
        var opBT = new double[n * k];
        for (int p = 0; p < k; p++)
        {
            for (int i = 0; i < m; i++)
            {
                opA[i * k + p] = OpA(a, i, p, m, k, ta);
            }
            for (int j = 0; j < n; j++)
            {
                opBT[j * k + p] = OpB(b, p, j, n, k, tb);
            }
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c0[i * n + j] : 0, absSum = accumulate ? Math.Abs(c0[i * n + j]) : 0;
                for (int p = 0, ai = i * k, bj = j * k; p < k; p++)
                {
                    double prod = opA[ai + p] * opBT[bj + p];
                    sum += prod;
                    absSum += Math.Abs(prod);
                }
                double tol = 1e-5 * absSum + 1e-7;
                float actual = c[i * n + j];
                if (!(Math.Abs(actual - sum) <= tol))
                {
                    Assert.Fail($"C[{i},{j}] = {actual} but the reference is {sum} (tol {tol:G3}) for m={m}, n={n}, k={k}, " +
                        $"transposeA={ta}, transposeB={tb}, accumulate={accumulate}.");
                }
            }
        }
        for (int t = 0; t < tail; t++)
        {
            if (c[m * n + t] != 12345f)
            {
                Assert.Fail($"Gemm wrote past C's m·n = {m * n} values (m={m}, n={n}, k={k}, transposeA={ta}, transposeB={tb}).");
            }
        }
    }

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(true, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, false, true)]
    [TestCase(false, true, true)]
    [TestCase(true, true, true)]
    public void Multiply_AwkwardSizes_MatchesReference(bool transposeA, bool transposeB, bool accumulate)
    {
        foreach (int m in SmallSizes)
        {
            foreach (int n in SmallSizes)
            {
                foreach (int k in SmallSizes)
                {
                    CheckProduct(m, n, k, transposeA, transposeB, accumulate);
                }
            }
        }
        foreach (var (m, n, k) in LargeTriples)
        {
            CheckProduct(m, n, k, transposeA, transposeB, accumulate);
        }
    }

    [Test]
    public void Multiply_KnownSmallProduct_IsExact()
    {
        // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
        var c = new float[4];
        Gemm.Multiply([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], c, 2, 2, 3);
        Assert.That(c, Is.EqualTo(new float[] { 58, 64, 139, 154 }));
    }

    [Test]
    public void Multiply_InfinityTimesZero_GivesNaNAsIeee()
    {
        // NumPy/TF: 0 · inf = NaN, so a NaN or inf weight must show up in the product even where the input is 0.
        var c = new float[1];
        Gemm.Multiply([0f, 1f], [float.PositiveInfinity, 1f], c, 1, 1, 2);
        Assert.That(float.IsNaN(c[0]), Is.True, $"0·inf + 1·1 should be NaN, got {c[0]}");
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Multiply_ParallelPath_IsBitIdenticalToRowByRowSerial(bool transposeA, bool transposeB)
    {
        // m·n·k = 4.2M is above the parallel threshold; a single row (m = 1) always runs serially.
        const int m = 256, n = 64, k = 256;
        var a = TestData.Floats(1, m * k);
        var b = TestData.Floats(2, k * n);
        var parallel = new float[m * n];
        Gemm.Multiply(a, b, parallel, m, n, k, transposeA, transposeB);

        // op(A) materialised as (m, k) so that its rows can be fed one at a time
        var opA = new float[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                opA[i * k + p] = OpA(a, i, p, m, k, transposeA);
            }
        }
        var serial = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            Gemm.Multiply(opA.AsSpan(i * k, k), b, serial.AsSpan(i * n, n), 1, n, k, transposeA: false, transposeB);
        }
        var again = new float[m * n];
        Gemm.Multiply(a, b, again, m, n, k, transposeA, transposeB);
        Assert.Multiple(() =>
        {
            Assert.That(BitsOf(parallel), Is.EqualTo(BitsOf(serial)), "parallel vs row-by-row serial");
            Assert.That(BitsOf(again), Is.EqualTo(BitsOf(parallel)), "two parallel runs");
        });
    }

    [TestCase(130)]
    [TestCase(200)]
    [TestCase(300)]
    public void SingleRows_OfWideProducts_AreBitIdenticalToTheBlockedProduct(int n)
    {
        // a row of C alone takes the vector-times-matrix path (eight, four, one vectors of columns, then narrower);
        // every element must still be the blocked product's chain of multiply-adds
        const int m = 13, k = 300;
        var a = TestData.Floats(3, m * k);
        var b = TestData.Floats(4, k * n);
        var whole = new float[m * n];
        Gemm.Multiply(a, b, whole, m, n, k);
        var rows = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            Gemm.Multiply(a.AsSpan(i * k, k), b, rows.AsSpan(i * n, n), 1, n, k);
        }
        Assert.That(BitsOf(rows), Is.EqualTo(BitsOf(whole)));
    }

    private static uint[] BitsOf(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    /// <summary>Sizes around the kernel's tile (6 × 32 at most) and 100, for every (m, n, k) mix.</summary>
    private static readonly int[] TileSizes = [1, 5, 6, 7, 31, 32, 33, 100];

    /// <summary>Products that span several MC, KC and NC blocks, and ragged last blocks of each.</summary>
    private static readonly (int M, int N, int K)[] BlockTriples =
    [
        (300, 517, 260),
        (GemmBlocking.McMax + 1, 65, GemmBlocking.KcMax + 1),
        (2 * GemmBlocking.McMax + 5, 33, 2 * GemmBlocking.KcMax + 3),
        (2, GemmBlocking.NcMax + 37, GemmBlocking.KcMax + 2),
        (GemmBlocking.McMax + 1, 2 * GemmBlocking.NcMax + 1, 3),
    ];

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(true, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, false, true)]
    [TestCase(false, true, true)]
    [TestCase(true, true, true)]
    public void Multiply_TileEdgesAnd100_MatchesReference(bool transposeA, bool transposeB, bool accumulate)
    {
        foreach (int m in TileSizes)
        {
            foreach (int n in TileSizes)
            {
                foreach (int k in TileSizes)
                {
                    CheckProduct(m, n, k, transposeA, transposeB, accumulate);
                }
            }
        }
    }

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(true, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, false, true)]
    [TestCase(false, true, true)]
    [TestCase(true, true, true)]
    public void Multiply_LargerThanCacheBlocks_MatchesReference(bool transposeA, bool transposeB, bool accumulate)
    {
        foreach (var (m, n, k) in BlockTriples)
        {
            CheckProduct(m, n, k, transposeA, transposeB, accumulate);
        }
    }

    /// <summary>The shapes of training Dense(784→128)→Dense(10) with batch 32: forward, dX = G·Wᵀ and dW = Xᵀ·G.</summary>
    [TestCase(32, 128, 784, false, false, false, TestName = "Multiply_DenseForward_32x784x128_MatchesReference")]
    [TestCase(32, 784, 128, false, true, false, TestName = "Multiply_DenseInputGradient_32x128xW784x128T_MatchesReference")]
    [TestCase(784, 128, 32, true, false, false, TestName = "Multiply_DenseKernelGradient_X784x32TxG32x128_MatchesReference")]
    [TestCase(784, 128, 32, true, false, true, TestName = "Multiply_DenseKernelGradientAccumulated_MatchesReference")]
    [TestCase(32, 10, 128, false, false, false, TestName = "Multiply_OutputLayerForward_32x128x10_MatchesReference")]
    [TestCase(32, 128, 10, false, true, false, TestName = "Multiply_OutputLayerInputGradient_MatchesReference")]
    [TestCase(128, 10, 32, true, false, false, TestName = "Multiply_OutputLayerKernelGradient_MatchesReference")]
    public void Multiply_MlpTrainingShapes_MatchReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        CheckProduct(m, n, k, transposeA, transposeB, accumulate);
    }

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(true, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, true, true)]
    public void Multiply_OneThreadVersusTwo_IsBitIdentical(bool transposeA, bool transposeB, bool accumulate)
    {
        // both wide (split by columns) and tall (split by rows), far above the parallel threshold
        foreach (var (m, n, k) in new[] { (300, 517, 260), (407, 130, 270) })
        {
            Assert.That((long)m * n * k, Is.GreaterThan(Gemm.ParallelThreshold));
            var a = TestData.Floats(11, m * k);
            var b = TestData.Floats(12, k * n);
            var c0 = TestData.Floats(13, m * n);
            float[] one = WithMaxThreads(1, () => Run(a, b, c0, m, n, k, transposeA, transposeB, accumulate));
            float[] two = WithMaxThreads(2, () => Run(a, b, c0, m, n, k, transposeA, transposeB, accumulate));
            float[] three = WithMaxThreads(3, () => Run(a, b, c0, m, n, k, transposeA, transposeB, accumulate));
            Assert.That(BitsOf(two), Is.EqualTo(BitsOf(one)), $"({m},{k})·({k},{n}): 2 threads vs 1");
            Assert.That(BitsOf(three), Is.EqualTo(BitsOf(one)), $"({m},{k})·({k},{n}): 3 threads vs 1");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Multiply_ColumnByColumn_IsBitIdenticalToWholeProduct(bool transposeA)
    {
        // n = 1 takes the vector path when A is stored transposed, the blocked path otherwise: both must agree with
        // the blocked product of all columns at once.
        const int m = 70, n = 45, k = 300;
        var a = TestData.Floats(21, m * k);
        var b = TestData.Floats(22, k * n);
        var whole = new float[m * n];
        Gemm.Multiply(a, b, whole, m, n, k, transposeA);
        var byColumn = new float[m * n];
        var column = new float[k];
        var result = new float[m];
        for (int j = 0; j < n; j++)
        {
            for (int p = 0; p < k; p++)
            {
                column[p] = b[p * n + j];
            }
            Gemm.Multiply(a, column, result, m, 1, k, transposeA);
            for (int i = 0; i < m; i++)
            {
                byColumn[i * n + j] = result[i];
            }
        }
        Assert.That(BitsOf(byColumn), Is.EqualTo(BitsOf(whole)));
    }

    [TestCase(false, false, false)]
    [TestCase(true, false, false)]
    [TestCase(false, true, false)]
    [TestCase(true, true, false)]
    [TestCase(false, false, true)]
    [TestCase(true, true, true)]
    public void Multiply_OneElementAtATime_IsBitIdenticalToWholeProduct(bool transposeA, bool transposeB, bool accumulate)
    {
        // every element as its own 1×1 product (a dot product of k values) against the tiled product of all of them
        const int m = 37, n = 45, k = 29;
        var a = TestData.Floats(51, m * k);
        var b = TestData.Floats(52, k * n);
        var c0 = TestData.Floats(53, m * n);
        var whole = Run(a, b, c0, m, n, k, transposeA, transposeB, accumulate);
        var single = new float[m * n];
        var row = new float[k];
        var column = new float[k];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    row[p] = OpA(a, i, p, m, k, transposeA);
                    column[p] = OpB(b, p, j, n, k, transposeB);
                }
                var element = new[] { c0[i * n + j] };
                Gemm.Multiply(row, column, element, 1, 1, k, accumulate: accumulate);
                single[i * n + j] = element[0];
            }
        }
        Assert.That(BitsOf(single), Is.EqualTo(BitsOf(whole)));
    }

    [TestCase(1, 1, 1)]
    [TestCase(1, 40, 7)]
    [TestCase(40, 1, 7)]
    [TestCase(13, 45, 29)]
    [TestCase(GemmBlocking.McMax + 7, 90, GemmBlocking.KcMax + 4)]
    public void Multiply_NaNAndInfinity_PropagateAsNumPy(int m, int n, int k)
    {
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var a = TestData.Floats(31, m * k);
            var b = TestData.Floats(32, k * n);
            // op(A)[i0, p0] = 0 against op(B)[p0, j0] = +inf: 0·inf = NaN in C[i0, j0], +/-inf elsewhere in column j0;
            // op(A)[i1, p1] = NaN: all of row i1 is NaN.
            int i0 = m / 2, j0 = n / 3, p0 = k / 2, i1 = m - 1, p1 = k - 1;
            a[ta ? p0 * m + i0 : i0 * k + p0] = 0f;
            b[tb ? j0 * k + p0 : p0 * n + j0] = float.PositiveInfinity;
            a[ta ? p1 * m + i1 : i1 * k + p1] = float.NaN;
            var c = new float[m * n];
            Gemm.Multiply(a, b, c, m, n, k, ta, tb);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double expected = 0;
                    for (int p = 0; p < k; p++)
                    {
                        expected += (double)OpA(a, i, p, m, k, ta) * OpB(b, p, j, n, k, tb);
                    }
                    float actual = c[i * n + j];
                    bool ok = double.IsNaN(expected) ? float.IsNaN(actual)
                        : double.IsInfinity(expected) ? actual == expected
                        : float.IsFinite(actual);
                    if (!ok)
                    {
                        Assert.Fail($"C[{i},{j}] = {actual}, expected {expected} (m={m}, n={n}, k={k}, transposeA={ta}, transposeB={tb}).");
                    }
                }
            }
            Assert.That(float.IsNaN(c[i1 * n]) && float.IsNaN(c[i0 * n + j0]), Is.True, "the NaN row and the 0·inf element");
        }
    }

    [TestCase(1, 300, 200, false, false)]
    [TestCase(200, 1, 300, true, false)]
    [TestCase(20, 1, 300, false, false)]
    [TestCase(17, 9, 33, false, false)]
    [TestCase(32, 128, 200, false, false)]
    [TestCase(32, 784, 32, false, true)]
    [TestCase(300, 100, 20, true, false)]
    [TestCase(100, 70, 100, true, true)]
    public void Multiply_SecondCallOnOneThread_AllocatesNothing(int m, int n, int k, bool transposeA, bool transposeB)
    {
        Assert.That((long)m * n * k, Is.LessThan(Gemm.ParallelThreshold), "a single-threaded size");
        var a = TestData.Floats(41, m * k);
        var b = TestData.Floats(42, k * n);
        var c = new float[m * n];
        Assert.That(Allocation.Measure(() => Gemm.Multiply(a, b, c, m, n, k, transposeA, transposeB)), Is.EqualTo(0));
        Assert.That(Allocation.Measure(() => Gemm.Multiply(a, b, c, m, n, k, transposeA, transposeB, accumulate: true)), Is.EqualTo(0));
    }

    [Test]
    public void Multiply_SpansShorterThanTheSizes_Throw()
    {
        var six = new float[6];
        Assert.Multiple(() =>
        {
            var ea = Assert.Throws<ArgumentException>(() => Gemm.Multiply(six, six, six, 2, 3, 4));
            Assert.That(ea!.Message, Does.Contain("`a`").And.Contain("8").And.Contain("received 6"));
            Assert.Throws<ArgumentException>(() => Gemm.Multiply(six, new float[5], six, 2, 3, 2));
            Assert.Throws<ArgumentException>(() => Gemm.Multiply(six, six, new float[5], 2, 3, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(six, six, six, -1, 3, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => GemmOptions.MaxThreads = 0);
        });
    }

    [Test]
    public void Multiply_ZeroInnerDimension_ClearsOrKeepsC()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply([], [], c, 2, 3, 0, accumulate: true);
        Assert.That(c, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }), "accumulate: C + 0");
        Gemm.Multiply([], [], c, 2, 3, 0);
        Assert.That(c, Is.EqualTo(new float[6]), "overwrite: C = 0");
    }

    private static float[] Run(float[] a, float[] b, float[] c0, int m, int n, int k, bool ta, bool tb, bool accumulate)
    {
        var c = (float[])c0.Clone();
        Gemm.Multiply(a, b, c, m, n, k, ta, tb, accumulate);
        return c;
    }

    private static float[] WithMaxThreads(int threads, Func<float[]> action)
    {
        int saved = GemmOptions.MaxThreads;
        GemmOptions.MaxThreads = threads;
        try
        {
            return action();
        }
        finally
        {
            GemmOptions.MaxThreads = saved;
        }
    }
}
