using System.Buffers;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Sparsemax over <paramref name="axis"/> (Martins &amp; Astudillo, 2016): the Euclidean projection of each slice
    /// onto the probability simplex, <c>max(x − τ, 0)</c> with τ chosen so the slice sums to 1. Many outputs are
    /// exactly 0. Its backward is the projection's Jacobian: on the support, <c>g − mean(g over the support)</c>;
    /// elsewhere 0.
    /// </summary>
    /// <remarks>
    /// τ = (Σ of the k largest values − 1) / k, where k is the support size. Keras 3's backends compute τ from the sum
    /// of the running sums instead, which agrees only when the support has a single entry; this op follows the paper,
    /// so its outputs always sum to 1.
    /// </remarks>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis; -1 is the last.</param>
    public static Tensor Sparsemax(Tensor x, int axis = -1)
    {
        ArgumentNullException.ThrowIfNull(x);
        int ax = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, ax);
        var y = Tensor.Empty(x.Shape);
        var xs = x.Span;
        var ys = y.Data;
        var sorted = ArrayPool<float>.Shared.Rent(n);
        try
        {
            for (int o = 0; o < outer; o++)
            {
                for (int q = 0; q < inner; q++)
                {
                    int start = o * n * inner + q;
                    for (int j = 0; j < n; j++)
                    {
                        sorted[j] = xs[start + j * inner];
                    }
                    float tau = SparsemaxThreshold(sorted.AsSpan(0, n));
                    for (int j = 0; j < n; j++)
                    {
                        int i = start + j * inner;
                        ys[i] = MathF.Max(xs[i] - tau, 0f);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sorted);
        }
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            var (outer, n, inner) = node.GetState<(int, int, int)>();
            var dx = Tensor.Empty(g.Shape);
            var gs = g.Span;
            var ys = node.Output.Span;
            var d = dx.Data;
            for (int o = 0; o < outer; o++)
            {
                for (int q = 0; q < inner; q++)
                {
                    int start = o * n * inner + q;
                    double sum = 0;
                    int support = 0;
                    for (int j = 0; j < n; j++)
                    {
                        int i = start + j * inner;
                        if (ys[i] > 0f)
                        {
                            sum += gs[i];
                            support++;
                        }
                    }
                    float mean = support == 0 ? 0f : (float)(sum / support);
                    for (int j = 0; j < n; j++)
                    {
                        int i = start + j * inner;
                        d[i] = ys[i] > 0f ? gs[i] - mean : 0f;
                    }
                }
            }
            return [dx];
        }, (outer, n, inner));
        return y;
    }

    /// <summary>τ of one slice (sorted in place, descending order is read from the end).</summary>
    private static float SparsemaxThreshold(Span<float> values)
    {
        values.Sort();
        double cumulative = 0, supportSum = 0;
        int k = 0;
        for (int j = 1; j <= values.Length; j++)
        {
            double z = values[^j];
            cumulative += z;
            if (1.0 + j * z > cumulative)
            {
                k = j;
                supportSum = cumulative;
            }
        }
        return k == 0 ? float.NaN : (float)((supportSum - 1.0) / k);
    }
}
