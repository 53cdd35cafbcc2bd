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
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c0[i * n + j] : 0, absSum = accumulate ? Math.Abs(c0[i * n + j]) : 0;
                for (int p = 0; p < k; p++)
                {
                    double prod = (double)OpA(a, i, p, m, k, ta) * OpB(b, p, j, n, k, tb);
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

    private static uint[] BitsOf(float[] values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();
}
