using KerasSharp.Engine;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// Keras' channels_last layout around ONNX's channels-first Conv and Pool ops: the transposes, and the explicit pads
/// of TensorFlow's "same" padding (the extra pixel at the end) and Keras' "causal" padding.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>NHWC → NCHW (any number of spatial axes).</summary>
    public static string ToChannelsFirst(OnnxGraphBuilder b, string x, int rank)
    {
        var perm = new long[rank];
        perm[1] = rank - 1;
        for (int i = 2; i < rank; i++)
        {
            perm[i] = i - 1;
        }
        return b.Transpose(x, perm);
    }

    /// <summary>NCHW → NHWC.</summary>
    public static string ToChannelsLast(OnnxGraphBuilder b, string x, int rank)
    {
        var perm = new long[rank];
        for (int i = 1; i < rank - 1; i++)
        {
            perm[i] = i + 1;
        }
        perm[rank - 1] = 1;
        return b.Transpose(x, perm);
    }

    /// <summary>
    /// The padding attributes of a window op over the spatial axes of <paramref name="inputShape"/> (channels_last):
    /// explicit <c>pads</c>, or <c>auto_pad=SAME_UPPER</c> when a strided "same" axis has an unknown length.
    /// </summary>
    public static global::Onnx.AttributeProto[] Pads(Shape inputShape, IReadOnlyList<int> kernel, IReadOnlyList<int> strides, IReadOnlyList<int> dilation, string padding)
    {
        int n = kernel.Count;
        var pads = new long[2 * n];
        for (int i = 0; i < n; i++)
        {
            int effective = (kernel[i] - 1) * dilation[i] + 1;
            int length = inputShape[i + 1];
            switch (padding)
            {
                case "valid":
                    break;
                case "causal":
                    pads[i] = effective - 1;
                    break;
                default:
                    if (strides[i] == 1)
                    {
                        pads[i] = (effective - 1) / 2;
                        pads[i + n] = effective - 1 - pads[i];
                    }
                    else if (length < 0)
                    {
                        return [Attr("auto_pad", "SAME_UPPER")];
                    }
                    else
                    {
                        int output = (length + strides[i] - 1) / strides[i];
                        int total = Math.Max((output - 1) * strides[i] + effective - length, 0);
                        pads[i] = total / 2;
                        pads[i + n] = total - total / 2;
                    }
                    break;
            }
        }
        return [Attr("pads", pads)];
    }
}
