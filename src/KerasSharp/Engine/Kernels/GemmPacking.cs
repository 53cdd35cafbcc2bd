using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the order in which <see cref="GemmMicroKernel"/> reads them, so the kernel
/// streams through contiguous memory whatever the operands' layout. This is where transposes are absorbed.
/// </summary>
/// <remarks>
/// Packed A: an (mc × kc) block as slivers of MR = 6 rows; inside a sliver, step p holds the 6 values
/// op(A)[i..i+6, p] one after the other. Packed B: a (kc × nc) panel as slivers of NR = 2 vectors of columns;
/// inside a sliver, step p holds op(B)[p, j..j+NR]. Slivers at the bottom / right edge are padded with zeros (the
/// padded results are computed but never stored).
/// Both routines take a pointer to the block's first element, op(X)[0, 0], and the stored row stride.
/// </remarks>
internal static unsafe class GemmPacking
{
    private const int Mr = GemmMicroKernel.Rows;

    /// <summary>Packs op(A)[0..mc, 0..kc] into MR-row slivers at <paramref name="dst"/> (mc rounded up to MR, times kc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, nint lda, bool transposeA, int mc, int kc, float* dst)
    {
        for (int i = 0; i < mc; i += Mr, dst += Mr * kc)
        {
            int rows = Math.Min(Mr, mc - i);
            if (transposeA)
            {
                // A stored (k, m): the 6 values of one step are contiguous in memory.
                PackAColumns(a + i, lda, rows, kc, dst);
            }
            else if (rows == Mr)
            {
                PackASixRows(a + i * lda, lda, kc, dst);
            }
            else
            {
                PackAPartialRows(a + i * lda, lda, rows, kc, dst);
            }
        }
    }

    /// <summary>A stored row-major: gathers one value from each of 6 rows per step, 4 steps at a time with SSE.</summary>
    private static void PackASixRows(float* a, nint lda, int kc, float* dst)
    {
        float* a0 = a, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        int p = 0;
        if (Sse.IsSupported)
        {
            for (; p + 4 <= kc; p += 4, dst += 4 * Mr)
            {
                // rows 0-3: a 4×4 transpose gives the first 4 values of steps p..p+3
                Transpose4x4(Sse.LoadVector128(a0 + p), Sse.LoadVector128(a1 + p), Sse.LoadVector128(a2 + p), Sse.LoadVector128(a3 + p),
                    dst, Mr);
                // rows 4-5: interleaving gives (a4, a5) pairs of steps p, p+1 and p+2, p+3
                Vector128<float> r4 = Sse.LoadVector128(a4 + p), r5 = Sse.LoadVector128(a5 + p);
                Vector128<float> low = Sse.UnpackLow(r4, r5), high = Sse.UnpackHigh(r4, r5);
                Sse.StoreLow(dst + 4, low);
                Sse.StoreHigh(dst + Mr + 4, low);
                Sse.StoreLow(dst + 2 * Mr + 4, high);
                Sse.StoreHigh(dst + 3 * Mr + 4, high);
            }
        }
        for (; p < kc; p++, dst += Mr)
        {
            dst[0] = a0[p]; dst[1] = a1[p]; dst[2] = a2[p]; dst[3] = a3[p]; dst[4] = a4[p]; dst[5] = a5[p];
        }
    }

    /// <summary>
    /// Transposes the 4×4 block whose rows are <paramref name="r0"/>..<paramref name="r3"/>: column i goes to
    /// <c>dst + i·stride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(Vector128<float> r0, Vector128<float> r1, Vector128<float> r2, Vector128<float> r3, float* dst, nint stride)
    {
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackLow(r2, r3);   // (r0[0] r1[0] r0[1] r1[1]), (r2[0] r3[0] r2[1] r3[1])
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1), t3 = Sse.UnpackHigh(r2, r3); // the same for columns 2 and 3
        Sse.Store(dst, Sse.MoveLowToHigh(t0, t1));
        Sse.Store(dst + stride, Sse.MoveHighToLow(t1, t0));
        Sse.Store(dst + 2 * stride, Sse.MoveLowToHigh(t2, t3));
        Sse.Store(dst + 3 * stride, Sse.MoveHighToLow(t3, t2));
    }

    /// <summary>The bottom sliver of a row-major A with fewer than 6 rows left; the rest is zero.</summary>
    private static void PackAPartialRows(float* a, nint lda, int rows, int kc, float* dst)
    {
        for (int p = 0; p < kc; p++, dst += Mr)
        {
            int r = 0;
            for (; r < rows; r++)
            {
                dst[r] = a[r * lda + p];
            }
            for (; r < Mr; r++)
            {
                dst[r] = 0f;
            }
        }
    }

    /// <summary>A stored transposed, (k, m): copies up to 6 contiguous values per step, zero-padded.</summary>
    private static void PackAColumns(float* a, nint lda, int rows, int kc, float* dst)
    {
        if (rows == Mr)
        {
            for (int p = 0; p < kc; p++, dst += Mr, a += lda)
            {
                Vector128.Store(Vector128.Load(a), dst);
                dst[4] = a[4];
                dst[5] = a[5];
            }
            return;
        }
        for (int p = 0; p < kc; p++, dst += Mr, a += lda)
        {
            int r = 0;
            for (; r < rows; r++)
            {
                dst[r] = a[r];
            }
            for (; r < Mr; r++)
            {
                dst[r] = 0f;
            }
        }
    }

    /// <summary>
    /// Packs op(B)[0..kc, 0..nc] into slivers of NR = 2·<typeparamref name="TV"/>.Count columns at
    /// <paramref name="dst"/> (kc times nc rounded up to NR).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<TV>(float* b, nint ldb, bool transposeB, int kc, int nc, float* dst)
        where TV : unmanaged, IGemmVector<TV>
    {
        int nr = 2 * TV.Count;
        for (int j = 0; j < nc; j += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j);
            if (transposeB)
            {
                PackBTransposed(b + j * ldb, ldb, cols, nr, kc, dst);
            }
            else if (cols == nr)
            {
                PackBRows<TV>(b + j, ldb, kc, dst);
            }
            else
            {
                PackBPartialRows(b + j, ldb, cols, nr, kc, dst);
            }
        }
    }

    /// <summary>B stored row-major: each step is two contiguous vectors.</summary>
    private static void PackBRows<TV>(float* b, nint ldb, int kc, float* dst) where TV : unmanaged, IGemmVector<TV>
    {
        int w = TV.Count;
        for (int p = 0; p < kc; p++, b += ldb, dst += 2 * w)
        {
            TV.Store(TV.Load(b), dst);
            TV.Store(TV.Load(b + w), dst + w);
        }
    }

    /// <summary>The right sliver of a row-major B with fewer than NR columns left; the rest is zero.</summary>
    private static void PackBPartialRows(float* b, nint ldb, int cols, int nr, int kc, float* dst)
    {
        for (int p = 0; p < kc; p++, b += ldb, dst += nr)
        {
            int c = 0;
            for (; c < cols; c++)
            {
                dst[c] = b[c];
            }
            for (; c < nr; c++)
            {
                dst[c] = 0f;
            }
        }
    }

    /// <summary>
    /// B stored transposed, (n, k): column j of op(B) is row j of the stored B. Takes four stored rows at a time
    /// and transposes 4×4 blocks of them into the steps of the sliver; missing columns are zero.
    /// </summary>
    private static void PackBTransposed(float* b, nint ldb, int cols, int nr, int kc, float* dst)
    {
        int c = 0;
        for (; c + 4 <= cols; c += 4)
        {
            float* b0 = b + c * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb, d = dst + c;
            int p = 0;
            if (Sse.IsSupported)
            {
                for (; p + 4 <= kc; p += 4, d += 4 * nr)
                {
                    Transpose4x4(Sse.LoadVector128(b0 + p), Sse.LoadVector128(b1 + p), Sse.LoadVector128(b2 + p), Sse.LoadVector128(b3 + p), d, nr);
                }
            }
            for (; p < kc; p++, d += nr)
            {
                d[0] = b0[p]; d[1] = b1[p]; d[2] = b2[p]; d[3] = b3[p];
            }
        }
        for (; c < cols; c++)
        {
            float* bc = b + c * ldb, d = dst + c;
            for (int p = 0; p < kc; p++, d += nr)
            {
                *d = bc[p];
            }
        }
        for (; c < nr; c++)
        {
            float* d = dst + c;
            for (int p = 0; p < kc; p++, d += nr)
            {
                *d = 0f;
            }
        }
    }
}
