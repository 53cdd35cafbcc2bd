using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>BatchNormalization (inference: folded into one scale and shift) and LayerNormalization (the ONNX op).</summary>
internal static class NormalizationConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Node node, string[] inputs) => node.Layer switch
    {
        BatchNormalization bn => [BatchNorm(b, bn, node.Inputs[0].Shape, inputs[0])],
        LayerNormalization ln => [LayerNorm(b, ln, node.Inputs[0].Shape, inputs[0])],
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
            scale[c] = gamma / MathF.Sqrt(variance[c] + layer.Epsilon);
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
        if (layer.RmsScaling)
        {
            throw OnnxLayerConverter.Unsupported(layer, "rms_scaling is not exported");
        }
        int rank = shape.Rank;
        var axes = layer.Axis.Select(a => a < 0 ? a + rank : a).ToArray();
        int first = rank - axes.Length;
        for (int i = 0; i < axes.Length; i++)
        {
            if (axes[i] != first + i)
            {
                throw OnnxLayerConverter.Unsupported(layer, $"ONNX normalizes the last axes in order, and axis=[{string.Join(", ", layer.Axis)}] are not those");
            }
        }
        var dims = axes.Select(a => shape[a]).ToArray();
        string scale = layer.Gamma is { } gamma ? b.Variable("gamma", gamma)
            : b.ScopedWeight("gamma", Enumerable.Repeat(1f, dims.Aggregate(1, (p, d) => p * d)).ToArray(), dims);
        var args = new List<string> { x, scale };
        if (layer.Beta is { } beta)
        {
            args.Add(b.Variable("beta", beta));
        }
        return b.Node("LayerNormalization", args, Attr("axis", (long)first), Attr("epsilon", layer.Epsilon));
    }
}
