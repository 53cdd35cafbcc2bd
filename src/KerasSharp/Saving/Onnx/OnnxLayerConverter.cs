using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Saving.Onnx;

/// <summary>Converts one call (node) of a built-in layer to ONNX nodes; throws for layers ONNX cannot express.</summary>
internal static class OnnxLayerConverter
{
    /// <summary>The ONNX values of the node's outputs, computed from <paramref name="inputs"/> (the node's inputs).</summary>
    public static string[] Convert(OnnxGraphBuilder b, Node node, string[] inputs)
    {
        var layer = node.Layer;
        if (node.Arguments.Keywords is { Count: > 0 } keywords
            && !(RecurrentConverter.TakesInitialState(layer) && keywords.All(k => k.Name == "initial_state")))
        {
            throw Unsupported(layer, "calls with keyword tensor arguments are not exported (only the recurrent layers' initial_state)");
        }
        return ConvertLayer(b, layer, [.. node.Inputs.Select(t => t.Shape)], inputs);
    }

    /// <summary>The ONNX values of <paramref name="layer"/>'s outputs for inputs of Keras shapes <paramref name="shapes"/>.</summary>
    private static string[] ConvertLayer(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Shape> shapes, string[] inputs) =>
        CoreConverter.TryConvert(b, layer, shapes, inputs)
            ?? ActivationConverter.TryConvert(b, layer, inputs)
            ?? ConvolutionConverter.TryConvert(b, layer, shapes, inputs)
            ?? PoolingConverter.TryConvert(b, layer, shapes, inputs)
            ?? NormalizationConverter.TryConvert(b, layer, shapes, inputs)
            ?? ReshapingConverter.TryConvert(b, layer, shapes, inputs)
            ?? MergeConverter.TryConvert(b, layer, shapes, inputs)
            ?? RecurrentConverter.TryConvert(b, layer, shapes, inputs)
            ?? (layer is TimeDistributed td ? new[] { TimeDistributed(b, td, shapes[0], inputs[0]) } : null)
            ?? throw Unsupported(layer, "ONNX export knows only the built-in layers, and this one is not one of them (or has no ONNX equivalent)");

    // (batch, time, …) folded into (batch·time, …) for the wrapped layer, and unfolded after it
    private static string TimeDistributed(OnnxGraphBuilder b, TimeDistributed layer, Shape shape, string x)
    {
        var inner = layer.Layer;
        var step = new int[shape.Rank - 1];
        step[0] = -1;
        for (int i = 2; i < shape.Rank; i++)
        {
            step[i - 1] = shape[i];
        }
        var stepShape = new Shape(step);
        var output = inner.ComputeOutputShape(stepShape);
        if (step.Skip(1).Any(d => d < 0) || output.ToArray().Skip(1).Any(d => d < 0))
        {
            throw Unsupported(layer, $"the per-step input {stepShape} and output {output} of \"{inner.Name}\" must have known sizes");
        }
        var folded = b.Reshape(x, [.. step.Select(d => (long)d)]);
        var y = ConvertLayer(b, inner, [stepShape], [folded]);
        if (y.Length != 1)
        {
            throw Unsupported(layer, $"the wrapped layer \"{inner.Name}\" has {y.Length} outputs");
        }
        var batchAndTime = b.Node("Shape", [x], OnnxGraphBuilder.Attr("start", 0L), OnnxGraphBuilder.Attr("end", 2L));
        var target = b.Node("Concat", [batchAndTime, b.Int64s([.. output.ToArray().Skip(1).Select(d => (long)d)])], OnnxGraphBuilder.Attr("axis", 0L));
        return b.Node("Reshape", [y[0], target]);
    }

    /// <summary>The error for a layer that cannot be exported, naming it, its class and why.</summary>
    public static NotSupportedException Unsupported(Layer layer, string why) =>
        new($"Layer \"{layer.Name}\" ({layer.GetType().Name}) cannot be exported to ONNX: {why}.");
}
