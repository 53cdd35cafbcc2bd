using System.Globalization;
using System.Text;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Utils;

/// <summary>
/// A model's layer graph in Graphviz' DOT language, drawn as Keras' <c>model_to_dot</c> draws it
/// (<c>keras/src/utils/model_visualization.py</c>): one box per layer with an HTML-like table label (name and class,
/// optionally activation, shapes, dtype and trainability), edges following the layer calls (a Sequential model as a
/// chain), nested models as one box or, when expanded, as a dashed cluster of their own layers.
/// </summary>
internal sealed class ModelPlot
{
    private static readonly string[] s_rankDirs = ["TB", "LR", "BT", "RL"];
    private static readonly string[] s_splines = ["ortho", "curved", "polyline", "spline", "line", "true", "false", "none"];

    private readonly ModelPlotOptions _options;
    private readonly Dictionary<Layer, string> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Layer> _drawn = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<(string, string)> _edges = [];
    private readonly StringBuilder _text = new();
    private int _clusters;

    private ModelPlot(ModelPlotOptions options) => _options = options;

    /// <summary>The DOT text for <paramref name="model"/>.</summary>
    /// <exception cref="InvalidOperationException">The model has not been built.</exception>
    /// <exception cref="ArgumentException">An unknown <c>rankdir</c> or <c>splines</c>, or a dpi that is not positive.</exception>
    public static string ToDot(Model model, ModelPlotOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (!s_rankDirs.Contains(options.RankDir))
        {
            throw new ArgumentException($"Received an invalid value for `rankdir`, expected one of {Python.List(s_rankDirs)}. Received: rankdir={options.RankDir}", nameof(options));
        }
        if (!s_splines.Contains(options.Splines))
        {
            throw new ArgumentException($"Received an invalid value for `splines`, expected one of {Python.List(s_splines)}. Received: splines={options.Splines}", nameof(options));
        }
        if (options.Dpi <= 0)
        {
            throw new ArgumentException($"Received an invalid value for `dpi`, expected a positive integer. Received: dpi={options.Dpi}", nameof(options));
        }
        if (!model.Built)
        {
            throw new InvalidOperationException($"Model \"{model.Name}\" has not yet been built. Build the model first by calling `Build()` or by calling the model on a batch of data.");
        }
        var plot = new ModelPlot(options);
        var text = plot._text;
        text.Append("digraph G {\n");
        text.Append("  graph [rankdir=").Append(options.RankDir)
            .Append(", concentrate=true, dpi=").Append(options.Dpi.ToString(CultureInfo.InvariantCulture))
            .Append(", splines=").Append(options.Splines).Append("];\n");
        text.Append("  node [shape=record];\n");
        plot.AddModel(model, "  ");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The boxes and edges of one model (the whole plot, or a cluster when nested and expanded).</summary>
    private void AddModel(Model model, string indent)
    {
        IReadOnlyList<Layer> layers;
        if (model is Sequential)
        {
            layers = model.Layers;
        }
        else if (model.IsFunctional && model.Graph is { } graph)
        {
            layers = graph.Layers;
        }
        else
        {
            // a subclassed model is one box
            AddBox(model, null, indent);
            return;
        }
        var ownNodes = model.Graph?.NodeDepths;

        foreach (var layer in layers)
        {
            if (_options.ExpandNested && IsGraphModel(layer))
            {
                AddCluster((Model)layer, indent);
            }
            else
            {
                AddBox(layer, ownNodes, indent);
            }
        }

        if (model is Sequential && !_options.ExpandNested)
        {
            for (int i = 0; i + 1 < layers.Count; i++)
            {
                AddEdge(layers[i], layers[i + 1], indent);
            }
            return;
        }
        // An expanded Sequential's first layer is fed by its InputLayer, which is not drawn: the edge into the model
        // comes from the enclosing graph.
        foreach (var layer in model is Sequential ? layers.Skip(1) : layers)
        {
            foreach (var node in layer.InboundNodes)
            {
                if (ownNodes is not null && !ownNodes.ContainsKey(node))
                {
                    continue;   // a call in another model
                }
                for (int i = 0; i < node.Inputs.Count; i++)
                {
                    AddConnection(node.Inputs[i], i, layer, indent);
                }
            }
        }
    }

    /// <summary>An edge from the layer that produced <paramref name="input"/> to <paramref name="layer"/>, its input number <paramref name="inputIndex"/>.</summary>
    private void AddConnection(KerasTensor input, int inputIndex, Layer layer, string indent)
    {
        var source = input.Layer;
        var destination = layer;
        if (_options.ExpandNested)
        {
            // an expanded model has no box of its own: go to the layer inside that makes the output ...
            int outputIndex = input.Index;
            while (IsGraphModel(source))
            {
                var output = ((Model)source).Outputs[outputIndex];
                source = output.Layer;
                outputIndex = output.Index;
            }
            // ... and to the layer inside that takes the input: a Functional's InputLayer, a Sequential's first layer
            while (IsGraphModel(destination))
            {
                var nested = (Model)destination;
                if (nested is Sequential)
                {
                    if (nested.Layers.Count == 0)
                    {
                        return;
                    }
                    destination = nested.Layers[0];
                }
                else
                {
                    if (inputIndex >= nested.Inputs.Count)
                    {
                        return;
                    }
                    destination = nested.Inputs[inputIndex].Layer;
                }
            }
        }
        AddEdge(source, destination, indent);
    }

    private static bool IsGraphModel(Layer layer) => layer is Sequential or Model { IsFunctional: true };

    private void AddCluster(Model model, string indent)
    {
        if (!_drawn.Add(model))
        {
            return;   // a nested model called twice is drawn once
        }
        string name = Quote("cluster_" + (_clusters++).ToString(CultureInfo.InvariantCulture) + "_" + model.Name);
        _text.Append(indent).Append("subgraph ").Append(name).Append(" {\n");
        string inner = indent + "  ";
        _text.Append(inner).Append("graph [style=dashed, label=").Append(Quote(model.Name)).Append(", labeljust=l];\n");
        AddModel(model, inner);
        _text.Append(indent).Append("}\n");
    }

    private void AddBox(Layer layer, IReadOnlyDictionary<Node, int>? ownNodes, string indent)
    {
        if (!_drawn.Add(layer))
        {
            return;
        }
        _text.Append(indent).Append(Quote(Id(layer))).Append(" [label=").Append(Label(layer, ownNodes))
            .Append(", fontname=Helvetica, border=0, margin=0];\n");
    }

    private void AddEdge(Layer source, Layer destination, string indent)
    {
        var edge = (Id(source), Id(destination));
        if (_edges.Add(edge))
        {
            _text.Append(indent).Append(Quote(edge.Item1)).Append(" -> ").Append(Quote(edge.Item2)).Append(" [penwidth=2];\n");
        }
    }

    /// <summary>A node id for the layer (Keras uses the object's id): <c>layer_0</c>, <c>layer_1</c>, … in drawing order.</summary>
    private string Id(Layer layer)
    {
        if (!_ids.TryGetValue(layer, out var id))
        {
            _ids[layer] = id = "layer_" + _ids.Count.ToString(CultureInfo.InvariantCulture);
        }
        return id;
    }

    /// <summary>The HTML-like table Keras draws for a layer.</summary>
    private string Label(Layer layer, IReadOnlyDictionary<Node, int>? ownNodes)
    {
        var o = _options;
        int colspan = Math.Max(1, (o.ShowDtype ? 1 : 0) + (o.ShowTrainable ? 1 : 0) + (o.ShowShapes ? 2 : 0));
        var label = new StringBuilder("<<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">");
        label.Append("<tr><td colspan=\"").Append(colspan).Append("\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">");
        if (o.ShowLayerNames)
        {
            label.Append("<b>").Append(Html(layer.Name)).Append("</b> (").Append(Html(layer.ClassName)).Append(')');
        }
        else
        {
            label.Append("<b>").Append(Html(layer.ClassName)).Append("</b>");
        }
        label.Append("</font></td></tr>");
        if (o.ShowLayerActivations && ActivationName(layer) is { } activation)
        {
            label.Append("<tr><td bgcolor=\"white\" colspan=\"").Append(colspan).Append("\"><font point-size=\"14\">")
                .Append("Activation: <b>").Append(Html(activation)).Append("</b></font></td></tr>");
        }

        var cells = new List<string>();
        var node = CallOf(layer, ownNodes);
        if (o.ShowShapes)
        {
            if (layer is not InputLayer)
            {
                cells.Add(WhiteCell("Input shape", node is null ? "?" : FormatShapes(node.Inputs)));
            }
            cells.Add(WhiteCell("Output shape", node is null ? "?" : FormatShapes(node.Outputs)));
        }
        if (o.ShowDtype)
        {
            // every tensor of this engine is float32
            string dtype = node is null ? "?" : node.Outputs.Count == 1 ? "float32" : Python.List(node.Outputs.Select(_ => "float32"));
            cells.Add(WhiteCell("Output dtype", dtype));
        }
        if (o.ShowTrainable && layer.Weights.Count > 0)
        {
            cells.Add(layer.Trainable
                ? "<td bgcolor=\"forestgreen\"><font point-size=\"14\" color=\"white\"><b>Trainable</b></font></td>"
                : "<td bgcolor=\"firebrick\"><font point-size=\"14\" color=\"white\"><b>Non-trainable</b></font></td>");
        }
        if (cells.Count > 0)
        {
            label.Append("<tr>").AppendJoin("", cells).Append("</tr>");
        }
        return label.Append("</table>>").ToString();
    }

    private static string WhiteCell(string title, string value) =>
        $"<td bgcolor=\"white\"><font point-size=\"14\">{title}: <b>{Html(value)}</b></font></td>";

    /// <summary>
    /// The call whose shapes the box shows: Keras shows the layer's first call; a layer called again in a rebuilt or
    /// enclosing model shows its call in the model drawn, when there is one.
    /// </summary>
    private static Node? CallOf(Layer layer, IReadOnlyDictionary<Node, int>? ownNodes)
    {
        var nodes = layer.InboundNodes;
        if (ownNodes is not null)
        {
            foreach (var node in nodes)
            {
                if (ownNodes.ContainsKey(node))
                {
                    return node;
                }
            }
        }
        return nodes.Count > 0 ? nodes[0] : null;
    }

    /// <summary>The name of the layer's activation, for the layers that have one.</summary>
    private static string? ActivationName(Layer layer) => layer switch
    {
        Dense d => d.Activation.Name,
        ConvolutionLayer c => c.Activation.Name,
        RecurrentLayer r => r.Activation.Name,
        Activation a => a.Function.Name,
        _ => null,
    };

    /// <summary>Shapes as Keras prints them here (Python tuples): <c>(None, 784)</c>, <c>(None,)</c>, several as a list.</summary>
    internal static string FormatShapes(IReadOnlyList<KerasTensor> tensors) =>
        tensors.Count == 1 ? FormatShape(tensors[0].Shape) : "[" + string.Join(", ", tensors.Select(t => FormatShape(t.Shape))) + "]";

    /// <summary>A shape as a Python tuple: <c>(None, 784)</c>, <c>(None,)</c> for one dimension, <c>()</c> for a scalar.</summary>
    internal static string FormatShape(Shape shape)
    {
        var text = new StringBuilder("(");
        for (int i = 0; i < shape.Rank; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            text.Append(shape[i] < 0 ? "None" : shape[i].ToString(CultureInfo.InvariantCulture));
        }
        return text.Append(shape.Rank == 1 ? ",)" : ")").ToString();
    }

    /// <summary>A DOT quoted string.</summary>
    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Text escaped for an HTML-like label.</summary>
    private static string Html(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
