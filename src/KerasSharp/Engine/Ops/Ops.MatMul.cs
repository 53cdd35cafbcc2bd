using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    private readonly record struct MatMulState(bool TransposeA, bool TransposeB);

    /// <summary>
    /// Matrix product <c>op(a) · op(b)</c>. <paramref name="a"/> may have rank &gt; 2 (its leading axes are treated as
    /// rows, as <c>Dense</c> does on sequences); <paramref name="b"/> is a matrix.
    /// </summary>
    /// <param name="a">Left operand <c>(…, m, k)</c>, or <c>(k, m)</c> when transposed.</param>
    /// <param name="b">Right operand <c>(k, n)</c>, or <c>(n, k)</c> when transposed.</param>
    /// <param name="transposeA">Use <c>aᵀ</c> (rank 2 only).</param>
    /// <param name="transposeB">Use <c>bᵀ</c>.</param>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (b.Rank != 2 || a.Rank < 2 || (transposeA && a.Rank != 2))
        {
            throw new ArgumentException($"MatMul expects a (…, m, k) tensor and a (k, n) matrix, but received shapes {a.Shape} and {b.Shape}.");
        }
        int k = transposeA ? a.Shape[0] : a.Shape[^1];
        int m = transposeA ? a.Shape[1] : a.Size / Math.Max(k, 1);
        if (!transposeA && k == 0)
        {
            m = 1;
            for (int i = 0; i < a.Rank - 1; i++)
            {
                m *= a.Shape[i];
            }
        }
        int kb = transposeB ? b.Shape[1] : b.Shape[0];
        int n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            throw new ArgumentException($"Incompatible shapes for MatMul: {a.Shape}{(transposeA ? "ᵀ" : "")} and {b.Shape}{(transposeB ? "ᵀ" : "")} (inner dimensions {k} and {kb} differ).");
        }
        Shape outShape;
        if (transposeA)
        {
            outShape = new Shape(m, n);
        }
        else
        {
            outShape = a.Shape.With(a.Rank - 1, n);
        }
        var y = Tensor.Empty(outShape);
        Gemm.Multiply(a.Span, b.Span, y.Data, m, n, k, transposeA, transposeB);
        GradientTape.RecordOp(y, a, b, static (g, node) =>
        {
            var s = node.GetState<MatMulState>();
            var a2 = node.A.Rank == 2 ? node.A : Reshape(node.A, new Shape(-1, node.A.Shape[^1]));
            var g2 = g.Rank == 2 ? g : Reshape(g, new Shape(-1, g.Shape[^1]));
            Tensor? da = null, db = null;
            if (node.NeedsGradient(0))
            {
                // dA = g·op(B)ᵀ, or (g·op(B)ᵀ)ᵀ = op(B)·gᵀ when A was transposed
                da = s.TransposeA ? MatMul(node.B, g2, transposeA: s.TransposeB, transposeB: true) : MatMul(g2, node.B, transposeB: !s.TransposeB);
                da = Reshape(da, node.A.Shape);
            }
            if (node.NeedsGradient(1))
            {
                // dB = op(A)ᵀ·g, or gᵀ·op(A) when B was transposed
                db = s.TransposeB ? MatMul(g2, a2, transposeA: true, transposeB: s.TransposeA) : MatMul(a2, g2, transposeA: !s.TransposeA);
            }
            return [da, db];
        }, new MatMulState(transposeA, transposeB));
        return y;
    }

    /// <summary>
    /// Batched matrix product: <c>op(a[i]) · op(b[i])</c> for every index <c>i</c> of the first axis
    /// (<c>keras.ops.matmul</c> on two rank-3 tensors). The <c>Dot</c> layer is built on it.
    /// </summary>
    /// <param name="a">Left operand <c>(batch, m, k)</c>, or <c>(batch, k, m)</c> when transposed.</param>
    /// <param name="b">Right operand <c>(batch, k, n)</c>, or <c>(batch, n, k)</c> when transposed.</param>
    /// <param name="transposeA">Use each <c>a[i]ᵀ</c>.</param>
    /// <param name="transposeB">Use each <c>b[i]ᵀ</c>.</param>
    /// <returns>The products, <c>(batch, m, n)</c>.</returns>
    /// <example><code>var scores = Ops.BatchMatMul(queries, keys, transposeB: true);   // (b, q, d)·(b, k, d)ᵀ → (b, q, k)</code></example>
    public static Tensor BatchMatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 3 || b.Rank != 3 || a.Shape[0] != b.Shape[0])
        {
            throw new ArgumentException($"BatchMatMul expects two rank-3 tensors with the same first (batch) axis, but received shapes {a.Shape} and {b.Shape}.");
        }
        int batch = a.Shape[0];
        int m = transposeA ? a.Shape[2] : a.Shape[1];
        int k = transposeA ? a.Shape[1] : a.Shape[2];
        int kb = transposeB ? b.Shape[2] : b.Shape[1];
        int n = transposeB ? b.Shape[1] : b.Shape[2];
        if (k != kb)
        {
            throw new ArgumentException($"Incompatible shapes for BatchMatMul: {a.Shape}{(transposeA ? "ᵀ" : "")} and {b.Shape}{(transposeB ? "ᵀ" : "")} (inner dimensions {k} and {kb} differ).");
        }
        var y = Tensor.Empty(new Shape(batch, m, n));
        var av = a.Span;
        var bv = b.Span;
        var yv = y.Data;
        for (int i = 0; i < batch; i++)
        {
            Gemm.Multiply(av.Slice(i * m * k, m * k), bv.Slice(i * k * n, k * n), yv.Slice(i * m * n, m * n), m, n, k, transposeA, transposeB);
        }
        GradientTape.RecordOp(y, a, b, static (g, node) =>
        {
            var s = node.GetState<MatMulState>();
            Tensor? da = null, db = null;
            if (node.NeedsGradient(0))
            {
                // dA = g·op(B)ᵀ, or op(B)·gᵀ when A was transposed
                da = s.TransposeA ? BatchMatMul(node.B, g, transposeA: s.TransposeB, transposeB: true) : BatchMatMul(g, node.B, transposeB: !s.TransposeB);
            }
            if (node.NeedsGradient(1))
            {
                // dB = op(A)ᵀ·g, or gᵀ·op(A) when B was transposed
                db = s.TransposeB ? BatchMatMul(g, node.A, transposeA: true, transposeB: s.TransposeA) : BatchMatMul(node.A, g, transposeA: !s.TransposeA);
            }
            return [da, db];
        }, new MatMulState(transposeA, transposeB));
        return y;
    }
}
