using System.Buffers;
using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// The single-threaded GotoBLAS/BLIS loop nest of <see cref="Gemm"/>, for one <see cref="GemmProblem"/>.
/// </summary>
/// <remarks>
/// Five loops around the micro-kernel, each sized for one level of the memory hierarchy:
/// <code>
/// for jc over N in NC blocks                      // a column panel of C and B
///   for pc over K in KC blocks (in order)         // pack op(B)[pc.., jc..] (KC×NC, ~L3) into NR-wide slivers
///     for ic over M in MC blocks                  // pack op(A)[ic.., pc..] (MC×KC, ~L2) into MR-row slivers
///       for jr over the NC columns in NR steps    // one B sliver (KC×NR, ~L1) is reused by every A sliver
///         for ir over the MC rows in MR steps     // MR×NR register tile: C[ic+ir.., jc+jr..] (+)= A·B over KC
/// </code>
/// Between K blocks, C itself carries the partial sums (the kernel reloads it), which is why the result does not
/// depend on the block sizes. When M fits in one MC block and B is not transposed, B is read in place instead of
/// packed (packing would cost as much as the product), except for a ragged right sliver.
/// </remarks>
internal static unsafe class GemmBlocking
{
    private const int Mr = GemmMicroKernel.Rows;

    /// <summary>KC: steps of K per block; a 256×32 B sliver (32 KB) stays in the 48 KB L1.</summary>
    internal const int KcMax = 256;

    /// <summary>MC: rows of op(A) per packed block (a multiple of MR); 192×256 floats = 192 KB, in L2.</summary>
    internal const int McMax = 192;

    /// <summary>NC: columns of op(B) per packed panel (a multiple of every NR); 256×4096 floats = 4 MB, in L3.</summary>
    internal const int NcMax = 4096;

    /// <summary>Floats of slack so that a rented buffer can be aligned to a 64-byte cache line.</summary>
    private const int AlignSlack = 16;

    /// <summary>Computes the whole <paramref name="p"/> on the calling thread.</summary>
    public static void Run<TV>(in GemmProblem p) where TV : unmanaged, IGemmVector<TV>
    {
        int nr = 2 * TV.Count;
        int kc = BlockSize(p.K, KcMax, 1), mc = BlockSize(p.M, McMax, Mr), nc = BlockSize(p.N, NcMax, nr);
        bool readBInPlace = !p.TransposeB && p.M <= McMax;
        float[] aBuffer = ArrayPool<float>.Shared.Rent(mc * kc + AlignSlack);
        float[] bBuffer = ArrayPool<float>.Shared.Rent((readBInPlace ? nr : nc) * kc + AlignSlack);
        try
        {
            fixed (float* aRaw = aBuffer, bRaw = bBuffer)
            {
                float* aPack = AlignToCacheLine(aRaw), bPack = AlignToCacheLine(bRaw);
                for (int jc = 0; jc < p.N; jc += nc)
                {
                    int ncb = Math.Min(nc, p.N - jc);
                    for (int pc = 0; pc < p.K; pc += kc)
                    {
                        int kcb = Math.Min(kc, p.K - pc);
                        var panel = readBInPlace ? InPlacePanel<TV>(p, pc, kcb, jc, ncb, bPack) : PackedPanel<TV>(p, pc, kcb, jc, ncb, bPack);
                        bool loadC = p.Accumulate || pc > 0;
                        for (int ic = 0; ic < p.M; ic += mc)
                        {
                            int mcb = Math.Min(mc, p.M - ic);
                            GemmPacking.PackA(p.OpA(ic, pc), p.Lda, p.TransposeA, mcb, kcb, aPack);
                            MacroKernel<TV>(aPack, panel, p.C + ic * p.Ldc + jc, p.Ldc, mcb, ncb, kcb, loadC);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(aBuffer);
            ArrayPool<float>.Shared.Return(bBuffer);
        }
    }

    /// <summary>
    /// The block size for a dimension of <paramref name="total"/>: at most <paramref name="max"/> (rounded up to
    /// <paramref name="align"/>), with the blocks as even as possible, so that no tiny last block is left
    /// (K = 784 → 4 blocks of 196, not 256+256+256+16).
    /// </summary>
    private static int BlockSize(int total, int max, int align)
    {
        int blocks = (total + max - 1) / max;
        int size = (total + blocks - 1) / blocks;
        return (size + align - 1) / align * align;
    }

    private static float* AlignToCacheLine(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-wide slivers at <paramref name="buffer"/>.</summary>
    private static BPanel PackedPanel<TV>(in GemmProblem p, int pc, int kc, int jc, int nc, float* buffer)
        where TV : unmanaged, IGemmVector<TV>
    {
        GemmPacking.PackB<TV>(p.OpB(pc, jc), p.Ldb, p.TransposeB, kc, nc, buffer);
        int nr = 2 * TV.Count;
        return new BPanel(buffer, nr, kc, (nc + nr - 1) / nr * nr, null);
    }

    /// <summary>Reads row-major B in place; only a ragged right sliver is packed (into <paramref name="buffer"/>).</summary>
    private static BPanel InPlacePanel<TV>(in GemmProblem p, int pc, int kc, int jc, int nc, float* buffer)
        where TV : unmanaged, IGemmVector<TV>
    {
        int nr = 2 * TV.Count, fullColumns = nc / nr * nr;
        if (fullColumns < nc)
        {
            GemmPacking.PackB<TV>(p.OpB(pc, jc + fullColumns), p.Ldb, false, kc, nc - fullColumns, buffer);
        }
        return new BPanel(p.OpB(pc, jc), p.Ldb, 1, fullColumns, buffer);
    }

    /// <summary>
    /// The jr and ir loops: every MR×NR tile of C[0..mc, 0..nc] against one packed A block and one B panel.
    /// Full tiles go straight to the kernel; tiles cut by the bottom or right edge of C go through a scratch tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel<TV>(float* aPack, in BPanel panel, float* c, nint ldc, int mc, int nc, int kc, bool loadC)
        where TV : unmanaged, IGemmVector<TV>
    {
        int nr = 2 * TV.Count;
        float* scratch = stackalloc float[Mr * 2 * TV.Count];
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* b = panel.Sliver(jr, nr, out nint ldb);
            for (int ir = 0; ir < mc; ir += Mr)
            {
                int rows = Math.Min(Mr, mc - ir);
                float* a = aPack + ir * kc, tile = c + ir * ldc + jr;
                if (rows == Mr && cols == nr)
                {
                    GemmMicroKernel.Tile<TV>(a, b, ldb, tile, ldc, kc, loadC);
                }
                else
                {
                    EdgeTile<TV>(a, b, ldb, tile, ldc, kc, loadC, rows, cols, scratch);
                }
            }
        }
    }

    /// <summary>A tile with fewer than MR rows or NR columns inside C: computed in full in a scratch tile, of which
    /// only the <paramref name="rows"/>×<paramref name="cols"/> part is read from and written back to C.</summary>
    private static void EdgeTile<TV>(float* a, float* b, nint ldb, float* c, nint ldc, int kc, bool loadC, int rows, int cols, float* scratch)
        where TV : unmanaged, IGemmVector<TV>
    {
        int nr = 2 * TV.Count;
        if (loadC)
        {
            CopyTile(c, ldc, scratch, nr, rows, cols);
        }
        if (cols <= TV.Count)
        {
            GemmMicroKernel.NarrowTile<TV>(a, b, ldb, scratch, nr, kc, loadC);
        }
        else
        {
            GemmMicroKernel.Tile<TV>(a, b, ldb, scratch, nr, kc, loadC);
        }
        CopyTile(scratch, nr, c, ldc, rows, cols);
    }

    private static void CopyTile(float* source, nint sourceStride, float* destination, nint destinationStride, int rows, int cols)
    {
        for (int r = 0; r < rows; r++, source += sourceStride, destination += destinationStride)
        {
            new ReadOnlySpan<float>(source, cols).CopyTo(new Span<float>(destination, cols));
        }
    }

    /// <summary>
    /// Where the B slivers of one (pc, jc) panel are: sliver jr starts at <c>Base + jr·SliverStep</c> with row stride
    /// <c>Ldb</c> for jr below <c>Columns</c>; a ragged last sliver of an in-place panel is at <c>Edge</c> (stride NR).
    /// </summary>
    private readonly struct BPanel(float* @base, nint ldb, nint sliverStep, int columns, float* edge)
    {
        private readonly float* _base = @base, _edge = edge;
        private readonly nint _ldb = ldb, _sliverStep = sliverStep;
        private readonly int _columns = columns;

        public float* Sliver(int jr, int nr, out nint ldb)
        {
            if (jr < _columns)
            {
                ldb = _ldb;
                return _base + jr * _sliverStep;
            }
            ldb = nr;
            return _edge;
        }
    }
}
