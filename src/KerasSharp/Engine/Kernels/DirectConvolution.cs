using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Convolution with a small patch (a first layer on grayscale or RGB images: 3×3×1 = 9 or 3×3×3 = 27 values) computed
/// straight from the input, without the column matrix: for such a patch, building and packing that matrix costs more
/// than the multiply-adds. Each output value is the same chain of multiply-adds over the patch, in the same order, as
/// the GEMM path computes, so the two give identical bits; the kernel gradient likewise adds the rows in order.
/// </summary>
internal static unsafe class DirectConvolution
{
    /// <summary>The largest patch taken directly.</summary>
    public const int MaxPatch = 32;

    /// <summary>The most kernel values (patch · filters) the gradient keeps in its on-stack sums.</summary>
    private const int MaxKernel = 8192;

    /// <summary>Whether the direct path handles this geometry: a small patch and whole vectors of filters.</summary>
    public static bool Applies(in ConvGeometry g, int filters) =>
        !g.IsPointwise && g.PatchSize <= MaxPatch && filters > 0 && filters % VectorWidth == 0 && g.PatchSize * filters <= MaxKernel;

    /// <summary>The vector width the kernels use (the same ladder as the GEMM).</summary>
    private static int VectorWidth =>
        Vector512.IsHardwareAccelerated && Fma.IsSupported ? 16
        : Vector256.IsHardwareAccelerated ? 8
        : Vector128.IsHardwareAccelerated ? 4
        : 1;

    /// <summary>Raw sums <c>y[r, f] = Σₚ patch(r)ₚ · w[p, f]</c> for rows <c>[rowStart, rowStart + count)</c> (no bias, no activation).</summary>
    public static void Forward(float* x, float* w, in ConvGeometry g, int filters, float* y, int rowStart, int count)
    {
        if (Vector512.IsHardwareAccelerated && Fma.IsSupported)
        {
            Forward<GemmVector512>(x, w, g, filters, y, rowStart, count);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Forward<GemmVector256>(x, w, g, filters, y, rowStart, count);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Forward<GemmVector128>(x, w, g, filters, y, rowStart, count);
        }
        else
        {
            Forward<GemmScalar>(x, w, g, filters, y, rowStart, count);
        }
    }

    /// <summary>
    /// The kernel and bias gradients straight from the output gradient <paramref name="dy"/> of rows
    /// <c>[rowStart, rowStart + count)</c>, with the ReLU backward (from the output <paramref name="y"/>) applied on
    /// the fly when <paramref name="y"/> is not null: one pass over the rows, no masked copy of the gradient. Sums are
    /// added in row order to <paramref name="dw"/> and, when not null, <paramref name="db"/>. Rows are indexed from
    /// the start of <paramref name="y"/> and <paramref name="dy"/>.
    /// </summary>
    public static void Gradients(float* x, float* y, float* dy, in ConvGeometry g, int filters, float* dw, float* db, int rowStart, int count)
    {
        if (Vector512.IsHardwareAccelerated && Fma.IsSupported)
        {
            Gradients<GemmVector512>(x, y, dy, g, filters, dw, db, rowStart, count);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Gradients<GemmVector256>(x, y, dy, g, filters, dw, db, rowStart, count);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Gradients<GemmVector128>(x, y, dy, g, filters, dw, db, rowStart, count);
        }
        else
        {
            Gradients<GemmScalar>(x, y, dy, g, filters, dw, db, rowStart, count);
        }
    }

    /// <summary>
    /// Where each row's patch values are read from. Always a local of the kernel using it: the pointers it hands out
    /// point into itself, which is only safe on the stack.
    /// </summary>
    private struct Patches
    {
        private fixed int _offsets[MaxPatch];
        private fixed int _identity[MaxPatch];
        private fixed float _gathered[MaxPatch];

        /// <summary>Offsets of the patch values from a window's first pixel, in patch order (kh, kw, channels).</summary>
        public Patches(in ConvGeometry g)
        {
            int p = 0;
            for (int i = 0; i < g.KernelHeight; i++)
            {
                for (int j = 0; j < g.KernelWidth; j++)
                {
                    for (int c = 0; c < g.Channels; c++, p++)
                    {
                        _offsets[p] = ((i * g.DilationHeight * g.InWidth) + (j * g.DilationWidth)) * g.Channels + c;
                        _identity[p] = p;
                    }
                }
            }
        }

        /// <summary>
        /// Row <paramref name="row"/>'s patch: inside the input its values are at fixed offsets from the window's
        /// first pixel; a window over padding is gathered (zeros for padding) into a small buffer.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* Source(float* x, in ConvGeometry g, int row, out int* offsets)
        {
            g.Origin(row, out int n, out int h0, out int w0);
            if (h0 >= 0 && h0 + (g.KernelHeight - 1) * g.DilationHeight < g.InHeight
                && w0 >= 0 && w0 + (g.KernelWidth - 1) * g.DilationWidth < g.InWidth)
            {
                fixed (int* o = _offsets)
                {
                    offsets = o;
                }
                return x + g.PixelOffset(n, h0, w0);
            }
            fixed (float* gathered = _gathered)
            fixed (int* identity = _identity)
            {
                Im2Col.Pack(new ReadOnlySpan<float>(x, g.InputSize), g, row, 1, new Span<float>(gathered, g.PatchSize));
                offsets = identity;
                return gathered;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward<TV>(float* x, float* w, in ConvGeometry g, int filters, float* y, int rowStart, int count)
        where TV : unmanaged, IGemmVector<TV>
    {
        int patch = g.PatchSize, width = TV.Count;
        var patches = new Patches(g);
        for (int r = rowStart; r < rowStart + count; r++)
        {
            float* source = patches.Source(x, g, r, out int* at);
            float* yr = y + (nint)r * filters;
            int f = 0;
            for (; f + 2 * width <= filters; f += 2 * width)
            {
                TV a0 = TV.Zero, a1 = TV.Zero;
                float* wp = w + f;
                for (int p = 0; p < patch; p++, wp += filters)
                {
                    TV v = TV.Broadcast(source + at[p]);
                    a0 = TV.MultiplyAdd(v, TV.Load(wp), a0);
                    a1 = TV.MultiplyAdd(v, TV.Load(wp + width), a1);
                }
                TV.Store(a0, yr + f);
                TV.Store(a1, yr + f + width);
            }
            for (; f < filters; f += width)
            {
                TV a = TV.Zero;
                float* wp = w + f;
                for (int p = 0; p < patch; p++, wp += filters)
                {
                    a = TV.MultiplyAdd(TV.Broadcast(source + at[p]), TV.Load(wp), a);
                }
                TV.Store(a, yr + f);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gradients<TV>(float* x, float* y, float* dy, in ConvGeometry g, int filters, float* dw, float* db, int rowStart, int count)
        where TV : unmanaged, IGemmVector<TV>
    {
        int patch = g.PatchSize, width = TV.Count;
        var patches = new Patches(g);
        // The sums are updated on every row: keep them in a cache-line-aligned copy, where a vector never straddles
        // two lines (a straddling store cannot be forwarded to the next row's load, which costs tens of cycles).
        int length = patch * filters;
        float* space = stackalloc float[length + filters + 16];
        float* sums = (float*)(((nint)space + 63) & ~(nint)63);
        float* biasSums = sums + length;
        new ReadOnlySpan<float>(dw, length).CopyTo(new Span<float>(sums, length));
        if (db is not null)
        {
            new ReadOnlySpan<float>(db, filters).CopyTo(new Span<float>(biasSums, filters));
        }
        for (int r = rowStart; r < rowStart + count; r++)
        {
            float* source = patches.Source(x, g, r, out int* at);
            nint row = (nint)r * filters;
            for (int f = 0; f < filters; f += width)
            {
                TV d = TV.Load(dy + row + f);
                if (y is not null)
                {
                    d = TV.WherePositive(TV.Load(y + row + f), d);
                }
                if (db is not null)
                {
                    TV.Store(TV.Add(TV.Load(biasSums + f), d), biasSums + f);
                }
                float* sp = sums + f;
                for (int p = 0; p < patch; p++, sp += filters)
                {
                    TV.Store(TV.MultiplyAdd(TV.Broadcast(source + at[p]), d, TV.Load(sp)), sp);
                }
            }
        }
        new ReadOnlySpan<float>(sums, length).CopyTo(new Span<float>(dw, length));
        if (db is not null)
        {
            new ReadOnlySpan<float>(biasSums, filters).CopyTo(new Span<float>(db, filters));
        }
    }
}
