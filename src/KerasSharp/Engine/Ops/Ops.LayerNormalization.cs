using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    private readonly record struct LineNormState(int Outer, int N, int Inner, float[] Mean, float[] InvStd, int GammaIndex, int BetaIndex);

    /// <summary>
    /// Layer normalization, like <c>keras.ops.layer_normalization</c>: for each position of the other axes, the mean
    /// <c>μ</c> and biased variance <c>σ²</c> over <paramref name="axes"/>, then <c>(x − μ)/√(σ² + ε)·γ + β</c>. With
    /// <paramref name="rmsScaling"/> (Keras' <c>rms_scaling</c>) the output is <c>x/√(σ² + ε)·γ</c> and β is not used.
    /// </summary>
    /// <remarks>
    /// <paramref name="gamma"/> and <paramref name="beta"/> hold one value per element of the normalized axes (in
    /// row-major order, any shape of that size). When the normalized axes are adjacent the op is one fused kernel with
    /// its own backward; otherwise it is composed from differentiable ops.
    /// </remarks>
    /// <param name="x">The input.</param>
    /// <param name="gamma">Scale, or null.</param>
    /// <param name="beta">Offset, or null.</param>
    /// <param name="axes">The axes to normalize over (negative counts from the end).</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="rmsScaling">Scale by the inverse standard deviation only, without centering.</param>
    public static Tensor LayerNormalization(Tensor x, Tensor? gamma, Tensor? beta, int[] axes, float epsilon = 1e-3f, bool rmsScaling = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(axes);
        var sorted = axes.Select(a => x.Shape.NormalizeAxis(a)).Order().ToArray();
        if (sorted.Length == 0 || sorted.Distinct().Count() != sorted.Length)
        {
            throw new ArgumentException($"LayerNormalization needs one or more distinct axes, but received axes=[{string.Join(", ", axes)}] for shape {x.Shape}.", nameof(axes));
        }
        var dims = new int[x.Rank];
        Array.Fill(dims, 1);
        int n = 1;
        foreach (var a in sorted)
        {
            dims[a] = x.Shape[a];
            n *= x.Shape[a];
        }
        foreach (var (p, name) in new[] { (gamma, "gamma"), (beta, "beta") })
        {
            if (p is not null && p.Size != n)
            {
                throw new ArgumentException($"LayerNormalization expects `{name}` with {n} values (the normalized axes of shape {x.Shape}), but received shape {p.Shape}.", name);
            }
        }
        bool adjacent = sorted[^1] - sorted[0] == sorted.Length - 1;
        return adjacent && !rmsScaling
            ? FusedLayerNorm(x, gamma, beta, sorted[0], sorted[^1], n, epsilon)
            : ComposedLayerNorm(x, gamma, beta, sorted, Shape.Wrap(dims), epsilon, rmsScaling);
    }

    private static Tensor FusedLayerNorm(Tensor x, Tensor? gamma, Tensor? beta, int first, int last, int n, float epsilon)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < first; i++)
        {
            outer *= x.Shape[i];
        }
        for (int i = last + 1; i < x.Rank; i++)
        {
            inner *= x.Shape[i];
        }
        var mean = new float[outer * inner];
        var invStd = new float[outer * inner];
        var y = Tensor.Empty(x.Shape);
        ReadOnlySpan<float> g = gamma is null ? Ones(n) : gamma.Span;
        ReadOnlySpan<float> b = beta is null ? new float[n] : beta.Span;
        NormalizationKernels.LineNormForward(x.Span, outer, n, inner, g, b, epsilon, y.Data, mean, invStd);
        var inputs = ParameterInputs(x, gamma, beta, out int gi, out int bi);
        GradientTape.RecordOp(y, inputs, static (grad, node) =>
        {
            var s = node.GetState<LineNormState>();
            ReadOnlySpan<float> gammaValues = s.GammaIndex >= 0 ? node.Input(s.GammaIndex).Span : Ones(s.N);
            var dgamma = new float[s.N];
            var dbeta = new float[s.N];
            var dx = node.NeedsGradient(0) ? Tensor.Empty(node.A.Shape) : null;
            NormalizationKernels.LineNormBackward(node.A.Span, grad.Span, s.Outer, s.N, s.Inner, gammaValues, s.Mean, s.InvStd,
                dgamma, dbeta, dx is null ? [] : dx.Data);
            return ParameterGradients(node, dx, dgamma, dbeta, s.GammaIndex, s.BetaIndex);
        }, new LineNormState(outer, n, inner, mean, invStd, gi, bi));
        return y;
    }

    private static Tensor ComposedLayerNorm(Tensor x, Tensor? gamma, Tensor? beta, int[] axes, Shape broadcast, float epsilon, bool rmsScaling)
    {
        var mean = Mean(x, axes, keepDims: true);
        var centered = Subtract(x, mean);
        var variance = Mean(Square(centered), axes, keepDims: true);
        var inv = Divide(Scalar(1f), Sqrt(Add(variance, Scalar(epsilon))));
        var y = Multiply(rmsScaling ? x : centered, inv);
        if (gamma is not null)
        {
            y = Multiply(y, Reshape(gamma, broadcast));
        }
        if (beta is not null && !rmsScaling)
        {
            y = Add(y, Reshape(beta, broadcast));
        }
        return y;
    }
}
