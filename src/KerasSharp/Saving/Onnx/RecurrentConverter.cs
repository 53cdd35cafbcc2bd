using KerasSharp.Activations;
using KerasSharp.Layers;
using static KerasSharp.Saving.Onnx.OnnxGraphBuilder;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// The recurrent layers (SimpleRNN, LSTM, GRU, and Bidirectional around them) as ONNX RNN, LSTM and GRU: the
/// batch-first sequence transposed to ONNX's time-first layout, Keras' gate blocks reordered (LSTM i,f,c,o → ONNX
/// i,o,f,c; GRU z,r,h in both), GRU's reset_after as linear_before_reset=1, go_backwards as a reversed input,
/// initial states as the ops' initial_h / initial_c, return_state as the ops' final states.
/// </summary>
internal static class RecurrentConverter
{
    private static readonly int[] s_lstmGates = [0, 3, 1, 2];
    private static readonly int[] s_gruGates = [0, 1, 2];
    private static readonly int[] s_rnnGates = [0];

    public static string[]? TryConvert(OnnxGraphBuilder b, Layer layer, IReadOnlyList<Engine.Shape> shapes, string[] inputs) => layer switch
    {
        RecurrentLayer r => Recurrent(b, r, inputs[0], inputs[1..]),
        Bidirectional bi => Wrapped(b, bi, inputs),
        _ => null,
    };

    /// <summary>Whether the layer takes its initial states as the <c>initial_state</c> keyword argument.</summary>
    public static bool TakesInitialState(Layer layer) => layer is RecurrentLayer or Layers.Bidirectional;

    private static string[] Wrapped(OnnxGraphBuilder b, Bidirectional layer, string[] inputs)
    {
        var states = inputs[1..];
        int forwardStates = states.Length == 0 ? 0 : layer.ForwardLayer.StateCount;
        int backwardStates = states.Length == 0 ? 0 : layer.BackwardLayer.StateCount;
        var forward = InScope(b, layer.ForwardLayer.Name, () => Recurrent(b, layer.ForwardLayer, inputs[0], states[..forwardStates]));
        var backward = InScope(b, layer.BackwardLayer.Name, () => Recurrent(b, layer.BackwardLayer, inputs[0], states[forwardStates..(forwardStates + backwardStates)]));
        string y = forward[0];
        // the backward sequence is flipped back so that each output belongs to its input step
        string yRev = layer.ReturnSequences ? b.Reverse(backward[0], 1) : backward[0];
        var outputs = new List<string>();
        switch (layer.MergeMode)
        {
            case null:
                outputs.Add(y);
                outputs.Add(yRev);
                break;
            case "concat":
                outputs.Add(b.Node("Concat", [y, yRev], Attr("axis", -1L)));
                break;
            case "sum":
                outputs.Add(b.Node("Add", [y, yRev]));
                break;
            case "mul":
                outputs.Add(b.Node("Mul", [y, yRev]));
                break;
            case "ave":
                outputs.Add(b.Node("Mul", [b.Node("Add", [y, yRev]), b.Scalar(0.5f)]));
                break;
            default:
                throw OnnxLayerConverter.Unsupported(layer, $"merge_mode=\"{layer.MergeMode}\" is not exported");
        }
        outputs.AddRange(forward.Skip(1));
        outputs.AddRange(backward.Skip(1));
        return [.. outputs];
    }

    private static string[] InScope(OnnxGraphBuilder b, string name, Func<string[]> convert)
    {
        string outer = b.Scope;
        b.Scope = outer.Length == 0 ? name : $"{outer}/{name}";
        try
        {
            return convert();
        }
        finally
        {
            b.Scope = outer;
        }
    }

    // the layer's outputs: the output, then (with return_state) its final states
    private static string[] Recurrent(OnnxGraphBuilder b, RecurrentLayer layer, string x, string[] initialStates)
    {
        var (op, order, activations) = layer switch
        {
            LSTM l => ("LSTM", s_lstmGates, new[] { l.RecurrentActivation, l.Activation, l.Activation }),
            GRU g => ("GRU", s_gruGates, new[] { g.RecurrentActivation, g.Activation }),
            SimpleRNN s => ("RNN", s_rnnGates, new[] { s.Activation }),
            _ => throw OnnxLayerConverter.Unsupported(layer, "this recurrent layer has no ONNX op"),
        };
        int units = layer.Units, gates = order.Length;
        int features = layer.Kernel.Shape[0];
        var w = GateMajor(layer.Kernel.Value.Span, features, units, order);
        var r = GateMajor(layer.RecurrentKernel.Value.Span, units, units, order);
        var bias = new float[2 * gates * units];
        if (layer.Bias is { } kerasBias)
        {
            var source = kerasBias.Value.Span;
            bool twoRows = layer is GRU { ResetAfter: true };
            for (int g = 0; g < gates; g++)
            {
                source.Slice(order[g] * units, units).CopyTo(bias.AsSpan(g * units, units));
                if (twoRows)
                {
                    source.Slice((gates + order[g]) * units, units).CopyTo(bias.AsSpan((gates + g) * units, units));
                }
            }
        }
        string sequence = b.Transpose(x, 1, 0, 2);
        if (layer.GoBackwards)
        {
            // Keras reads the steps last to first and returns the outputs in that order
            sequence = b.Reverse(sequence, 0);
        }
        var args = new List<string>
        {
            sequence,
            b.ScopedWeight("W", w, 1, gates * units, features),
            b.ScopedWeight("R", r, 1, gates * units, units),
            b.ScopedWeight("B", bias, 1, 2 * gates * units),
        };
        if (initialStates.Length > 0)
        {
            args.Add("");
            args.AddRange(initialStates.Select(s => b.Unsqueeze(s, 0)));
        }
        var attributes = new List<global::Onnx.AttributeProto>
        {
            Attr("hidden_size", (long)units),
            Attr("activations", activations.Select(a => ActivationName(layer, a)).ToArray()),
        };
        var (alphas, betas) = ActivationParameters(activations);
        if (alphas.Length > 0)
        {
            attributes.Add(Attr("activation_alpha", alphas));
            attributes.Add(Attr("activation_beta", betas));
        }
        if (layer is GRU { ResetAfter: true })
        {
            attributes.Add(Attr("linear_before_reset", 1L));
        }
        int stateCount = layer.StateCount;
        var results = b.Nodes(op, args, 1 + stateCount, [.. attributes]);
        string output = layer.ReturnSequences
            ? b.Transpose(b.Squeeze(results[0], 1), 1, 0, 2)
            : b.Squeeze(results[1], 0);
        if (!layer.ReturnState)
        {
            return [output];
        }
        var outputs = new string[1 + stateCount];
        outputs[0] = output;
        for (int i = 1; i <= stateCount; i++)
        {
            outputs[i] = b.Squeeze(results[i], 0);
        }
        return outputs;
    }

    // Keras (rows, gates·units), gate blocks in Keras order → ONNX (gates·units, rows), blocks in ONNX order
    private static float[] GateMajor(ReadOnlySpan<float> source, int rows, int units, int[] order)
    {
        int gates = order.Length, columns = gates * units;
        var result = new float[source.Length];
        for (int g = 0; g < gates; g++)
        {
            for (int j = 0; j < units; j++)
            {
                int column = order[g] * units + j, row = g * units + j;
                for (int k = 0; k < rows; k++)
                {
                    result[row * rows + k] = source[k * columns + column];
                }
            }
        }
        return result;
    }

    private static string ActivationName(Layer layer, ActivationFunction activation) => Canonical(activation) switch
    {
        "sigmoid" => "Sigmoid",
        "tanh" => "Tanh",
        "relu" => "Relu",
        "linear" => "Affine",
        "hard_sigmoid" => "HardSigmoid",
        "softsign" => "Softsign",
        "softplus" => "Softplus",
        "elu" => "Elu",
        _ => throw OnnxLayerConverter.Unsupported(layer, $"the ONNX {layer.GetType().Name} op has no activation \"{activation.Name}\""),
    };

    private static string Canonical(ActivationFunction activation) =>
        ActivationConverter.IsBuiltin(activation) ? activation.Name : "";

    // ONNX takes one alpha (and beta) per activation that has parameters, in order
    private static (float[] Alphas, float[] Betas) ActivationParameters(ActivationFunction[] activations)
    {
        var alphas = new List<float>();
        var betas = new List<float>();
        foreach (var a in activations)
        {
            switch (Canonical(a))
            {
                case "linear":
                    alphas.Add(1f);
                    betas.Add(0f);
                    break;
                case "hard_sigmoid":
                    alphas.Add(1f / 6f);
                    betas.Add(0.5f);
                    break;
                case "elu":
                    alphas.Add(1f);
                    betas.Add(0f);
                    break;
            }
        }
        return ([.. alphas], [.. betas]);
    }
}
