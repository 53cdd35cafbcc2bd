namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>
    /// A scalar activation with its derivative, for the fused element-wise activation ops: one pass forward, one pass
    /// backward, and the parameters (as float) kept in the struct, which the tape stores without boxing.
    /// </summary>
    private interface IElementwiseActivation
    {
        /// <summary><c>f(x)</c>.</summary>
        float Value(float x);

        /// <summary><c>f′(x)</c>, given <c>x</c> and <c>y = f(x)</c>.</summary>
        float Derivative(float x, float y);
    }

    /// <summary>Applies <paramref name="activation"/> element-wise and records its backward <c>g·f′(x)</c>.</summary>
    private static Tensor Elementwise<TActivation>(Tensor x, TActivation activation)
        where TActivation : struct, IElementwiseActivation
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Tensor.Empty(x.Shape);
        var xs = x.Span;
        var ys = y.Data;
        for (int i = 0; i < xs.Length; i++)
        {
            ys[i] = activation.Value(xs[i]);
        }
        GradientTape.RecordOp(y, x, ElementwiseBackward<TActivation>.Function, activation);
        return y;
    }

    /// <summary>The backward of <see cref="Elementwise{TActivation}"/>, one cached delegate per activation.</summary>
    private static class ElementwiseBackward<TActivation>
        where TActivation : struct, IElementwiseActivation
    {
        public static readonly BackwardFunction Function = static (g, n) =>
        {
            var activation = n.GetState<TActivation>();
            var dx = Tensor.Empty(g.Shape);
            var gs = g.Span;
            var xs = n.A.Span;
            var ys = n.Output.Span;
            var d = dx.Data;
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = gs[i] * activation.Derivative(xs[i], ys[i]);
            }
            return [dx];
        };
    }
}
