using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving.Onnx;

/// <summary>
/// Walks a model's graph (Sequential or Functional, nested models inlined) and converts each node's layer,
/// mapping every Keras tensor to the ONNX value that holds it.
/// </summary>
internal static class OnnxModelConverter
{
    /// <summary>Converts the outermost model: its inputs become graph inputs, its outputs graph outputs.</summary>
    public static void ConvertTopLevel(OnnxGraphBuilder builder, Model model)
    {
        var graph = GraphOf(model);
        var inputs = new string[graph.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var tensor = graph.Inputs[i];
            inputs[i] = builder.Unique(tensor.Layer.Name);
            builder.Input(inputs[i], tensor.Shape);
        }
        var outputs = Convert(builder, model, inputs);
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < outputs.Length; i++)
        {
            string value = outputs[i];
            // an output must be produced by a node under its own name: an input passed through, or the same value
            // output twice, gets an Identity
            if (inputs.Contains(value) || !used.Add(value))
            {
                value = builder.Node("Identity", [value]);
                used.Add(value);
            }
            builder.Output(value, graph.Outputs[i].Shape);
        }
    }

    /// <summary>Converts <paramref name="model"/> applied to the ONNX values <paramref name="inputs"/>; returns its outputs.</summary>
    public static string[] Convert(OnnxGraphBuilder builder, Model model, IReadOnlyList<string> inputs)
    {
        var graph = GraphOf(model);
        if (inputs.Count != graph.Inputs.Length)
        {
            throw new InvalidOperationException($"Model \"{model.Name}\" expects {graph.Inputs.Length} input(s), but it was called on {inputs.Count}.");
        }
        var values = new Dictionary<KerasTensor, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < inputs.Count; i++)
        {
            values[graph.Inputs[i]] = inputs[i];
        }
        string outerScope = builder.Scope;
        foreach (var node in graph.Nodes)
        {
            var args = node.Inputs.Select(t => values.TryGetValue(t, out var v) ? v
                : throw new InvalidOperationException($"Graph of model \"{model.Name}\" is disconnected at layer \"{node.Layer.Name}\".")).ToArray();
            builder.Scope = outerScope.Length == 0 ? node.Layer.Name : $"{outerScope}/{node.Layer.Name}";
            string[] results;
            try
            {
                results = node.Layer is Model inner ? Convert(builder, inner, args) : OnnxLayerConverter.Convert(builder, node, args);
            }
            finally
            {
                builder.Scope = outerScope;
            }
            if (results.Length != node.Outputs.Count)
            {
                throw new InvalidOperationException($"Layer \"{node.Layer.Name}\" produced {results.Length} ONNX value(s) for {node.Outputs.Count} output(s).");
            }
            for (int i = 0; i < results.Length; i++)
            {
                values[node.Outputs[i]] = results[i];
            }
        }
        return graph.Outputs.Select(t => values[t]).ToArray();
    }

    private static FunctionalGraph GraphOf(Model model) => model.Graph ?? throw new NotSupportedException(
        $"Model \"{model.Name}\" ({model.GetType().Name}) cannot be exported to ONNX: it has no graph of layers (a subclassed model, or a Sequential model that was never built or called on an input).");
}
