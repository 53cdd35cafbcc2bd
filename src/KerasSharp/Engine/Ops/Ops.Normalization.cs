using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    private readonly record struct ChannelNormState(int Outer, int Channels, int Inner, float[] Mean, float[] InvStd, int GammaIndex, int BetaIndex);

    /// <summary>
    /// Training-mode batch normalization, fused: per index of <paramref name="axis"/> (the channels), the batch mean
    /// <c>μ</c> and biased variance <c>σ²</c> over all other axes, then <c>(x − μ)/√(σ² + ε)·γ + β</c>. The backward
    /// includes the paths through <c>μ</c> and <c>σ²</c>, as differentiating Keras' composed version does.
    /// </summary>
    /// <param name="x">The input, rank ≥ 1.</param>
    /// <param name="gamma">Scale <c>(channels)</c>, or null for none.</param>
    /// <param name="beta">Offset <c>(channels)</c>, or null for none.</param>
    /// <param name="axis">The channel axis (negative counts from the end).</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="batchMean">The batch mean <c>(channels)</c> (not differentiable), e.g. for moving averages.</param>
    /// <param name="batchVariance">The biased batch variance <c>(channels)</c> (not differentiable).</param>
    public static Tensor BatchNormTraining(Tensor x, Tensor? gamma, Tensor? beta, int axis, float epsilon, out Tensor batchMean, out Tensor batchVariance)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, c, inner) = SplitAxis(x.Shape, a);
        CheckParameter(gamma, c, "gamma", "BatchNormTraining");
        CheckParameter(beta, c, "beta", "BatchNormTraining");
        var mean = new float[c];
        var variance = new float[c];
        NormalizationKernels.ChannelMoments(x.Span, outer, c, inner, new double[2 * c], mean, variance);
        var invStd = new float[c];
        var scale = new float[c];
        for (int i = 0; i < c; i++)
        {
            invStd[i] = 1f / MathF.Sqrt(variance[i] + epsilon);
            scale[i] = gamma is null ? invStd[i] : invStd[i] * gamma.Span[i];
        }
        ReadOnlySpan<float> offset = beta is null ? new float[c] : beta.Span;
        var y = Tensor.Empty(x.Shape);
        NormalizationKernels.ChannelAffine(x.Span, outer, c, inner, mean, scale, offset, y.Data);
        var inputs = ParameterInputs(x, gamma, beta, out int gi, out int bi);
        GradientTape.RecordOp(y, inputs, static (g, n) =>
        {
            var s = n.GetState<ChannelNormState>();
            ReadOnlySpan<float> gammaValues = s.GammaIndex >= 0 ? n.Input(s.GammaIndex).Span : Ones(s.Channels);
            var dgamma = new float[s.Channels];
            var dbeta = new float[s.Channels];
            var dx = n.NeedsGradient(0) ? Tensor.Empty(n.A.Shape) : null;
            NormalizationKernels.ChannelNormBackward(n.A.Span, g.Span, s.Outer, s.Channels, s.Inner, s.Mean, s.InvStd, gammaValues,
                new double[2 * s.Channels], dgamma, dbeta, dx is null ? [] : dx.Data);
            return ParameterGradients(n, dx, dgamma, dbeta, s.GammaIndex, s.BetaIndex);
        }, new ChannelNormState(outer, c, inner, mean, invStd, gi, bi));
        batchMean = Tensor.Wrap((float[])mean.Clone(), new Shape(c));
        batchVariance = Tensor.Wrap(variance, new Shape(c));
        return y;
    }

    /// <summary>
    /// Batch normalization with given statistics, like <c>keras.ops.batch_normalization</c> (composed, so every input
    /// gets a gradient): <c>x·inv + (offset − mean·inv)</c> with <c>inv = scale/√(variance + ε)</c>, broadcast along
    /// <paramref name="axis"/>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="mean">The mean <c>(channels)</c>.</param>
    /// <param name="variance">The variance <c>(channels)</c>.</param>
    /// <param name="axis">The channel axis.</param>
    /// <param name="offset">Optional offset <c>β</c> <c>(channels)</c>.</param>
    /// <param name="scale">Optional scale <c>γ</c> <c>(channels)</c>.</param>
    /// <param name="epsilon">Added to the variance.</param>
    public static Tensor BatchNormalization(Tensor x, Tensor mean, Tensor variance, int axis, Tensor? offset = null, Tensor? scale = null, float epsilon = 1e-3f)
    {
        ArgumentNullException.ThrowIfNull(x);
        int a = x.Shape.NormalizeAxis(axis);
        int c = x.Shape[a];
        CheckParameter(mean, c, "mean", "BatchNormalization");
        CheckParameter(variance, c, "variance", "BatchNormalization");
        CheckParameter(offset, c, "offset", "BatchNormalization");
        CheckParameter(scale, c, "scale", "BatchNormalization");
        var dims = new int[x.Rank];
        Array.Fill(dims, 1);
        dims[a] = c;
        var broadcast = Shape.Wrap(dims);
        var inv = Divide(Scalar(1f), Sqrt(Add(variance, Scalar(epsilon))));
        if (scale is not null)
        {
            inv = Multiply(inv, scale);
        }
        var res = Negative(Multiply(mean, inv));
        if (offset is not null)
        {
            res = Add(res, offset);
        }
        return Add(Multiply(x, Reshape(inv, broadcast)), Reshape(res, broadcast));
    }

    private static void CheckParameter(Tensor? p, int size, string name, string op)
    {
        if (p is not null && (p.Rank != 1 || p.Size != size))
        {
            throw new ArgumentException($"{op} expects `{name}` of shape ({size}), but received shape {p.Shape}.", name);
        }
    }

    private static Tensor[] ParameterInputs(Tensor x, Tensor? gamma, Tensor? beta, out int gammaIndex, out int betaIndex)
    {
        var list = new List<Tensor>(3) { x };
        gammaIndex = betaIndex = -1;
        if (gamma is not null)
        {
            gammaIndex = list.Count;
            list.Add(gamma);
        }
        if (beta is not null)
        {
            betaIndex = list.Count;
            list.Add(beta);
        }
        return [.. list];
    }

    private static InputGradients ParameterGradients(TapeNode n, Tensor? dx, float[] dgamma, float[] dbeta, int gammaIndex, int betaIndex)
    {
        var grads = new InputGradients(n.InputCount);
        grads[0] = dx;
        if (gammaIndex >= 0 && n.NeedsGradient(gammaIndex))
        {
            grads[gammaIndex] = Tensor.Wrap(dgamma, n.Input(gammaIndex).Shape);
        }
        if (betaIndex >= 0 && n.NeedsGradient(betaIndex))
        {
            grads[betaIndex] = Tensor.Wrap(dbeta, n.Input(betaIndex).Shape);
        }
        return grads;
    }

    /// <summary>
    /// L2 normalization along one axis, like <c>keras.ops.normalize(x, axis, order=2)</c>:
    /// <c>x · rsqrt(max(Σ x², ε²))</c> over <paramref name="axis"/>, so every line of that axis gets unit length and a
    /// zero line stays zero (with a finite gradient).
    /// </summary>
    /// <remarks>
    /// Gradient: where <c>Σ x² ≥ ε²</c> it is <c>r·(g − y·Σ g·y)</c> with <c>r = rsqrt(Σ x²)</c>; below, where the
    /// clamp is active, it is <c>g·r</c> (the max gives its gradient to <c>Σ x²</c> at a tie, as TensorFlow's does).
    /// </remarks>
    /// <param name="x">The input.</param>
    /// <param name="axis">The normalized axis (negative counts from the end).</param>
    /// <param name="epsilon">The smallest norm (Keras' <c>backend.epsilon()</c>, 1e-7, by default).</param>
    /// <example><code>var unit = Ops.L2Normalize(embeddings, axis: -1);   // each row has norm 1</code></example>
    public static Tensor L2Normalize(Tensor x, int axis = -1, float epsilon = 1e-7f)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 0)
        {
            x = Reshape(x, new Shape(1));
        }
        int a = x.Shape.NormalizeAxis(axis);
        var (outer, n, inner) = SplitAxis(x.Shape, a);
        float floor = epsilon * epsilon;
        var y = Tensor.Empty(x.Shape);
        NormalizationKernels.LineL2Normalize(x.Span, outer, n, inner, floor, y.Data);
        GradientTape.RecordOp(y, x, static (g, node) =>
        {
            var (o, len, inn, f) = node.GetState<(int, int, int, float)>();
            var dx = Tensor.Empty(node.A.Shape);
            NormalizationKernels.LineL2NormalizeBackward(node.A.Span, node.Output.Span, g.Span, o, len, inn, f, dx.Data);
            return [dx];
        }, (outer, n, inner, floor));
        return y;
    }

    private static float[] Ones(int n)
    {
        var ones = new float[n];
        Array.Fill(ones, 1f);
        return ones;
    }
}
