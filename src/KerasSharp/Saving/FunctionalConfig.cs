using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving;

/// <summary>
/// The config of a Functional model in Keras' format (<c>keras/src/models/functional.py</c> <c>get_config</c> and
/// <c>functional_from_config</c>): <c>name</c>, <c>trainable</c>, <c>layers</c> (each serialized layer with its
/// <c>name</c> and <c>inbound_nodes</c>, one per call of the layer in this model), <c>input_layers</c> and
/// <c>output_layers</c> (<c>[layer_name, node_index, tensor_index]</c>, in the structure of the inputs and outputs).
/// </summary>
/// <remarks>
/// <para>
/// Keras 3 writes each call as <c>{"args": [...], "kwargs": {...}}</c>, a tensor as
/// <c>{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history": [layer, node, tensor]}}</c>.
/// Node indices count only the calls that belong to the model, so a layer shared with another model starts at 0.
/// In <c>input_layers</c>/<c>output_layers</c> the calls of a nested Functional model count from 1 (a leftover of
/// tf.keras, where a Functional model had a call of its own at index 0).
/// </para>
/// <para>
/// Keras 2 (tf.keras) writes each call as a list of <c>[layer, node, tensor, kwargs]</c>, one per input tensor, and
/// counts the calls of a nested model (Functional, or Sequential with an input shape) from 1 everywhere.
/// </para>
/// </remarks>
internal static class FunctionalConfig
{
    private const string TensorClass = "__keras_tensor__";

    /// <summary>The config of a Functional model.</summary>
    public static JsonObject Write(Model model)
    {
        var graph = model.Graph ?? throw new InvalidOperationException($"Model \"{model.Name}\" is not a Functional model.");
        var writer = new Writer(graph);
        var layers = new JsonArray();
        foreach (var (tensor, name) in writer.Clones)
        {
            // an intermediate tensor given as an input: Keras makes an input layer for it
            layers.Add(InputEntry(name, tensor.Shape));
        }
        foreach (var layer in graph.Layers)
        {
            var entry = ObjectRegistry.SerializeLayer(layer);
            if (layer is not InputLayer && entry["config"] is JsonObject layerConfig)
            {
                // the graph gives each layer its input shape, and Keras 3 rejects the key on a layer
                layerConfig.Remove("batch_input_shape");
            }
            var nodes = new JsonArray();
            foreach (var node in layer.InboundNodes)
            {
                if (graph.NodeDepths.ContainsKey(node) && node.Inputs.Count > 0)
                {
                    nodes.Add(writer.Node(node));
                }
            }
            entry["name"] = layer.Name;
            entry["inbound_nodes"] = nodes;
            layers.Add(entry);
        }
        return new JsonObject
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["layers"] = layers,
            ["input_layers"] = Structure(model.InputStructure, writer.Endpoint),
            ["output_layers"] = Structure(model.OutputStructure, writer.Endpoint),
        };
    }

    /// <summary>Rebuilds a Functional model (architecture only, new weights) from its Keras 3 or Keras 2 config.</summary>
    public static Model Read(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layerEntries = config["layers"] as JsonArray
            ?? throw new ArgumentException($"The config of a Functional model needs a \"layers\" array. Received: {Abbreviate(config)}");
        var reader = new Reader();
        var pending = new List<(Layer Layer, Queue<JsonNode> Nodes)>();
        foreach (var item in layerEntries)
        {
            var (name, layer, nodes) = reader.CreateLayer(item);
            pending.Add((layer, new Queue<JsonNode>(nodes)));
            reader.Legacy |= nodes.Any(n => n is JsonArray);
        }

        // Call the layers in config order, each as far as its inputs exist, until every call is made (a layer
        // shared at different depths needs several rounds), as Keras does.
        while (pending.Any(p => p.Nodes.Count > 0))
        {
            bool progress = false;
            foreach (var (layer, nodes) in pending)
            {
                while (nodes.Count > 0 && reader.TryArguments(nodes.Peek(), out var inputs, out var arguments))
                {
                    SymbolicCall.Apply(layer, inputs, arguments);
                    nodes.Dequeue();
                    progress = true;
                }
            }
            if (!progress)
            {
                var stuck = pending.Where(p => p.Nodes.Count > 0).Select(p => $"'{p.Layer.Name}'");
                throw new ArgumentException(
                    "Invalid Functional model configuration. The graph of the Functional model either has loops or disconnected nodes. " +
                    $"The following nodes failed to be resolved: [{string.Join(", ", stuck)}]");
            }
        }

        var inputsStructure = reader.Structure(config["input_layers"], "input_layers");
        var outputsStructure = reader.Structure(config["output_layers"], "output_layers");
        return new Model(inputsStructure, outputsStructure, LayerConfig.Name(config), ConfigValues.GetBool(config, "trainable", true));
    }

    private static JsonNode Structure(KerasTensors tensors, Func<KerasTensor, JsonArray> write)
    {
        if (tensors.Names is { } names)
        {
            var dict = new JsonObject();
            for (int i = 0; i < names.Count; i++)
            {
                dict[names[i]] = write(tensors[i]);
            }
            return dict;
        }
        return tensors.IsList ? new JsonArray([.. tensors.Select(write)]) : write(tensors[0]);
    }

    private static JsonObject InputEntry(string name, Shape shape)
    {
        var entry = ConfigValues.Serialize("keras.layers", "InputLayer", new JsonObject
        {
            ["batch_shape"] = LayerConfig.ToJson(shape.Dims),
            ["dtype"] = "float32",
            ["sparse"] = false,
            ["name"] = name,
        });
        entry["name"] = name;
        entry["inbound_nodes"] = new JsonArray();
        return entry;
    }

    private static string Abbreviate(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    /// <summary>Writes the calls and tensor references of one model's graph.</summary>
    private sealed class Writer
    {
        private readonly FunctionalGraph _graph;

        public Writer(FunctionalGraph graph)
        {
            _graph = graph;
            foreach (var input in graph.Inputs)
            {
                if (!input.Node.IsInput && !Clones.ContainsKey(input))
                {
                    Clones[input] = input.Name + "CLONE";
                }
            }
        }

        /// <summary>Intermediate tensors given as model inputs, with the name of the input layer written for each.</summary>
        public Dictionary<KerasTensor, string> Clones { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>One call as Keras 3 writes it: the main argument, then the keyword arguments' tensors.</summary>
        public JsonObject Node(Node node)
        {
            var inputs = node.Inputs;
            var arguments = node.Arguments;
            int positional = arguments.Positional;
            var main = new JsonArray([.. inputs.Take(positional).Select(Tensor)]);
            var args = arguments.AsList ? new JsonArray(main) : main;
            var kwargs = new JsonObject();
            int next = positional;
            foreach (var (name, count) in arguments.Keywords ?? [])
            {
                kwargs[name] = count == 1 ? Tensor(inputs[next]) : new JsonArray([.. inputs.Skip(next).Take(count).Select(Tensor)]);
                next += count;
            }
            return new JsonObject { ["args"] = args, ["kwargs"] = kwargs };
        }

        /// <summary>A model input or output: <c>[layer, node, tensor]</c>, a nested Functional model's calls counted from 1.</summary>
        public JsonArray Endpoint(KerasTensor tensor)
        {
            var history = History(tensor);
            if (!Clones.ContainsKey(tensor) && tensor.Layer is Model { IsFunctional: true })
            {
                history[1] = history[1]!.GetValue<int>() + 1;
            }
            return history;
        }

        private JsonObject Tensor(KerasTensor tensor) => new()
        {
            ["class_name"] = TensorClass,
            ["config"] = new JsonObject
            {
                ["shape"] = LayerConfig.ToJson(tensor.Shape.Dims),
                ["dtype"] = "float32",
                ["keras_history"] = History(tensor),
            },
        };

        /// <summary><c>[layer, node, tensor]</c> with the node counted among the layer's calls in this model.</summary>
        private JsonArray History(KerasTensor tensor)
        {
            if (Clones.TryGetValue(tensor, out var clone))
            {
                return [clone, 0, 0];
            }
            var node = tensor.Node;
            int index = tensor.Layer.InboundNodes.Take(node.Index).Count(_graph.NodeDepths.ContainsKey);
            return [tensor.Layer.Name, index, tensor.Index];
        }
    }

    /// <summary>Creates the layers of a config and resolves tensor references to the calls made so far.</summary>
    private sealed class Reader
    {
        private readonly Dictionary<string, Layer> _created = new(StringComparer.Ordinal);

        /// <summary>True for a Keras 2 config (calls written as lists of <c>[layer, node, tensor, kwargs]</c>).</summary>
        public bool Legacy { get; set; }

        public (string Name, Layer Layer, IReadOnlyList<JsonNode> Nodes) CreateLayer(JsonNode? item)
        {
            if (item is not JsonObject entry)
            {
                throw new ArgumentException($"Each entry of a Functional model's \"layers\" must be a serialized layer. Received: {Abbreviate(item)}");
            }
            var inner = entry["config"] as JsonObject;
            string name = LayerConfig.String(entry, "name") ?? (inner is null ? null : LayerConfig.Name(inner))
                ?? throw new ArgumentException($"A layer of a Functional model's config has no \"name\". Received: {Abbreviate(entry)}");
            JsonNode serialized = entry;
            if (inner is not null && LayerConfig.Name(inner) is null)
            {
                // the entry's name is the layer's (Keras 2.2 InputLayer configs carry it only outside)
                var copy = (JsonObject)entry.DeepClone();
                ((JsonObject)copy["config"]!)["name"] = name;
                serialized = copy;
            }
            var layer = ObjectRegistry.DeserializeLayer(serialized);
            if (!_created.TryAdd(name, layer))
            {
                throw new ArgumentException($"The name \"{name}\" is used 2 times in the model's config. All layer names should be unique.");
            }
            var nodes = entry["inbound_nodes"] switch
            {
                null => [],
                JsonArray array => array.Select(n => n ?? throw new ArgumentException($"Layer \"{name}\" has a null inbound node.")).ToList(),
                var other => throw new ArgumentException($"The \"inbound_nodes\" of layer \"{name}\" must be a list. Received: {Abbreviate(other)}"),
            };
            return (name, layer, nodes);
        }

        /// <summary>The tensors and call form of one call; false while one of its inputs does not exist yet.</summary>
        public bool TryArguments(JsonNode node, out KerasTensor[] inputs, out NodeArguments arguments)
        {
            var tensors = new List<KerasTensor>();
            inputs = [];
            arguments = default;
            int positional;
            bool asList;
            JsonObject? kwargs;
            if (node is JsonArray refs)
            {
                // Keras 2: one [layer, node, tensor, kwargs] per input; several make a list
                if (!refs.All(item => TryLegacyRef(item, tensors)))
                {
                    return false;
                }
                positional = tensors.Count;
                asList = tensors.Count > 1;
                kwargs = refs.Count > 0 && refs[^1] is JsonArray { Count: 4 } last ? last[3] as JsonObject : null;
            }
            else if (node is JsonObject call)
            {
                var args = call["args"] as JsonArray ?? [];
                asList = false;
                if (args.Count == 1 && !IsTensor(args[0]))
                {
                    // one list (or dict) of tensors, as for a merge layer
                    if (!TryTensors(args[0], tensors))
                    {
                        return false;
                    }
                    asList = true;
                }
                else if (!TryTensors(args, tensors))
                {
                    return false;
                }
                positional = tensors.Count;
                kwargs = call["kwargs"] as JsonObject;
            }
            else
            {
                throw new ArgumentException($"Could not read an inbound node: expected a list or an object. Received: {Abbreviate(node)}");
            }

            var keywords = new List<(string, int)>();
            foreach (var (key, value) in kwargs ?? [])
            {
                int before = tensors.Count;
                if (!TryKeywordTensors(value, tensors))
                {
                    return false;
                }
                if (tensors.Count > before)
                {
                    keywords.Add((key, tensors.Count - before));
                }
            }
            if (positional == 0)
            {
                throw new ArgumentException($"An inbound node has no input tensor. Received: {Abbreviate(node)}");
            }
            inputs = [.. tensors];
            arguments = new NodeArguments(positional, asList, keywords.Count > 0 ? keywords : null);
            return true;
        }

        /// <summary>A model's inputs or outputs: one <c>[layer, node, tensor]</c>, a list of them, or a dict.</summary>
        public KerasTensors Structure(JsonNode? node, string key)
        {
            switch (node)
            {
                case JsonObject dict:
                    return dict.ToDictionary(kv => kv.Key, kv => Endpoint(kv.Value, key), StringComparer.Ordinal);
                case JsonArray array when IsRef(array):
                    return Endpoint(array, key);
                case JsonArray list:
                    return list.Select(item => Endpoint(item, key)).ToList();
                default:
                    throw new ArgumentException($"The config of a Functional model needs \"{key}\": [layer_name, node_index, tensor_index] or a list or dict of them. Received: {Abbreviate(node)}");
            }
        }

        private KerasTensor Endpoint(JsonNode? node, string key)
        {
            if (node is not JsonArray array || !IsRef(array))
            {
                throw new ArgumentException($"Each entry of \"{key}\" must be [layer_name, node_index, tensor_index]. Received: {Abbreviate(node)}");
            }
            var (name, index, tensorIndex) = ReadRef(array);
            var layer = Layer(name);
            // Keras 3 counts a nested Functional model's calls from 1 here; Keras 2 does so everywhere
            index = Legacy ? LegacyIndex(layer, index) : layer is Model { IsFunctional: true } ? index - 1 : index;
            return Output(layer, index, tensorIndex) ?? throw new ArgumentException(
                $"\"{key}\" refers to call {index} of layer \"{name}\", which has {layer.InboundNodes.Count} call(s) in the model.");
        }

        private static bool IsTensor(JsonNode? node) =>
            node is JsonObject obj && obj["class_name"] is JsonValue v && v.TryGetValue(out string? c) && c == TensorClass;

        private static bool IsRef(JsonArray array) =>
            array.Count is 3 or 4 && array[0] is JsonValue v && v.TryGetValue(out string? _) && ConfigValues.IsNumber(array[1]) && ConfigValues.IsNumber(array[2]);

        private static (string Name, int Node, int Tensor) ReadRef(JsonArray array) =>
            (array[0]!.GetValue<string>(), ConfigValues.ToInt(array[1]!, "node_index"), ConfigValues.ToInt(array[2]!, "tensor_index"));

        /// <summary>Keras 3 tensors in a positional argument: a tensor, or a list/dict (sorted by key) of them.</summary>
        private bool TryTensors(JsonNode? node, List<KerasTensor> tensors)
        {
            switch (node)
            {
                case JsonObject obj when IsTensor(obj):
                    var history = obj["config"]?["keras_history"] as JsonArray;
                    if (history is null || !IsRef(history))
                    {
                        throw new ArgumentException($"A serialized tensor has no \"keras_history\" [layer, node, tensor]. Received: {Abbreviate(obj)}");
                    }
                    return TryAdd(history, tensors, legacyNode: false);
                case JsonArray list:
                    return list.All(item => TryTensors(item, tensors));
                case JsonObject dict:
                    return dict.OrderBy(kv => kv.Key, StringComparer.Ordinal).All(kv => TryTensors(kv.Value, tensors));
                default:
                    throw new ArgumentException($"An inbound node passes a value that is not a tensor, which cannot be rebuilt. Received: {Abbreviate(node)}");
            }
        }

        /// <summary>The tensors of a keyword argument (Keras 3 serialized tensors, or Keras 2 references); other values are skipped.</summary>
        private bool TryKeywordTensors(JsonNode? value, List<KerasTensor> tensors)
        {
            switch (value)
            {
                case JsonObject obj when IsTensor(obj):
                    return TryTensors(obj, tensors);
                case JsonArray array when IsRef(array):
                    // Keras 2 writes a keyword tensor with the call's index as the layer holds it
                    return TryAdd(array, tensors, legacyNode: false);
                case JsonArray list:
                    return list.All(item => TryKeywordTensors(item, tensors));
                default:
                    return true;   // training flags, masks left as None, …
            }
        }

        private bool TryLegacyRef(JsonNode? item, List<KerasTensor> tensors) =>
            item is JsonArray array && IsRef(array)
                ? TryAdd(array, tensors, legacyNode: true)
                : throw new ArgumentException($"Each input of a Keras 2 inbound node must be [layer_name, node_index, tensor_index, kwargs]. Received: {Abbreviate(item)}");

        /// <summary>Adds the tensor a <c>[layer, node, tensor]</c> reference names; false when that call is not made yet.</summary>
        private bool TryAdd(JsonArray reference, List<KerasTensor> tensors, bool legacyNode)
        {
            var (name, index, tensorIndex) = ReadRef(reference);
            var layer = Layer(name);
            if (Output(layer, legacyNode ? LegacyIndex(layer, index) : index, tensorIndex) is not { } tensor)
            {
                return false;
            }
            tensors.Add(tensor);
            return true;
        }

        /// <summary>
        /// Keras 2 counts a nested model's calls from 1 (its construction was call 0) when it was built with an input
        /// shape; an input layer's only call is 0.
        /// </summary>
        private static int LegacyIndex(Layer layer, int index) => layer switch
        {
            InputLayer => 0,
            Sequential { Built: true } or Model { IsFunctional: true } => Math.Max(0, index - 1),
            _ => index,
        };

        private Layer Layer(string name) => _created.TryGetValue(name, out var layer)
            ? layer
            : throw new ArgumentException($"Invalid Functional model configuration. Unknown layer: '{name}'. Layers in the config: [{string.Join(", ", _created.Keys.Select(k => $"'{k}'"))}]");

        /// <summary>Output <paramref name="tensorIndex"/> of the layer's call <paramref name="index"/>, or null when that call is not made yet.</summary>
        private static KerasTensor? Output(Layer layer, int index, int tensorIndex)
        {
            var nodes = layer.InboundNodes;
            if (index < 0)
            {
                throw new ArgumentException($"Invalid node index {index} for layer \"{layer.Name}\".");
            }
            if (index >= nodes.Count)
            {
                return null;
            }
            var outputs = nodes[index].Outputs;
            return tensorIndex >= 0 && tensorIndex < outputs.Count
                ? outputs[tensorIndex]
                : throw new ArgumentException($"Layer \"{layer.Name}\" has {outputs.Count} output(s) in call {index}; the config asks for output {tensorIndex}.");
        }
    }
}
