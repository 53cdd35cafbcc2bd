using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>Max and average pooling (1-D, 2-D; valid and same padding) and the global poolings.</summary>
internal static class PoolingConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs)
    {
        var shape = shapes[0];
        string x = inputs[0];
        return layer switch
        {
            MaxPooling1D p => [Pool(b, "MaxPool", x, shape, [p.PoolSize], [p.Strides], p.Padding)],
            AveragePooling1D p => [Pool(b, "AveragePool", x, shape, [p.PoolSize], [p.Strides], p.Padding)],
            MaxPooling2D p => [Pool(b, "MaxPool", x, shape, [p.PoolSize.Height, p.PoolSize.Width], [p.Strides.Height, p.Strides.Width], p.Padding)],
            AveragePooling2D p => [Pool(b, "AveragePool", x, shape, [p.PoolSize.Height, p.PoolSize.Width], [p.Strides.Height, p.Strides.Width], p.Padding)],
            GlobalMaxPooling1D or GlobalMaxPooling2D => [Global(b, "ReduceMax", x, shape.Rank, ((GlobalPoolingLayer)layer).KeepDims)],
            GlobalAveragePooling1D or GlobalAveragePooling2D => [Global(b, "ReduceMean", x, shape.Rank, ((GlobalPoolingLayer)layer).KeepDims)],
            _ => null,
        };
    }

    private static string Pool(OnnxGraphBuilder b, string op, string x, Engine.Shape shape, int[] size, int[] strides, string padding)
    {
        var attributes = new List<global::Onnx.AttributeProto>
        {
            Attr("kernel_shape", size.Select(k => (long)k).ToArray()),
            Attr("strides", strides.Select(k => (long)k).ToArray()),
        };
        // TensorFlow's average excludes the padding from the count (count_include_pad=0, ONNX's default)
        attributes.AddRange(ChannelsLast.Pads(shape, size, strides, size.Select(_ => 1).ToArray(), padding));
        var y = b.Node(op, [ChannelsLast.ToChannelsFirst(b, x, shape.Rank)], [.. attributes]);
        return ChannelsLast.ToChannelsLast(b, y, shape.Rank);
    }

    // channels_last: the spatial axes are 1..rank-2 (ReduceMean/ReduceMax take axes as an attribute before opset 18)
    private static string Global(OnnxGraphBuilder b, string op, string x, int rank, bool keepDims) =>
        b.Node(op, [x], Attr("axes", Enumerable.Range(1, rank - 2).Select(a => (long)a).ToArray()), Attr("keepdims", keepDims ? 1L : 0L));
}
