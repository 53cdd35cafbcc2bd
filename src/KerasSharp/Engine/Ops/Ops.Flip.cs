using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// Reverses the order of the entries along an axis, like <c>keras.ops.flip(x, axis)</c>; the gradient is the
    /// upstream gradient flipped back.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The reversed axis (negative counts from the end).</param>
    /// <example><code>var reversed = Ops.Flip(sequences, axis: 1);   // (batch, timesteps, f), last step first</code></example>
    public static Tensor Flip(Tensor x, int axis)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, a);
        var y = Tensor.Empty(x.Shape);
        for (int i = 0; i < n; i++)
        {
            Slicing.CopyRows(x.Span, n, i, outer, 1, inner, y.Data, n, n - 1 - i);
        }
        GradientTape.RecordOp(y, x, static (g, node) => [Flip(g, node.GetState<int>())], a);
        return y;
    }
}
