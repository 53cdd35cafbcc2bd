using System.Numerics.Tensors;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>Logistic sigmoid <c>1 / (1 + e⁻ˣ)</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Sigmoid(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.Output, static (gi, yi) => gi * yi * (1f - yi))]);
        return y;
    }

    /// <summary>Hyperbolic tangent.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Tanh(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Tanh(s, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.Output, static (gi, yi) => gi * (1f - yi * yi))]);
        return y;
    }

    /// <summary>Rectified linear unit <c>max(x, 0)</c>. Gradient convention at the kink: ReLU′(0) = 0.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Relu(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Max(s, 0f, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => xi > 0f ? gi : 0f)]);
        return y;
    }

    /// <summary>
    /// ReLU capped at 6: <c>min(max(x, 0), 6)</c>. Gradient convention at both kinks: 0 at x = 0 and at x = 6, as
    /// TensorFlow's <c>relu6</c> (unlike <see cref="Clip"/>, whose gradient passes at its bounds).
    /// </summary>
    /// <param name="x">The input.</param>
    public static Tensor Relu6(Tensor x)
    {
        var y = Unary(x, static (s, d) => TensorPrimitives.Clamp(s, 0f, 6f, d));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => xi > 0f && xi < 6f ? gi : 0f)]);
        return y;
    }

    /// <summary>Leaky ReLU: <c>x</c> for x &gt; 0, else <c>negativeSlope·x</c>. Keras' function default slope is 0.2.</summary>
    /// <param name="x">The input.</param>
    /// <param name="negativeSlope">Slope for negative inputs.</param>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.2f)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape);
        var xs = x.Span;
        var ys = y.Data;
        for (int i = 0; i < xs.Length; i++)
        {
            ys[i] = xs[i] > 0f ? xs[i] : negativeSlope * xs[i];
        }
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            float slope = n.GetState<float>();
            var dx = Tensor.Empty(g.Shape);
            var gs = g.Span;
            var xs = n.A.Span;
            var d = dx.Data;
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = xs[i] > 0f ? gs[i] : slope * gs[i];
            }
            return [dx];
        }, negativeSlope);
        return y;
    }

    /// <summary>Exponential linear unit: <c>x</c> for x &gt; 0, else <c>alpha·(eˣ − 1)</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">Scale of the negative part.</param>
    public static Tensor Elu(Tensor x, float alpha = 1f)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape);
        var xs = x.Span;
        var ys = y.Data;
        for (int i = 0; i < xs.Length; i++)
        {
            ys[i] = xs[i] > 0f ? xs[i] : alpha * (MathF.Exp(xs[i]) - 1f);
        }
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            float al = n.GetState<float>();
            var dx = Tensor.Empty(g.Shape);
            var gs = g.Span;
            var xs = n.A.Span;
            var ys = n.Output.Span;
            var d = dx.Data;
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = xs[i] > 0f ? gs[i] : gs[i] * (ys[i] + al);
            }
            return [dx];
        }, alpha);
        return y;
    }

    /// <summary>Scaled ELU with Keras' constants (alpha ≈ 1.6733, scale ≈ 1.0507).</summary>
    /// <param name="x">The input.</param>
    public static Tensor Selu(Tensor x)
    {
        const float alpha = 1.67326324f, scale = 1.05070098f;
        var y = Unary(x, static (s, d) => MapSpan(s, d, static v => v > 0f ? scale * v : scale * alpha * (MathF.Exp(v) - 1f)));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => xi > 0f ? gi * scale : gi * scale * alpha * MathF.Exp(xi))]);
        return y;
    }

    /// <summary>Softplus <c>log(1 + eˣ)</c>, computed stably as <c>max(x, 0) + log1p(e^−|x|)</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Softplus(Tensor x)
    {
        var y = Unary(x, static (s, d) => MapSpan(s, d, static v => MathF.Max(v, 0f) + (float)Math.Log(1.0 + Math.Exp(-Math.Abs(v)))));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => gi / (1f + MathF.Exp(-xi)))]);
        return y;
    }

    /// <summary>Softsign <c>x / (1 + |x|)</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Softsign(Tensor x)
    {
        var y = Unary(x, static (s, d) => MapSpan(s, d, static v => v / (1f + MathF.Abs(v))));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => gi / ((1f + MathF.Abs(xi)) * (1f + MathF.Abs(xi))))]);
        return y;
    }

    /// <summary>SiLU (swish) <c>x·sigmoid(x)</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Silu(Tensor x)
    {
        var y = Unary(x, static (s, d) => MapSpan(s, d, static v => v / (1f + MathF.Exp(-v))));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) =>
        {
            float sg = 1f / (1f + MathF.Exp(-xi));
            return gi * (sg + xi * sg * (1f - sg));
        })]);
        return y;
    }

    /// <summary>Swish, an alias of <see cref="Silu"/> as in Keras.</summary>
    /// <param name="x">The input.</param>
    public static Tensor Swish(Tensor x) => Silu(x);

    /// <summary>
    /// GELU. Keras' default is the exact form <c>0.5·x·(1 + erf(x/√2))</c>; <paramref name="approximate"/> uses the
    /// tanh approximation.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="approximate">Use the tanh approximation.</param>
    public static Tensor Gelu(Tensor x, bool approximate = false)
    {
        const double k = 0.7978845608028654; // sqrt(2/pi)
        var y = approximate
            ? Unary(x, static (s, d) => MapSpan(s, d, static v => (float)(0.5 * v * (1 + Math.Tanh(k * (v + 0.044715 * v * v * v))))))
            : Unary(x, static (s, d) => MapSpan(s, d, static v => (float)(0.5 * v * (1 + Erf(v / Math.Sqrt(2))))));
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            bool approx = n.GetState<bool>();
            return [Map(g, n.A, approx
                ? static (gi, xi) =>
                {
                    double u = k * (xi + 0.044715 * xi * xi * xi);
                    double t = Math.Tanh(u);
                    double du = k * (1 + 3 * 0.044715 * xi * xi);
                    return (float)(gi * (0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * du));
                }
                : static (gi, xi) =>
                {
                    double cdf = 0.5 * (1 + Erf(xi / Math.Sqrt(2)));
                    double pdf = Math.Exp(-0.5 * xi * xi) / Math.Sqrt(2 * Math.PI);
                    return (float)(gi * (cdf + xi * pdf));
                })];
        }, approximate);
        return y;
    }

    /// <summary>Keras 3 hard sigmoid: <c>relu6(x + 3) / 6</c>.</summary>
    /// <param name="x">The input.</param>
    public static Tensor HardSigmoid(Tensor x)
    {
        var y = Unary(x, static (s, d) => MapSpan(s, d, static v => Math.Clamp(v / 6f + 0.5f, 0f, 1f)));
        GradientTape.RecordOp(y, x, static (g, n) => [Map(g, n.A, static (gi, xi) => xi > -3f && xi < 3f ? gi / 6f : 0f)]);
        return y;
    }

    /// <summary>Softmax over <paramref name="axis"/>, computed stably (the maximum is subtracted first).</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, ax);
        var y = Tensor.Empty(x.Shape);
        Kernels.Softmax.Forward(x.Span, outer, n, inner, y.Data);
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            int a = node.GetState<int>();
            var gy = Multiply(g, node.Output);
            return [Subtract(gy, Multiply(node.Output, Sum(gy, a, keepDims: true)))];
        }, ax);
        return y;
    }

    /// <summary>Log-softmax over <paramref name="axis"/>, computed stably.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, ax);
        var y = Tensor.Empty(x.Shape);
        Kernels.Softmax.LogForward(x.Span, outer, n, inner, y.Data);
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            int a = node.GetState<int>();
            var softmax = Exp(node.Output);
            return [Subtract(g, Multiply(softmax, Sum(g, a, keepDims: true)))];
        }, ax);
        return y;
    }

    /// <summary><c>log Σ exp(x)</c> over <paramref name="axis"/>, computed stably.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis; -1 is the last.</param>
    /// <param name="keepDims">Keep the axis with size 1.</param>
    public static Tensor LogSumExp(Tensor x, int axis = -1, bool keepDims = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, ax);
        var kept = x.Shape.With(ax, 1);
        var y = Tensor.Empty(kept);
        Kernels.Softmax.LogSumExp(x.Span, outer, n, inner, y.Data);
        GradientTape.RecordOp(y, x, static (g, node) => [Multiply(g, Exp(Subtract(node.A, node.Output)))]);
        if (keepDims)
        {
            return y;
        }
        Span<bool> remove = stackalloc bool[x.Rank];
        remove[ax] = true;
        return Reshape(y, x.Shape.Without(remove));
    }

    private static void MapSpan(ReadOnlySpan<float> s, Span<float> d, Func<float, float> f)
    {
        for (int i = 0; i < s.Length; i++)
        {
            d[i] = f(s[i]);
        }
    }

    /// <summary>Element-wise <c>f(g, x)</c> for same-shape tensors (used by backward functions).</summary>
    private static Tensor Map(Tensor g, Tensor x, Func<float, float, float> f)
    {
        var output = Tensor.Empty(g.Shape);
        var gs = g.Span;
        var xs = x.Span;
        var d = output.Data;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = f(gs[i], xs[i]);
        }
        return output;
    }

    /// <summary>The error function, accurate to about 1e-15 (W. J. Cody's rational approximations).</summary>
    internal static double Erf(double x)
    {
        // erf via the complementary error function's continued-fraction-free expansion:
        // use the relation with the incomplete gamma function computed by series / continued fraction.
        double ax = Math.Abs(x);
        double r;
        if (ax < 2.0)
        {
            // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double sum = ax, term = ax, x2 = ax * ax;
            for (int n = 1; n < 60; n++)
            {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }
            r = 2.0 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // Continued fraction for erfc (Lentz), converges quickly for x >= 2.
            double tiny = 1e-300;
            double f = ax, c = ax, d = 0;
            for (int n = 1; n < 200; n++)
            {
                double an = n / 2.0;
                d = ax + an * d;
                d = Math.Abs(d) < tiny ? tiny : d;
                c = ax + an / c;
                c = Math.Abs(c) < tiny ? tiny : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.Abs(delta - 1) < 1e-16)
                {
                    break;
                }
            }
            double erfc = Math.Exp(-ax * ax) / Math.Sqrt(Math.PI) / f;
            r = 1 - erfc;
        }
        return x < 0 ? -r : r;
    }
}
