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
        return CoreConverter.TryConvert(b, node, inputs)
            ?? ActivationConverter.TryConvert(b, layer, inputs)
            ?? ConvolutionConverter.TryConvert(b, node, inputs)
            ?? PoolingConverter.TryConvert(b, node, inputs)
            ?? NormalizationConverter.TryConvert(b, node, inputs)
            ?? ReshapingConverter.TryConvert(b, node, inputs)
            ?? MergeConverter.TryConvert(b, node, inputs)
            ?? RecurrentConverter.TryConvert(b, node, inputs)
            ?? throw Unsupported(layer, "ONNX export knows only the built-in layers, and this one is not one of them (or has no ONNX equivalent)");
    }

    /// <summary>The error for a layer that cannot be exported, naming it, its class and why.</summary>
    public static NotSupportedException Unsupported(Layer layer, string why) =>
        new($"Layer \"{layer.Name}\" ({layer.GetType().Name}) cannot be exported to ONNX: {why}.");
}
