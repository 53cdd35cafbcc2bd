using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans: <c>C (+)= op(A) · op(B)</c>, with <c>op(A)</c> of shape
/// <c>(m, k)</c> and <c>op(B)</c> of shape <c>(k, n)</c>. Transposes are read in place, never materialised as tensors.
/// </summary>
/// <remarks>
/// <para>The pieces, from the outside in:</para>
/// <list type="bullet">
/// <item><see cref="Multiply"/> checks the arguments and picks the SIMD width once (Vector512 with FMA, else
/// Vector256, else Vector128, else scalar; the <c>DOTNET_Enable*</c> switches step down this ladder). Tiny products
/// (m·n·k ≤ <see cref="TinyThreshold"/>) are done element by element; a single row of C (or a single column that can
/// be read as one) takes the vector·matrix path, which streams B once without packing; anything else goes to the
/// blocked algorithm, split into one rectangle of C per thread above <see cref="ParallelThreshold"/>.</item>
/// <item><see cref="GemmBlocking"/> runs the GotoBLAS/BLIS loop nest on one rectangle: blocks of K, N and M,
/// packing op(B) panels and op(A) blocks (<see cref="GemmPacking"/>, which also absorbs the transposes) into
/// pooled scratch.</item>
/// <item><see cref="GemmMicroKernel"/> computes 6 × (2 vectors) tiles of C in FMA registers.</item>
/// </list>
/// <para>Every element of C is the same chain of multiply-adds over p = 0..k−1, in order, on every path, so results
/// are bitwise identical for any thread count, any blocking and any shape of call (a row at a time or all at once).
/// They are fused multiply-adds when the hardware has FMA and separate multiply and add otherwise.</para>
/// </remarks>
internal static class Gemm
{
    /// <summary>
    /// Below this many multiply-adds (m·n·k, about 20 µs of work) a product runs on one thread: waking a second one
    /// costs about as much as it saves.
    /// </summary>
    internal const long ParallelThreshold = 1L << 21;

    /// <summary>Up to this many multiply-adds (m·n·k) a plain loop beats packing and tiling.</summary>
    internal const long TinyThreshold = 256;

    /// <summary>
    /// Whether multiply-adds are fused (one rounding). A JIT-time constant; every path of this GEMM follows it so
    /// that all of them round alike.
    /// </summary>
    internal static bool IsFused
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    /// <summary>
    /// <c>C (+)= op(A)·op(B)</c> on row-major data. op(A) is (m, k): A is stored (m, k), or (k, m) when
    /// <paramref name="transposeA"/>. op(B) is (k, n): B is stored (k, n), or (n, k) when
    /// <paramref name="transposeB"/>. C is (m, n); with <paramref name="accumulate"/> the product is added to it,
    /// otherwise C is overwritten. 0·NaN and 0·∞ give NaN as in NumPy (no zero skipping).
    /// </summary>
    /// <param name="a">A, row-major, at least m·k values.</param>
    /// <param name="b">B, row-major, at least k·n values.</param>
    /// <param name="c">C, row-major (m, n); only its first m·n values are touched.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="transposeA">A is stored (k, m) and used transposed.</param>
    /// <param name="transposeB">B is stored (n, k) and used transposed.</param>
    /// <param name="accumulate">Add the product to C instead of overwriting C.</param>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        CheckArguments(a.Length, b.Length, c.Length, m, n, k);
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                c[..(m * n)].Clear();
            }
            return;
        }
        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                var problem = new GemmProblem(pa, transposeA ? m : k, transposeA, pb, transposeB ? k : n, transposeB, pc, n, m, n, k, accumulate);
                if (Vector512.IsHardwareAccelerated && Fma.IsSupported)
                {
                    Run<GemmVector512>(problem);
                }
                else if (Vector256.IsHardwareAccelerated)
                {
                    Run<GemmVector256>(problem);
                }
                else if (Vector128.IsHardwareAccelerated)
                {
                    Run<GemmVector128>(problem);
                }
                else
                {
                    Run<GemmScalar>(problem);
                }
            }
        }
    }

    private static void CheckArguments(int aLength, int bLength, int cLength, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm.Multiply expected non-negative sizes, but received m={m}, n={n}, k={k}.");
        }
        CheckLength("a", aLength, (long)m * k, "m·k");
        CheckLength("b", bLength, (long)k * n, "k·n");
        CheckLength("c", cLength, (long)m * n, "m·n");
    }

    private static void CheckLength(string name, int length, long required, string formula)
    {
        if (length < required)
        {
            throw new ArgumentException($"Gemm.Multiply expected `{name}` to hold at least {formula} = {required} values, but received {length}.", name);
        }
    }

    /// <summary>
    /// Chooses between the element-by-element loop, the vector·matrix path, the blocked algorithm on one thread, and
    /// one rectangle of C per thread.
    /// </summary>
    private static unsafe void Run<TV>(GemmProblem p) where TV : unmanaged, IGemmVector<TV>
    {
        if ((long)p.M * p.N * p.K <= TinyThreshold)
        {
            GemmMicroKernel.ElementByElement(p);
            return;
        }
        if (p.M == 1 && !p.TransposeB)
        {
            // a row of C = (row of A)·B: B is streamed once, so packing would only add a copy.
            GemmMicroKernel.RowTimesMatrix<TV>(p.A, p.B, p.Ldb, p.C, p.N, p.K, p.Accumulate);
            return;
        }
        if (p.N == 1 && p.TransposeA)
        {
            // a column of C = op(A)·b, read as the row bᵀ·A with A stored (k, m); the column of C is contiguous.
            GemmMicroKernel.RowTimesMatrix<TV>(p.B, p.A, p.Lda, p.C, p.M, p.K, p.Accumulate);
            return;
        }
        int threads = (long)p.M * p.N * p.K < ParallelThreshold ? 1 : GemmOptions.MaxThreads;
        if (threads <= 1)
        {
            GemmBlocking.Run<TV>(p);
        }
        else
        {
            RunParallel<TV>(p, threads);
        }
    }

    /// <summary>
    /// Splits C into at most <paramref name="threads"/> rectangles along its longer side (at tile boundaries) and
    /// runs the blocked algorithm on each in parallel. Each thread owns its rectangle of C and packs its own
    /// operands, so no element is shared and no synchronisation is needed beyond the final join.
    /// </summary>
    private static void RunParallel<TV>(GemmProblem p, int threads) where TV : unmanaged, IGemmVector<TV>
    {
        bool byRows = p.M >= p.N;
        int total = byRows ? p.M : p.N, align = byRows ? GemmMicroKernel.Rows : 2 * TV.Count;
        int chunk = ((total + threads - 1) / threads + align - 1) / align * align;
        int parts = (total + chunk - 1) / chunk;
        if (parts <= 1)
        {
            GemmBlocking.Run<TV>(p);
            return;
        }
        var work = new Rectangles<TV>(p, byRows, chunk, total);
        WorkerPool.Run(ref work, parts, threads);
    }

    /// <summary>One rectangle of C per part: rows (or columns) [part·chunk, (part+1)·chunk).</summary>
    private readonly struct Rectangles<TV>(GemmProblem p, bool byRows, int chunk, int total) : IPartitionedWork
        where TV : unmanaged, IGemmVector<TV>
    {
        public void Run(int part)
        {
            int start = part * chunk, length = Math.Min(chunk, total - start);
            var rectangle = byRows ? p.Slice(start, length, 0, p.N) : p.Slice(0, p.M, start, length);
            GemmBlocking.Run<TV>(rectangle);
        }
    }
}
