using KerasSharp.Layers;

namespace KerasSharp.Saving.Onnx;

/// <summary>Dense, Embedding, and the layers that are the identity at inference (Dropout and friends), Rescaling.</summary>
internal static class CoreConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) => layer switch
    {
        Dense d => [Dense(b, d, inputs[0])],
        Embedding e => [b.Node("Gather", [b.Variable("embeddings", e.Embeddings), b.Node("Cast", [inputs[0]], OnnxGraphBuilder.Attr("to", 7L))])],
        Dropout or SpatialDropout2D => [b.Node("Identity", [inputs[0]])],
        Rescaling r => [b.Node("Add", [b.Node("Mul", [inputs[0], b.Scalar((float)r.Scale)]), b.Scalar((float)r.Offset)])],
        _ => null,
    };

    private static string Dense(OnnxGraphBuilder b, Dense layer, string x)
    {
        var y = b.Node("MatMul", [x, b.Variable("kernel", layer.Kernel)]);
        if (layer.Bias is { } bias)
        {
            y = b.Node("Add", [y, b.Variable("bias", bias)]);
        }
        return ActivationConverter.Apply(b, layer.Activation, y, layer);
    }
}
