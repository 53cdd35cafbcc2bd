using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The register-tiled inner kernels of <see cref="Gemm"/>. A tile of C of <see cref="Rows"/> rows by two vectors
/// (6×32 floats with Vector512, 6×16 with Vector256, 6×8 with Vector128, 6×2 scalar) is held in 12 accumulator
/// registers while the kernel walks down K, doing per step: load one row of the B sliver (two vectors), broadcast
/// each of the 6 values of the A sliver's column, and issue 12 fused multiply-adds. Also here: the one-vector-wide
/// tile for a narrow right edge, the unpacked vector·matrix loop, and the element-by-element loop for tiny products.
/// </summary>
/// <remarks>
/// Every kernel computes each C element as the same chain <c>c = fma(a[i,p], b[p,j], c)</c> for p in increasing
/// order, starting from C's old value (<c>loadC</c>) or from 0. Since the caller walks the K blocks in order and
/// reloads C between them, an element's value is independent of the blocking, of the path and of the thread count.
/// </remarks>
internal static unsafe class GemmMicroKernel
{
    /// <summary>MR: rows of C per register tile, and rows per sliver of packed A.</summary>
    public const int Rows = 6;

    /// <summary>
    /// C[0..6, 0..2w] (+)= A·B over <paramref name="kc"/> steps. <paramref name="a"/> is a packed A sliver (6 values
    /// per step); <paramref name="b"/> is a B sliver with row stride <paramref name="ldb"/> (2w when packed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<TV>(float* a, float* b, nint ldb, float* c, nint ldc, int kc, bool loadC)
        where TV : unmanaged, IGemmVector<TV>
    {
        int w = TV.Count;
        float* c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        TV x00 = TV.Zero, x01 = TV.Zero, x10 = TV.Zero, x11 = TV.Zero, x20 = TV.Zero, x21 = TV.Zero;
        TV x30 = TV.Zero, x31 = TV.Zero, x40 = TV.Zero, x41 = TV.Zero, x50 = TV.Zero, x51 = TV.Zero;
        if (loadC)
        {
            x00 = TV.Load(c0); x01 = TV.Load(c0 + w); x10 = TV.Load(c1); x11 = TV.Load(c1 + w);
            x20 = TV.Load(c2); x21 = TV.Load(c2 + w); x30 = TV.Load(c3); x31 = TV.Load(c3 + w);
            x40 = TV.Load(c4); x41 = TV.Load(c4 + w); x50 = TV.Load(c5); x51 = TV.Load(c5 + w);
        }
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TV.Load(b), b1 = TV.Load(b + w);
            TV ai = TV.Broadcast(a);
            x00 = TV.MultiplyAdd(ai, b0, x00); x01 = TV.MultiplyAdd(ai, b1, x01);
            ai = TV.Broadcast(a + 1);
            x10 = TV.MultiplyAdd(ai, b0, x10); x11 = TV.MultiplyAdd(ai, b1, x11);
            ai = TV.Broadcast(a + 2);
            x20 = TV.MultiplyAdd(ai, b0, x20); x21 = TV.MultiplyAdd(ai, b1, x21);
            ai = TV.Broadcast(a + 3);
            x30 = TV.MultiplyAdd(ai, b0, x30); x31 = TV.MultiplyAdd(ai, b1, x31);
            ai = TV.Broadcast(a + 4);
            x40 = TV.MultiplyAdd(ai, b0, x40); x41 = TV.MultiplyAdd(ai, b1, x41);
            ai = TV.Broadcast(a + 5);
            x50 = TV.MultiplyAdd(ai, b0, x50); x51 = TV.MultiplyAdd(ai, b1, x51);
            a += Rows;
            b += ldb;
        }
        TV.Store(x00, c0); TV.Store(x01, c0 + w); TV.Store(x10, c1); TV.Store(x11, c1 + w);
        TV.Store(x20, c2); TV.Store(x21, c2 + w); TV.Store(x30, c3); TV.Store(x31, c3 + w);
        TV.Store(x40, c4); TV.Store(x41, c4 + w); TV.Store(x50, c5); TV.Store(x51, c5 + w);
    }

    /// <summary>
    /// As <see cref="Tile{TV}"/> but one vector wide: C[0..6, 0..w]. Used for the right edge of C when at most one
    /// vector of columns is left (e.g. a 10-unit output layer), so that half the multiply-adds are not wasted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NarrowTile<TV>(float* a, float* b, nint ldb, float* c, nint ldc, int kc, bool loadC)
        where TV : unmanaged, IGemmVector<TV>
    {
        float* c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        TV x0 = TV.Zero, x1 = TV.Zero, x2 = TV.Zero, x3 = TV.Zero, x4 = TV.Zero, x5 = TV.Zero;
        if (loadC)
        {
            x0 = TV.Load(c0); x1 = TV.Load(c1); x2 = TV.Load(c2); x3 = TV.Load(c3); x4 = TV.Load(c4); x5 = TV.Load(c5);
        }
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TV.Load(b);
            x0 = TV.MultiplyAdd(TV.Broadcast(a), b0, x0);
            x1 = TV.MultiplyAdd(TV.Broadcast(a + 1), b0, x1);
            x2 = TV.MultiplyAdd(TV.Broadcast(a + 2), b0, x2);
            x3 = TV.MultiplyAdd(TV.Broadcast(a + 3), b0, x3);
            x4 = TV.MultiplyAdd(TV.Broadcast(a + 4), b0, x4);
            x5 = TV.MultiplyAdd(TV.Broadcast(a + 5), b0, x5);
            a += Rows;
            b += ldb;
        }
        TV.Store(x0, c0); TV.Store(x1, c1); TV.Store(x2, c2); TV.Store(x3, c3); TV.Store(x4, c4); TV.Store(x5, c5);
    }

    /// <summary>
    /// Vector times matrix without packing: <c>c[j] (+)= Σ_p a[p]·b[p,j]</c> for a row vector <paramref name="a"/>
    /// of length <paramref name="k"/> and B stored row-major (k, n) with row stride <paramref name="ldb"/>.
    /// Eight vectors of columns at a time, then four, then one, then narrower vectors and single lanes; the same
    /// per-element chain as the tiles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowTimesMatrix<TV>(float* a, float* b, nint ldb, float* c, int n, int k, bool loadC)
        where TV : unmanaged, IGemmVector<TV>
    {
        int w = TV.Count, j = 0;
        for (; j + 8 * w <= n; j += 8 * w)
        {
            // eight chains in flight: enough to keep both FMA units busy through each multiply-add's latency
            float* cj = c + j, bj = b + j;
            TV x0 = TV.Zero, x1 = TV.Zero, x2 = TV.Zero, x3 = TV.Zero, x4 = TV.Zero, x5 = TV.Zero, x6 = TV.Zero, x7 = TV.Zero;
            if (loadC)
            {
                x0 = TV.Load(cj); x1 = TV.Load(cj + w); x2 = TV.Load(cj + 2 * w); x3 = TV.Load(cj + 3 * w);
                x4 = TV.Load(cj + 4 * w); x5 = TV.Load(cj + 5 * w); x6 = TV.Load(cj + 6 * w); x7 = TV.Load(cj + 7 * w);
            }
            for (int p = 0; p < k; p++, bj += ldb)
            {
                TV ap = TV.Broadcast(a + p);
                x0 = TV.MultiplyAdd(ap, TV.Load(bj), x0);
                x1 = TV.MultiplyAdd(ap, TV.Load(bj + w), x1);
                x2 = TV.MultiplyAdd(ap, TV.Load(bj + 2 * w), x2);
                x3 = TV.MultiplyAdd(ap, TV.Load(bj + 3 * w), x3);
                x4 = TV.MultiplyAdd(ap, TV.Load(bj + 4 * w), x4);
                x5 = TV.MultiplyAdd(ap, TV.Load(bj + 5 * w), x5);
                x6 = TV.MultiplyAdd(ap, TV.Load(bj + 6 * w), x6);
                x7 = TV.MultiplyAdd(ap, TV.Load(bj + 7 * w), x7);
            }
            TV.Store(x0, cj); TV.Store(x1, cj + w); TV.Store(x2, cj + 2 * w); TV.Store(x3, cj + 3 * w);
            TV.Store(x4, cj + 4 * w); TV.Store(x5, cj + 5 * w); TV.Store(x6, cj + 6 * w); TV.Store(x7, cj + 7 * w);
        }
        for (; j + 4 * w <= n; j += 4 * w)
        {
            float* cj = c + j, bj = b + j;
            TV x0 = TV.Zero, x1 = TV.Zero, x2 = TV.Zero, x3 = TV.Zero;
            if (loadC)
            {
                x0 = TV.Load(cj); x1 = TV.Load(cj + w); x2 = TV.Load(cj + 2 * w); x3 = TV.Load(cj + 3 * w);
            }
            for (int p = 0; p < k; p++, bj += ldb)
            {
                TV ap = TV.Broadcast(a + p);
                x0 = TV.MultiplyAdd(ap, TV.Load(bj), x0);
                x1 = TV.MultiplyAdd(ap, TV.Load(bj + w), x1);
                x2 = TV.MultiplyAdd(ap, TV.Load(bj + 2 * w), x2);
                x3 = TV.MultiplyAdd(ap, TV.Load(bj + 3 * w), x3);
            }
            TV.Store(x0, cj); TV.Store(x1, cj + w); TV.Store(x2, cj + 2 * w); TV.Store(x3, cj + 3 * w);
        }
        for (; j + w <= n; j += w)
        {
            RowTimesColumns<TV>(a, b + j, ldb, c + j, k, loadC);
        }
        // Fewer columns than a vector holds: narrower vectors, then four single lanes at a time, so that several
        // independent chains are in flight (one chain at a time waits on every multiply-add's latency).
        int rest = n - j;
        if (rest >= 8 && w > 8 && Vector256.IsHardwareAccelerated)
        {
            RowTimesMatrix<GemmVector256>(a, b + j, ldb, c + j, rest, k, loadC);
            return;
        }
        if (rest >= 4 && w > 4 && Vector128.IsHardwareAccelerated)
        {
            RowTimesMatrix<GemmVector128>(a, b + j, ldb, c + j, rest, k, loadC);
            return;
        }
        for (; j + 4 <= n; j += 4)
        {
            float* cj = c + j, bj = b + j;
            GemmScalar x0 = GemmScalar.Zero, x1 = GemmScalar.Zero, x2 = GemmScalar.Zero, x3 = GemmScalar.Zero;
            if (loadC)
            {
                x0 = GemmScalar.Load(cj); x1 = GemmScalar.Load(cj + 1); x2 = GemmScalar.Load(cj + 2); x3 = GemmScalar.Load(cj + 3);
            }
            for (int p = 0; p < k; p++, bj += ldb)
            {
                GemmScalar ap = GemmScalar.Broadcast(a + p);
                x0 = GemmScalar.MultiplyAdd(ap, GemmScalar.Load(bj), x0);
                x1 = GemmScalar.MultiplyAdd(ap, GemmScalar.Load(bj + 1), x1);
                x2 = GemmScalar.MultiplyAdd(ap, GemmScalar.Load(bj + 2), x2);
                x3 = GemmScalar.MultiplyAdd(ap, GemmScalar.Load(bj + 3), x3);
            }
            GemmScalar.Store(x0, cj); GemmScalar.Store(x1, cj + 1); GemmScalar.Store(x2, cj + 2); GemmScalar.Store(x3, cj + 3);
        }
        for (; j < n; j++)
        {
            RowTimesColumns<GemmScalar>(a, b + j, ldb, c + j, k, loadC);
        }
    }

    /// <summary>
    /// The whole product element by element, for products so small that packing and tiling cost more than they
    /// save. Each element is the same multiply-add chain as in the tiles, in scalar arithmetic.
    /// </summary>
    public static void ElementByElement(in GemmProblem p)
    {
        nint aRow = p.TransposeA ? 1 : p.Lda, aStep = p.TransposeA ? p.Lda : 1;
        nint bColumn = p.TransposeB ? p.Ldb : 1, bStep = p.TransposeB ? 1 : p.Ldb;
        for (int i = 0; i < p.M; i++)
        {
            float* c = p.C + i * p.Ldc;
            for (int j = 0; j < p.N; j++)
            {
                float* a = p.A + i * aRow, b = p.B + j * bColumn;
                GemmScalar x = p.Accumulate ? GemmScalar.Load(c + j) : GemmScalar.Zero;
                for (int q = 0; q < p.K; q++, a += aStep, b += bStep)
                {
                    x = GemmScalar.MultiplyAdd(GemmScalar.Load(a), GemmScalar.Load(b), x);
                }
                GemmScalar.Store(x, c + j);
            }
        }
    }

    /// <summary>One vector (or one lane) of <see cref="RowTimesMatrix{TV}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowTimesColumns<TV>(float* a, float* b, nint ldb, float* c, int k, bool loadC)
        where TV : unmanaged, IGemmVector<TV>
    {
        TV x = loadC ? TV.Load(c) : TV.Zero;
        for (int p = 0; p < k; p++, b += ldb)
        {
            x = TV.MultiplyAdd(TV.Broadcast(a + p), TV.Load(b), x);
        }
        TV.Store(x, c);
    }
}
