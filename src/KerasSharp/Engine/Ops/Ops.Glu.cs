namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Gated linear unit: <paramref name="x"/> is split into halves <c>a</c>, <c>b</c> along <paramref name="axis"/>
    /// and the result is <c>a·sigmoid(b)</c>, half as long on that axis. One fused pass each way.
    /// </summary>
    /// <param name="x">The input; its size on <paramref name="axis"/> must be even.</param>
    /// <param name="axis">The axis to split; -1 is the last.</param>
    /// <exception cref="ArgumentException">The axis size is odd.</exception>
    public static Tensor Glu(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, ax);
        if (n % 2 != 0)
        {
            throw new ArgumentException($"axis size must be divisible by 2. Received: x.shape={x.Shape} with axis={axis}", nameof(x));
        }
        int half = n / 2 * inner;
        var y = Tensor.Empty(x.Shape.With(ax, n / 2));
        var xs = x.Span;
        var ys = y.Data;
        for (int o = 0; o < outer; o++)
        {
            var a = xs.Slice(o * 2 * half, half);
            var b = xs.Slice(o * 2 * half + half, half);
            var d = ys.Slice(o * half, half);
            for (int i = 0; i < half; i++)
            {
                d[i] = a[i] / (1f + MathF.Exp(-b[i]));
            }
        }
        GradientTape.RecordOp(y, x, static (g, node) => [GluBackward(g, node.A, node.GetState<int>())], half);
        return y;
    }

    // ∂/∂a = g·σ(b), ∂/∂b = g·a·σ(b)·(1 − σ(b)), for blocks of `half` values of a followed by `half` of b
    private static Tensor GluBackward(Tensor g, Tensor x, int half)
    {
        var dx = Tensor.Empty(x.Shape);
        var xs = x.Span;
        var gs = g.Span;
        var d = dx.Data;
        int outer = half == 0 ? 0 : gs.Length / half;
        for (int o = 0; o < outer; o++)
        {
            int ia = o * 2 * half, ib = ia + half, ig = o * half;
            for (int i = 0; i < half; i++)
            {
                float a = xs[ia + i];
                float s = 1f / (1f + MathF.Exp(-xs[ib + i]));
                float gi = gs[ig + i];
                d[ia + i] = gi * s;
                d[ib + i] = gi * a * s * (1f - s);
            }
        }
        return dx;
    }
}
