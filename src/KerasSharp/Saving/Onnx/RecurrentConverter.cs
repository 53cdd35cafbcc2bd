using KerasSharp.Activations;
using KerasSharp.Layers;
using Onnx;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// The recurrent layers as ONNX's <c>RNN</c>, <c>LSTM</c> and <c>GRU</c>, <c>Bidirectional</c> as a forward and a
/// reverse pass merged as Keras merges them, and <c>TimeDistributed</c> of a layer that acts on the last axis.
/// </summary>
/// <remarks>
/// Keras runs batch-first with the gates of a kernel <c>[input, gates·units]</c> in the order i, f, c, o (LSTM) or
/// z, r, h (GRU); ONNX runs time-first with weights <c>[directions, gates·units, input]</c> and LSTM gates in the order
/// i, o, f, c. A GRU with <c>reset_after</c> (Keras' default) is ONNX's <c>linear_before_reset = 1</c> with Keras'
/// input and recurrent biases as ONNX's <c>Wb</c> and <c>Rb</c>. A layer with <c>go_backwards</c> is the reverse
/// direction, whose sequence output ONNX aligns with the input; Keras returns it in processing order, so it is
/// reversed back (but not inside <c>Bidirectional</c>, which aligns it as ONNX does).
/// </remarks>
internal static class RecurrentConverter
{
    public static string[]? TryConvert(OnnxGraphBuilder b, Node node, string[] inputs) => node.Layer switch
    {
        RecurrentLayer layer => Standalone(b, layer, inputs[0]),
        Bidirectional bidirectional => Bidirectional(b, bidirectional, inputs[0]),
        TimeDistributed timeDistributed => [TimeDistributed(b, timeDistributed, inputs[0])],
        _ => null,
    };

    private static string[] Standalone(OnnxGraphBuilder b, RecurrentLayer layer, string x)
    {
        var run = Run(b, layer, b.Transpose(x, 1, 0, 2), "");
        string output = layer.ReturnSequences
            ? b.Transpose(layer.GoBackwards ? b.Reverse(run.Sequence, 0) : run.Sequence, 1, 0, 2)
            : run.Last;
        return layer.ReturnState ? [output, .. run.States] : [output];
    }

    private static string[] Bidirectional(OnnxGraphBuilder b, Bidirectional layer, string x)
    {
        if (layer.ReturnState)
        {
            throw OnnxLayerConverter.Unsupported(layer, "a Bidirectional layer that returns its states is not exported");
        }
        string timeMajor = b.Transpose(x, 1, 0, 2);
        var forward = Run(b, layer.ForwardLayer, timeMajor, "forward_");
        var backward = Run(b, layer.BackwardLayer, timeMajor, "backward_");
        // Keras aligns the backward pass's sequence with the input, as ONNX's reverse direction does
        string Output(RecurrentLayer direction, (string Sequence, string Last, string[] States) run, bool aligned) =>
            direction.ReturnSequences
                ? b.Transpose(direction.GoBackwards && !aligned ? b.Reverse(run.Sequence, 0) : run.Sequence, 1, 0, 2)
                : run.Last;
        string f = Output(layer.ForwardLayer, forward, aligned: false), r = Output(layer.BackwardLayer, backward, aligned: true);
        return layer.MergeMode switch
        {
            "concat" => [b.Node("Concat", [f, r], Attr("axis", -1L))],
            "sum" => [b.Node("Add", [f, r])],
            "mul" => [b.Node("Mul", [f, r])],
            "ave" => [b.Node("Mul", [b.Node("Add", [f, r]), b.Scalar(0.5f)])],
            null => [f, r],
            var other => throw OnnxLayerConverter.Unsupported(layer, $"merge mode \"{other}\" has no ONNX form here"),
        };
    }

    // a layer that maps the last axis (Dense, an activation, Dropout) applies to [batch, time, …] as it is
    private static string TimeDistributed(OnnxGraphBuilder b, TimeDistributed layer, string x) => layer.Layer switch
    {
        Dense dense => CoreConverter.Dense(b, dense, x),
        Dropout => b.Node("Identity", [x]),
        var inner when ActivationConverter.TryConvert(b, inner, [x]) is { } converted => converted[0],
        var inner => throw OnnxLayerConverter.Unsupported(layer, $"TimeDistributed is exported only around layers that act on the last axis (Dense, activations, Dropout), not {inner.GetType().Name}"),
    };

    /// <summary>
    /// One ONNX recurrent node over the time-first input: the full sequence (time-first, aligned with the input),
    /// the last output <c>[batch, units]</c> and the final states.
    /// </summary>
    private static (string Sequence, string Last, string[] States) Run(OnnxGraphBuilder b, RecurrentLayer layer, string timeMajor, string prefix)
    {
        (string op, int[] gateOrder, ActivationFunction[] activations, AttributeProto[] extra) = layer switch
        {
            LSTM lstm => ("LSTM", new[] { 0, 3, 1, 2 }, new[] { lstm.RecurrentActivation, lstm.Activation, lstm.Activation }, Array.Empty<AttributeProto>()),
            GRU gru => ("GRU", new[] { 0, 1, 2 }, new[] { gru.RecurrentActivation, gru.Activation }, new[] { Attr("linear_before_reset", gru.ResetAfter ? 1L : 0L) }),
            SimpleRNN => ("RNN", new[] { 0 }, new[] { layer.Activation }, Array.Empty<AttributeProto>()),
            _ => throw OnnxLayerConverter.Unsupported(layer, "only SimpleRNN, LSTM and GRU have ONNX recurrent ops"),
        };
        int units = layer.Units, gates = gateOrder.Length;
        int inputDim = layer.Kernel.Shape[0];
        var w = Gates(layer.Kernel.Value.Span, inputDim, units, gateOrder);
        var r = Gates(layer.RecurrentKernel.Value.Span, units, units, gateOrder);
        var bias = new float[2 * gates * units];
        if (layer.Bias is { } b0)
        {
            var source = b0.Value.Span;
            // [gates·units] (an input bias only), or GRU reset_after's [2, gates·units] (input bias, recurrent bias)
            for (int half = 0; half < source.Length / (gates * units); half++)
            {
                for (int g = 0; g < gates; g++)
                {
                    source.Slice(half * gates * units + gateOrder[g] * units, units).CopyTo(bias.AsSpan(half * gates * units + g * units, units));
                }
            }
        }
        var (names, alphas, betas) = Activations(layer, activations);
        var attributes = new List<AttributeProto>
        {
            Attr("hidden_size", (long)units),
            Attr("direction", layer.GoBackwards ? "reverse" : "forward"),
            Attr("activations", names),
        };
        if (alphas.Any(a => !float.IsNaN(a)))
        {
            attributes.Add(Attr("activation_alpha", [.. alphas.Select(a => float.IsNaN(a) ? 0f : a)]));
            attributes.Add(Attr("activation_beta", [.. betas.Select(a => float.IsNaN(a) ? 0f : a)]));
        }
        attributes.AddRange(extra);
        var outputs = b.Nodes(op, [
            timeMajor,
            b.ScopedWeight($"{prefix}W", w, 1, gates * units, inputDim),
            b.ScopedWeight($"{prefix}R", r, 1, gates * units, units),
            b.ScopedWeight($"{prefix}B", bias, 1, 2 * gates * units),
        ], op == "LSTM" ? 3 : 2, [.. attributes]);
        // Y: [time, 1, batch, units]; Y_h (and Y_c): [1, batch, units]
        string sequence = b.Squeeze(outputs[0], 1);
        string last = b.Squeeze(outputs[1], 0);
        string[] states = op == "LSTM" ? [last, b.Squeeze(outputs[2], 0)] : [last];
        return (sequence, last, states);
    }

    // Keras [rows, gates·units] (gate blocks in Keras' order) → ONNX [gates·units, rows] (blocks in ONNX's order)
    private static float[] Gates(ReadOnlySpan<float> kernel, int rows, int units, int[] gateOrder)
    {
        int columns = gateOrder.Length * units;
        var result = new float[columns * rows];
        for (int g = 0; g < gateOrder.Length; g++)
        {
            for (int u = 0; u < units; u++)
            {
                int source = gateOrder[g] * units + u, target = (g * units + u) * rows;
                for (int i = 0; i < rows; i++)
                {
                    result[target + i] = kernel[i * columns + source];
                }
            }
        }
        return result;
    }

    private static (string[] Names, float[] Alphas, float[] Betas) Activations(Layer layer, ActivationFunction[] functions)
    {
        var names = new string[functions.Length];
        var alphas = new float[functions.Length];
        var betas = new float[functions.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            (names[i], alphas[i], betas[i]) = functions[i].Name switch
            {
                "sigmoid" => ("Sigmoid", float.NaN, float.NaN),
                "tanh" => ("Tanh", float.NaN, float.NaN),
                "relu" => ("Relu", float.NaN, float.NaN),
                "linear" => ("Affine", 1f, 0f),
                "hard_sigmoid" => ("HardSigmoid", 1f / 6f, 0.5f),
                "softsign" => ("Softsign", float.NaN, float.NaN),
                "softplus" => ("Softplus", float.NaN, float.NaN),
                var other => throw OnnxLayerConverter.Unsupported(layer, $"its activation \"{other}\" is not one of ONNX's recurrent activations"),
            };
        }
        return (names, alphas, betas);
    }
}
