using KerasSharp.Activations;
using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>Activation functions (by Keras name) and the activation layers (ReLU, LeakyReLU, Softmax, Activation).</summary>
internal static class ActivationConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, string[] inputs) => layer switch
    {
        Activation a => [Apply(b, a.Function, inputs[0], layer)],
        LeakyReLU l => [b.Node("LeakyRelu", [inputs[0]], Attr("alpha", l.NegativeSlope))],
        Softmax s => [b.Node("Softmax", [inputs[0]], Attr("axis", (long)s.Axis))],
        ReLU r => [Relu(b, inputs[0], r.MaxValue, r.NegativeSlope, r.Threshold)],
        _ => null,
    };

    /// <summary>Applies the activation <paramref name="function"/> of <paramref name="layer"/> to <paramref name="x"/>.</summary>
    public static string Apply(OnnxGraphBuilder b, ActivationFunction function, string x, Layer layer) => function.Name switch
    {
        _ when !IsBuiltin(function) => throw OnnxLayerConverter.Unsupported(layer, $"its activation \"{function.Name}\" is a custom function"),
        "linear" => x,
        "relu" => b.Node("Relu", [x]),
        "relu6" => b.Node("Clip", [x, b.Scalar(0f), b.Scalar(6f)]),
        "sigmoid" => b.Node("Sigmoid", [x]),
        "tanh" => b.Node("Tanh", [x]),
        "softmax" => b.Node("Softmax", [x], Attr("axis", -1L)),
        "log_softmax" => b.Node("LogSoftmax", [x], Attr("axis", -1L)),
        "leaky_relu" => b.Node("LeakyRelu", [x], Attr("alpha", 0.2f)),
        "elu" => b.Node("Elu", [x], Attr("alpha", 1f)),
        "selu" => b.Node("Selu", [x], Attr("alpha", 1.67326324f), Attr("gamma", 1.05070098f)),
        "softplus" => b.Node("Softplus", [x]),
        "softsign" => b.Node("Softsign", [x]),
        "silu" or "swish" => b.Node("Mul", [x, b.Node("Sigmoid", [x])]),
        "gelu" => Gelu(b, x),
        "hard_sigmoid" => b.Node("HardSigmoid", [x], Attr("alpha", 1f / 6f), Attr("beta", 0.5f)),
        "exponential" => b.Node("Exp", [x]),
        _ => throw OnnxLayerConverter.Unsupported(layer, $"its activation \"{function.Name}\" has no ONNX form here"),
    };

    /// <summary>Whether <paramref name="function"/> is one of the library's activations (not a user function).</summary>
    public static bool IsBuiltin(ActivationFunction function) =>
        ActivationFunction.Names.Contains(function.Name) && ReferenceEquals(ActivationFunction.Get(function.Name), function);

    // exact GELU: 0.5·x·(1 + erf(x/√2)) (the Gelu op needs opset 20)
    private static string Gelu(OnnxGraphBuilder b, string x)
    {
        var erf = b.Node("Erf", [b.Node("Mul", [x, b.Scalar(1f / MathF.Sqrt(2f))])]);
        var half = b.Node("Mul", [x, b.Scalar(0.5f)]);
        return b.Node("Mul", [half, b.Node("Add", [erf, b.Scalar(1f)])]);
    }

    // Keras ReLU: max_value for x ≥ max_value, x for threshold ≤ x, else negative_slope·(x − threshold)
    private static string Relu(OnnxGraphBuilder b, string x, float? maxValue, float slope, float threshold)
    {
        string y;
        if (threshold == 0f)
        {
            y = slope == 0f ? b.Node("Relu", [x]) : b.Node("LeakyRelu", [x], Attr("alpha", slope));
        }
        else
        {
            var below = b.Node("Mul", [b.Node("Sub", [x, b.Scalar(threshold)]), b.Scalar(slope)]);
            y = b.Node("Where", [b.Node("GreaterOrEqual", [x, b.Scalar(threshold)]), x, below]);
        }
        return maxValue is { } max ? b.Node("Min", [y, b.Scalar(max)]) : y;
    }
}
