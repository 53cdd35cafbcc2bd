using System.Numerics.Tensors;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Parametric ReLU: <c>x</c> for x &gt; 0, else <c>alpha·x</c>, with <paramref name="alpha"/> broadcast to
    /// <paramref name="x"/>'s shape (Keras' <c>PReLU</c> layer: <c>relu(x) − alpha·relu(−x)</c>, whose gradients this
    /// op has, 0 for both inputs at x = 0).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slopes for negative inputs; must broadcast to <paramref name="x"/>'s shape.</param>
    /// <exception cref="ArgumentException"><paramref name="alpha"/> does not broadcast to <paramref name="x"/>'s shape.</exception>
    public static Tensor PRelu(Tensor x, Tensor alpha)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(alpha);
        if (Shape.Broadcast(x.Shape, alpha.Shape, "prelu") != x.Shape)
        {
            throw new ArgumentException($"prelu needs alpha to broadcast to the input's shape {x.Shape}. Received: alpha.shape={alpha.Shape}", nameof(alpha));
        }
        var y = Tensor.Empty(x.Shape);
        Broadcasting.Binary<PReluOperator>(x.Span, x.Shape, alpha.Span, alpha.Shape, y.Data, x.Shape);
        GradientTape.RecordOp(y, x, alpha, static (g, n) =>
        {
            Tensor? dx = null, dalpha = null;
            if (n.NeedsGradient(0))
            {
                // g · (1 for x > 0, alpha for x < 0, 0 at 0)
                dx = Tensor.Empty(g.Shape);
                Broadcasting.Binary<PReluSlopeOperator>(n.A.Span, n.A.Shape, n.B.Span, n.B.Shape, dx.Data, g.Shape);
                TensorPrimitives.Multiply(dx.Data, g.Span, dx.Data);
            }
            if (n.NeedsGradient(1))
            {
                dalpha = PReluAlphaGradient(g, n.A, n.B.Shape);
            }
            return [dx, dalpha];
        });
        return y;
    }

    /// <summary>Σ g·min(x, 0) over the axes alpha is broadcast along, summed straight into alpha's shape.</summary>
    private static Tensor PReluAlphaGradient(Tensor g, Tensor x, Shape alphaShape)
    {
        var dalpha = Tensor.Zeros(alphaShape);
        var d = dalpha.Data;
        var gs = g.Span;
        var xs = x.Span;
        if (alphaShape == x.Shape)
        {
            TensorPrimitives.Min(xs, 0f, d);
            TensorPrimitives.Multiply(d, gs, d);
            return dalpha;
        }
        var shape = x.Shape;
        int rank = shape.Rank;
        Span<int> strides = stackalloc int[rank];
        Span<int> index = stackalloc int[rank];
        Broadcasting.BroadcastStrides(alphaShape, shape, strides);
        int a = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (xs[i] < 0f)
            {
                d[a] += gs[i] * xs[i];
            }
            // next index of x (row-major), moving alpha's offset along
            for (int k = rank - 1; k >= 0; k--)
            {
                a += strides[k];
                if (++index[k] < shape[k])
                {
                    break;
                }
                a -= strides[k] * shape[k];
                index[k] = 0;
            }
        }
        return dalpha;
    }

    /// <summary><c>x &gt; 0 ? x : alpha·x</c>.</summary>
    private readonly struct PReluOperator : IBinaryOperator
    {
        public static float Invoke(float x, float alpha) => x > 0f ? x : alpha * x;

        public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> alpha, Span<float> d) => ScalarLoop<PReluOperator>.Invoke(x, alpha, d);

        public static void Invoke(ReadOnlySpan<float> x, float alpha, Span<float> d) => ScalarLoop<PReluOperator>.Invoke(x, alpha, d);

        public static void Invoke(float x, ReadOnlySpan<float> alpha, Span<float> d) => ScalarLoop<PReluOperator>.Invoke(x, alpha, d);
    }

    /// <summary>The derivative in x: 1 for x &gt; 0, alpha for x &lt; 0, 0 at 0 (and for NaN).</summary>
    private readonly struct PReluSlopeOperator : IBinaryOperator
    {
        public static float Invoke(float x, float alpha) => x > 0f ? 1f : x < 0f ? alpha : 0f;

        public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> alpha, Span<float> d) => ScalarLoop<PReluSlopeOperator>.Invoke(x, alpha, d);

        public static void Invoke(ReadOnlySpan<float> x, float alpha, Span<float> d) => ScalarLoop<PReluSlopeOperator>.Invoke(x, alpha, d);

        public static void Invoke(float x, ReadOnlySpan<float> alpha, Span<float> d) => ScalarLoop<PReluSlopeOperator>.Invoke(x, alpha, d);
    }

    /// <summary>The span forms of a binary operator from its scalar form, for operators without a vectorized kernel.</summary>
    private static class ScalarLoop<TOp>
        where TOp : struct, IBinaryOperator
    {
        public static void Invoke(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = TOp.Invoke(x[i], y[i]);
            }
        }

        public static void Invoke(ReadOnlySpan<float> x, float y, Span<float> d)
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = TOp.Invoke(x[i], y);
            }
        }

        public static void Invoke(float x, ReadOnlySpan<float> y, Span<float> d)
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = TOp.Invoke(x, y[i]);
            }
        }
    }
}
