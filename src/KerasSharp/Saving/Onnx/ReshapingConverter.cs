using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>Flatten, Reshape, ZeroPadding2D and UpSampling2D (nearest) in Keras' channels_last layout.</summary>
internal static class ReshapingConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) => layer switch
    {
        Flatten => [b.Reshape(inputs[0], 0, -1)],
        Reshape r => [b.Reshape(inputs[0], [0, .. r.TargetShape.ToArray().Select(d => (long)d)])],
        ZeroPadding2D z => [b.Node("Pad", [inputs[0], b.Int64s(0, z.Padding.Height.Top, z.Padding.Width.Left, 0, 0, z.Padding.Height.Bottom, z.Padding.Width.Right, 0)])],
        UpSampling2D u => [UpSampling(b, u, inputs[0])],
        _ => null,
    };

    private static string UpSampling(OnnxGraphBuilder b, UpSampling2D layer, string x)
    {
        if (layer.Interpolation != "nearest")
        {
            throw OnnxLayerConverter.Unsupported(layer, $"interpolation=\"{layer.Interpolation}\" is not exported (only \"nearest\")");
        }
        var scales = b.ScopedWeight("scales", [1f, layer.Size.Height, layer.Size.Width, 1f], 4);
        return b.Node("Resize", [x, "", scales], Attr("mode", "nearest"), Attr("coordinate_transformation_mode", "asymmetric"), Attr("nearest_mode", "floor"));
    }
}
