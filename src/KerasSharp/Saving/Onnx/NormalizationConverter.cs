using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// BatchNormalization (inference: folded into one scale and shift), LayerNormalization (the ONNX op) and the
/// Normalization preprocessing layer (its mean and denominator as constants).
/// </summary>
internal static class NormalizationConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) => layer switch
    {
        BatchNormalization bn => [BatchNorm(b, bn, shapes[0], inputs[0])],
        LayerNormalization ln => [LayerNorm(b, ln, shapes[0], inputs[0])],
        Layers.Normalization n => [Standardize(b, n, shapes[0], inputs[0])],
        _ => null,
    };

    // y = (x − mean)/√(var + ε)·γ + β = x·scale + shift
    private static string BatchNorm(OnnxGraphBuilder b, BatchNormalization layer, Engine.Shape shape, string x)
    {
        var mean = layer.MovingMean.Value.Span;
        var variance = layer.MovingVariance.Value.Span;
        int channels = mean.Length;
        var scale = new float[channels];
        var shift = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            float gamma = layer.Gamma is { } g ? g.Value.Span[c] : 1f;
            float beta = layer.Beta is { } bt ? bt.Value.Span[c] : 0f;
            scale[c] = gamma / MathF.Sqrt(variance[c] + (float)layer.Epsilon);
            shift[c] = beta - mean[c] * scale[c];
        }
        int axis = layer.Axis < 0 ? layer.Axis + shape.Rank : layer.Axis;
        var dims = new int[shape.Rank];
        Array.Fill(dims, 1);
        dims[axis] = channels;
        var y = b.Node("Mul", [x, b.ScopedWeight("scale", scale, dims)]);
        return b.Node("Add", [y, b.ScopedWeight("shift", shift, dims)]);
    }

    private static string LayerNorm(OnnxGraphBuilder b, LayerNormalization layer, Engine.Shape shape, string x)
    {
        int rank = shape.Rank;
        var axes = layer.Axis.Select(a => a < 0 ? a + rank : a).Distinct().Order().ToArray();
        bool trailing = axes[0] == rank - axes.Length;
        // the ONNX op normalizes the trailing axes; other axes and rms_scaling are composed from reductions
        var dims = trailing ? axes.Select(a => shape[a]).ToArray() : Enumerable.Range(0, rank).Select(a => axes.Contains(a) ? shape[a] : 1).ToArray();
        int size = axes.Aggregate(1, (p, a) => p * shape[a]);
        string gamma = layer.Gamma is { } g ? b.ScopedWeight("gamma", g.Value.Span, dims)
            : b.ScopedWeight("gamma", Enumerable.Repeat(1f, size).ToArray(), dims);
        string? beta = layer.Beta is { } bt && !layer.RmsScaling ? b.ScopedWeight("beta", bt.Value.Span, dims) : null;
        if (trailing && !layer.RmsScaling)
        {
            return b.Node("LayerNormalization", beta is null ? [x, gamma] : [x, gamma, beta], Attr("axis", (long)axes[0]), Attr("epsilon", (float)layer.Epsilon));
        }
        var reduce = Attr("axes", axes.Select(a => (long)a).ToArray());
        var centered = b.Node("Sub", [x, b.Node("ReduceMean", [x], reduce, Attr("keepdims", 1L))]);
        var variance = b.Node("ReduceMean", [b.Node("Mul", [centered, centered])], reduce, Attr("keepdims", 1L));
        var y = b.Node("Div", [layer.RmsScaling ? x : centered, b.Node("Sqrt", [b.Node("Add", [variance, b.Scalar((float)layer.Epsilon)])])]);
        y = b.Node("Mul", [y, gamma]);
        return beta is null ? y : b.Node("Add", [y, beta]);
    }

    // (x − mean) / max(√variance, ε), or mean + x·max(√variance, ε) inverted; mean and variance given or adapted
    private static string Standardize(OnnxGraphBuilder b, Layers.Normalization layer, Engine.Shape shape, string x)
    {
        int rank = shape.Rank;
        var kept = layer.Axis.Select(a => a < 0 ? a + rank : a).Distinct().Order().ToArray();
        var dims = new int[rank];
        Array.Fill(dims, 1);
        foreach (var d in kept)
        {
            dims[d] = shape[d];
        }
        int size = dims.Aggregate(1, (p, d) => p * d);
        var meanSource = layer.InputMean?.ToArray() ?? layer.AdaptMean!.Value.ToArray();
        var varianceSource = layer.InputVariance?.ToArray() ?? layer.AdaptVariance!.Value.ToArray();
        // one value, one per index of the last kept axis, or one per kept element: all repeat over the kept elements
        var mean = new float[size];
        var denominator = new float[size];
        for (int i = 0; i < size; i++)
        {
            mean[i] = meanSource[i % meanSource.Length];
            denominator[i] = MathF.Max(MathF.Sqrt(varianceSource[i % varianceSource.Length]), Keras.Epsilon);
        }
        string m = b.ScopedWeight("mean", mean, dims), s = b.ScopedWeight("denominator", denominator, dims);
        return layer.Invert
            ? b.Node("Add", [m, b.Node("Mul", [x, s])])
            : b.Node("Div", [b.Node("Sub", [x, m]), s]);
    }
}
