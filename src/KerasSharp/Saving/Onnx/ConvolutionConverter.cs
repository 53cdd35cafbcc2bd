using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>Conv1D and Conv2D (channels_last; valid, same and causal padding; strides and dilation) as ONNX Conv.</summary>
internal static class ConvolutionConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) =>
        layer is ConvolutionLayer conv ? [Convert(b, conv, shapes[0], inputs[0])] : null;

    private static string Convert(OnnxGraphBuilder b, ConvolutionLayer layer, Engine.Shape inputShape, string x)
    {
        var kernelSize = layer.KernelSizeValues;
        int n = kernelSize.Count, rank = n + 2;
        int channels = layer.Kernel.Shape[n], filters = layer.Filters;
        // Keras kernel (k..., in, out) → ONNX weight (out, in, k...)
        var source = layer.Kernel.Value.Span;
        int spatial = source.Length / (channels * filters);
        var weight = new float[source.Length];
        for (int s = 0; s < spatial; s++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int f = 0; f < filters; f++)
                {
                    weight[((f * channels) + c) * spatial + s] = source[((s * channels) + c) * filters + f];
                }
            }
        }
        var dims = new int[rank];
        dims[0] = filters;
        dims[1] = channels;
        for (int i = 0; i < n; i++)
        {
            dims[i + 2] = kernelSize[i];
        }
        var conv = new List<string> { ChannelsLast.ToChannelsFirst(b, x, rank), b.ScopedWeight("kernel", weight, dims) };
        if (layer.Bias is { } bias)
        {
            conv.Add(b.Variable("bias", bias));
        }
        var attributes = new List<global::Onnx.AttributeProto>
        {
            Attr("kernel_shape", kernelSize.Select(k => (long)k).ToArray()),
            Attr("strides", layer.StridesValues.Select(k => (long)k).ToArray()),
            Attr("dilations", layer.DilationRateValues.Select(k => (long)k).ToArray()),
        };
        attributes.AddRange(ChannelsLast.Pads(inputShape, kernelSize, layer.StridesValues, layer.DilationRateValues, layer.Padding));
        var y = ChannelsLast.ToChannelsLast(b, b.Node("Conv", conv, [.. attributes]), rank);
        return ActivationConverter.Apply(b, layer.Activation, y, layer);
    }
}
