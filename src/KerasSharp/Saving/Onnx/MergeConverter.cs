using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>The merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate and Dot (as Einsum).</summary>
internal static class MergeConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) => layer switch
    {
        Add => [b.Node("Sum", inputs)],
        Subtract => [b.Node("Sub", inputs)],
        Multiply => [inputs.Skip(1).Aggregate(inputs[0], (acc, x) => b.Node("Mul", [acc, x]))],
        Average => [b.Node("Mul", [b.Node("Sum", inputs), b.Scalar(1f / inputs.Length)])],
        Maximum => [b.Node("Max", inputs)],
        Minimum => [b.Node("Min", inputs)],
        Concatenate c => [b.Node("Concat", inputs, Attr("axis", (long)c.Axis))],
        Dot d => [Dot(b, d, shapes[0], shapes[1], inputs[0], inputs[1])],
        _ => null,
    };

    // Keras batch_dot: contract x's axis a0 with y's axis a1; the result keeps the batch, x's other axes, then y's
    // (a rank-1 result gets a trailing axis of 1)
    private static string Dot(OnnxGraphBuilder b, Dot layer, Engine.Shape xs, Engine.Shape ys, string x, string y)
    {
        int a0 = layer.Axes.First < 0 ? layer.Axes.First + xs.Rank : layer.Axes.First;
        int a1 = layer.Axes.Second < 0 ? layer.Axes.Second + ys.Rank : layer.Axes.Second;
        if (layer.Normalize)
        {
            x = L2Normalize(b, x, a0);
            y = L2Normalize(b, y, a1);
        }
        const string letters = "bcdefghijklmnopqrstuvwxyz";
        int next = 1;
        var xl = new char[xs.Rank];
        var yl = new char[ys.Rank];
        xl[0] = yl[0] = 'b';
        for (int i = 1; i < xs.Rank; i++)
        {
            xl[i] = i == a0 ? 'a' : letters[next++];
        }
        for (int i = 1; i < ys.Rank; i++)
        {
            yl[i] = i == a1 ? 'a' : letters[next++];
        }
        string result = "b" + new string(xl.Where((_, i) => i > 0 && i != a0).ToArray()) + new string(yl.Where((_, i) => i > 0 && i != a1).ToArray());
        var z = b.Node("Einsum", [x, y], Attr("equation", $"{new string(xl)},{new string(yl)}->{result}"));
        return result.Length == 1 ? b.Unsqueeze(z, 1) : z;
    }

    // x / √max(Σx², 1e-12) along the axis, as Keras' l2_normalize
    private static string L2Normalize(OnnxGraphBuilder b, string x, int axis)
    {
        var sum = b.Node("ReduceSum", [b.Node("Mul", [x, x]), b.Int64s(axis)], Attr("keepdims", 1L));
        return b.Node("Div", [x, b.Node("Sqrt", [b.Node("Max", [sum, b.Scalar(1e-12f)])])]);
    }
}
