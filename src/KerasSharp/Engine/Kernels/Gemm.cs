using System.Buffers;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans: <c>C (+)= op(A) · op(B)</c>, with <c>op(A)</c> of shape
/// <c>(m, k)</c> and <c>op(B)</c> of shape <c>(k, n)</c>. Transposes are read in place, never materialised as tensors.
/// Rows of C are split across threads for large products; each element is computed by one thread in a fixed order,
/// so the result does not depend on the thread count.
/// </summary>
internal static class Gemm
{
    private const long ParallelThreshold = 1L << 21;

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (!accumulate)
        {
            c[..(m * n)].Clear();
        }
        if (k == 0)
        {
            return;
        }
        float[]? packedA = null;
        if (transposeA && transposeB)
        {
            // op(A) = Aᵀ with A stored (k, m): pack it as (m, k) so each row is contiguous for the dot products.
            packedA = ArrayPool<float>.Shared.Rent(m * k);
            for (int p = 0; p < k; p++)
            {
                for (int i = 0; i < m; i++)
                {
                    packedA[i * k + p] = a[p * m + i];
                }
            }
            transposeA = false;
        }
        try
        {
            long work = (long)m * n * k;
            if (work >= ParallelThreshold && m > 1 && Environment.ProcessorCount > 1)
            {
                unsafe
                {
                    fixed (float* pa = packedA is null ? a : packedA, pb = b, pc = c)
                    {
                        var args = new GemmArgs(pa, pb, pc, m, n, k, transposeA, transposeB, packedA is null ? a.Length : m * k, b.Length);
                        Parallel.For(0, m, i => RowPtr(args, i));
                    }
                }
            }
            else
            {
                ReadOnlySpan<float> aa = packedA is null ? a : packedA.AsSpan(0, m * k);
                for (int i = 0; i < m; i++)
                {
                    Row(aa, b, c.Slice(i * n, n), i, m, n, k, transposeA, transposeB);
                }
            }
        }
        finally
        {
            if (packedA is not null)
            {
                ArrayPool<float>.Shared.Return(packedA);
            }
        }
    }

    private readonly unsafe struct GemmArgs(float* a, float* b, float* c, int m, int n, int k, bool ta, bool tb, int aLen, int bLen)
    {
        public readonly float* A = a, B = b, C = c;
        public readonly int M = m, N = n, K = k, ALength = aLen, BLength = bLen;
        public readonly bool TransposeA = ta, TransposeB = tb;
    }

    private static unsafe void RowPtr(GemmArgs g, int i)
    {
        var a = new ReadOnlySpan<float>(g.A, g.ALength);
        var b = new ReadOnlySpan<float>(g.B, g.BLength);
        var c = new Span<float>(g.C + (long)i * g.N, g.N);
        Row(a, b, c, i, g.M, g.N, g.K, g.TransposeA, g.TransposeB);
    }

    /// <summary>One row of C: <c>c[j] += Σ_p op(A)[i,p] · op(B)[p,j]</c>.</summary>
    private static void Row(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> cRow, int i, int m, int n, int k, bool transposeA, bool transposeB)
    {
        if (transposeB)
        {
            // B stored (n, k): every C element is a dot product of two contiguous rows.
            var aRow = a.Slice(i * k, k);
            for (int j = 0; j < n; j++)
            {
                cRow[j] += TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
            }
            return;
        }
        for (int p = 0; p < k; p++)
        {
            // no "skip when a[i,p] == 0" shortcut: 0·inf and 0·NaN must give NaN, as in NumPy and TensorFlow
            float aip = transposeA ? a[p * m + i] : a[i * k + p];
            TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), aip, cRow, cRow);
        }
    }
}
