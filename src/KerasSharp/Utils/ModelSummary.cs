using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Utils;

/// <summary>
/// The rows of a model's summary as Keras 3 chooses them (<c>keras/src/utils/summary_utils.py</c>): a Sequential or
/// subclassed model lists its layers without the InputLayer; a Functional model lists every layer of its graph,
/// input layers included, and adds the <c>Connected to</c> column unless it is sequential-like (one node per depth,
/// each taking at most one tensor, and no layer called twice in the model).
/// </summary>
internal static class ModelSummary
{
    /// <summary>The rows and the table layout for <paramref name="model"/>.</summary>
    public static (List<SummaryRow> Rows, SummaryLayout Layout) Describe(Model model)
    {
        if (!model.IsFunctional || model.Graph is not { } graph)
        {
            var plain = model.Layers.Where(l => l is not InputLayer)
                .Select(l => Row(l, model.SummaryShape(l), null))
                .ToList();
            return (plain, SummaryLayout.Sequential);
        }
        bool connections = !IsSequentialLike(graph);
        var rows = graph.Layers.Select(l => Row(l, OutputShapes(l), connections ? ConnectedTo(l, graph) : null)).ToList();
        return (rows, connections ? SummaryLayout.Functional : SummaryLayout.Sequential);
    }

    private static SummaryRow Row(Layer layer, string outputShape, string? connectedTo) =>
        new(layer.Name, layer.ClassName, outputShape, layer.Built ? layer.CountParams() : 0, layer.Built, connectedTo);

    /// <summary>Keras prints the outputs of the layer's last call (in any model), several as a list.</summary>
    private static string OutputShapes(Layer layer)
    {
        var nodes = layer.InboundNodes;
        if (nodes.Count > 0)
        {
            return SummaryTable.FormatShapes([.. nodes[^1].Outputs.Select(t => t.Shape)]);
        }
        return layer.OutputShape is Shape s ? SummaryTable.FormatShape(s) : "?";
    }

    /// <summary>
    /// <c>name[node][tensor]</c> for every input of every call of the layer that belongs to this model, comma-joined;
    /// <c>-</c> for an input layer. The node index is the call's index in the inbound layer, as Keras prints it.
    /// </summary>
    private static string ConnectedTo(Layer layer, FunctionalGraph graph)
    {
        var parts = new List<string>();
        foreach (var node in layer.InboundNodes)
        {
            if (!graph.NodeDepths.ContainsKey(node))
            {
                continue;
            }
            foreach (var input in node.Inputs)
            {
                parts.Add($"{input.Layer.Name}[{input.Node.Index}][{input.Index}]");
            }
        }
        return parts.Count == 0 ? "-" : string.Join(", ", parts);
    }

    /// <summary>Keras' test for the three-column table: one node per depth, none with several inputs, no shared layer.</summary>
    private static bool IsSequentialLike(FunctionalGraph graph)
    {
        var depths = new HashSet<int>();
        foreach (var (node, depth) in graph.NodeDepths)
        {
            if (node.Inputs.Count > 1 || !depths.Add(depth))
            {
                return false;
            }
        }
        return graph.Layers.All(l => l.InboundNodes.Count(graph.NodeDepths.ContainsKey) <= 1);
    }
}
