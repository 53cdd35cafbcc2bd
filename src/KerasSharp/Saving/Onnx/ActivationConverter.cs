using KerasSharp.Activations;
using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// Activation functions (by Keras id and arguments) and the activation layers (ReLU, LeakyReLU, ELU, PReLU,
/// ThresholdedReLU, Softmax, Activation).
/// </summary>
internal static class ActivationConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, string[] inputs) => layer switch
    {
        Activation a => [Apply(b, a.Function, inputs[0], layer)],
        LeakyReLU l => [b.Node("LeakyRelu", [inputs[0]], Attr("alpha", (float)l.NegativeSlope))],
        ELU e => [b.Node("Elu", [inputs[0]], Attr("alpha", (float)e.Alpha))],
        PReLU p => [b.Node("PRelu", [inputs[0], b.Variable("alpha", p.Alpha)])],
        ThresholdedReLU t => [b.Node("ThresholdedRelu", [inputs[0]], Attr("alpha", (float)t.Theta))],
        Softmax s => [b.Node("Softmax", [inputs[0]], Attr("axis", (long)s.Axis))],
        ReLU r => [Relu(b, inputs[0], r.MaxValue is { } max ? (float)max : null, (float)r.NegativeSlope, (float)r.Threshold)],
        _ => null,
    };

    /// <summary>Applies the activation <paramref name="function"/> of <paramref name="layer"/> to <paramref name="x"/>.</summary>
    /// <exception cref="NotSupportedException">The function is a user's, or has no ONNX form (the message names it).</exception>
    public static string Apply(OnnxGraphBuilder b, ActivationFunction function, string x, Layer layer)
    {
        if (function is not BuiltinActivation builtin)
        {
            throw OnnxLayerConverter.Unsupported(layer, $"its activation \"{function.Name}\" is a custom function");
        }
        float F(string key) => (float)builtin.Argument(key)!.Value;
        long Axis() => (long)builtin.Argument("axis")!.Value;
        return builtin.Definition.Id switch
        {
            "linear" => x,
            "relu" => Relu(b, x, builtin.Argument("max_value") is { } max ? (float)max : null, F("negative_slope"), F("threshold")),
            "relu6" => b.Node("Clip", [x, b.Scalar(0f), b.Scalar(6f)]),
            "sigmoid" => b.Node("Sigmoid", [x]),
            "tanh" => b.Node("Tanh", [x]),
            "softmax" => b.Node("Softmax", [x], Attr("axis", Axis())),
            "log_softmax" => b.Node("LogSoftmax", [x], Attr("axis", Axis())),
            "leaky_relu" => b.Node("LeakyRelu", [x], Attr("alpha", F("negative_slope"))),
            "elu" => b.Node("Elu", [x], Attr("alpha", F("alpha"))),
            "selu" => b.Node("Selu", [x], Attr("alpha", 1.67326324f), Attr("gamma", 1.05070098f)),
            "softplus" => b.Node("Softplus", [x]),
            "softsign" => b.Node("Softsign", [x]),
            "silu" => b.Node("Mul", [x, b.Node("Sigmoid", [x])]),
            "gelu" => builtin.Argument("approximate") != 0 ? GeluTanh(b, x) : Gelu(b, x),
            "hard_sigmoid" => b.Node("HardSigmoid", [x], Attr("alpha", 1f / 6f), Attr("beta", 0.5f)),
            "exponential" => b.Node("Exp", [x]),
            // the Mish op needs opset 18
            "mish" => b.Node("Mul", [x, b.Node("Tanh", [b.Node("Softplus", [x])])]),
            "log_sigmoid" => b.Node("Neg", [b.Node("Softplus", [b.Node("Neg", [x])])]),
            "hard_silu" => b.Node("HardSwish", [x]),
            "hard_tanh" => b.Node("Clip", [x, b.Scalar(-1f), b.Scalar(1f)]),
            "sparse_plus" => SparsePlus(b, x),
            "sparse_sigmoid" => b.Node("Clip", [b.Node("Mul", [b.Node("Add", [x, b.Scalar(1f)]), b.Scalar(0.5f)]), b.Scalar(0f), b.Scalar(1f)]),
            "tanh_shrink" => b.Node("Sub", [x, b.Node("Tanh", [x])]),
            "celu" => b.Node("Celu", [x], Attr("alpha", F("alpha"))),
            "glu" => Glu(b, x, Axis()),
            "squareplus" => b.Node("Mul", [b.Node("Add", [x, b.Node("Sqrt", [b.Node("Add", [b.Node("Mul", [x, x]), b.Scalar(F("b"))])])]), b.Scalar(0.5f)]),
            "soft_shrink" => b.Node("Shrink", [x], Attr("lambd", F("threshold")), Attr("bias", F("threshold"))),
            "hard_shrink" => b.Node("Shrink", [x], Attr("lambd", F("threshold")), Attr("bias", 0f)),
            "threshold" => b.Node("Where", [b.Node("Greater", [x, b.Scalar(F("threshold"))]), x, b.Scalar(F("default_value"))]),
            _ => throw OnnxLayerConverter.Unsupported(layer, $"its activation \"{function.Name}\" has no ONNX form here"),
        };
    }

    /// <summary>Whether <paramref name="function"/> is one of the library's activations (not a user function).</summary>
    public static bool IsBuiltin(ActivationFunction function) => function is BuiltinActivation;

    // exact GELU: 0.5·x·(1 + erf(x/√2)) (the Gelu op needs opset 20)
    private static string Gelu(OnnxGraphBuilder b, string x)
    {
        var erf = b.Node("Erf", [b.Node("Mul", [x, b.Scalar(1f / MathF.Sqrt(2f))])]);
        var half = b.Node("Mul", [x, b.Scalar(0.5f)]);
        return b.Node("Mul", [half, b.Node("Add", [erf, b.Scalar(1f)])]);
    }

    // tanh GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    private static string GeluTanh(OnnxGraphBuilder b, string x)
    {
        var cube = b.Node("Mul", [b.Node("Mul", [x, x]), x]);
        var inner = b.Node("Mul", [b.Node("Add", [x, b.Node("Mul", [cube, b.Scalar(0.044715f)])]), b.Scalar((float)Math.Sqrt(2 / Math.PI))]);
        var half = b.Node("Mul", [x, b.Scalar(0.5f)]);
        return b.Node("Mul", [half, b.Node("Add", [b.Node("Tanh", [inner]), b.Scalar(1f)])]);
    }

    // 0 for x ≤ −1, (x + 1)²/4 between, x for x ≥ 1: with c = clip(x, −1, 1), (c + 1)²/4 covers the first two
    private static string SparsePlus(OnnxGraphBuilder b, string x)
    {
        var shifted = b.Node("Add", [b.Node("Clip", [x, b.Scalar(-1f), b.Scalar(1f)]), b.Scalar(1f)]);
        var quadratic = b.Node("Mul", [b.Node("Mul", [shifted, shifted]), b.Scalar(0.25f)]);
        return b.Node("Where", [b.Node("GreaterOrEqual", [x, b.Scalar(1f)]), x, quadratic]);
    }

    // a·sigmoid(b) for the halves a, b of the axis (Split without sizes splits evenly)
    private static string Glu(OnnxGraphBuilder b, string x, long axis)
    {
        var halves = b.Nodes("Split", [x], 2, Attr("axis", axis));
        return b.Node("Mul", [halves[0], b.Node("Sigmoid", [halves[1]])]);
    }

    // Keras ReLU: max_value for x ≥ max_value, x for x > threshold, else negative_slope·(x − threshold)
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
            y = b.Node("Where", [b.Node("Greater", [x, b.Scalar(threshold)]), x, below]);
        }
        return maxValue is { } max ? b.Node("Min", [y, b.Scalar(max)]) : y;
    }
}
