using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>
/// The <c>model_config</c> attribute of a legacy <c>.h5</c> file: <c>{"class_name": …, "config": …}</c> in the
/// Keras 2 (tf.keras) style. Reading accepts every variant real files have (a Sequential config that is a bare list
/// of layers, as Keras up to 2.1 wrote it; <c>batch_input_shape</c>; one-element <c>axis</c> lists; Keras 3 configs
/// written by its legacy saver) and rebuilds the model through <see cref="ObjectRegistry"/>. Writing turns the
/// library's Keras 3 config into the Keras 2 style, which both Keras 2 and Keras 3's legacy loader read: no
/// <c>module</c>/<c>registered_name</c>, dtypes as strings, <c>batch_input_shape</c> on input layers, and calls of a
/// Functional model as lists of <c>[layer, node, tensor, kwargs]</c> with a nested model's calls counted from 1.
/// </summary>
internal static class LegacyModelConfig
{
    private const string TensorClass = "__keras_tensor__";

    private static readonly string[] s_droppedKeys = ["module", "registered_name", "build_config", "compile_config", "shared_object_id"];

    /// <summary>Rebuilds the model described by a <c>model_config</c> JSON string (architecture only, new weights).</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, is not a model config, or describes a layer that is not a model.</exception>
    public static Model Read(string json, string file)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The 'model_config' attribute of '{file}' is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject serialized || serialized["class_name"] is not JsonValue || serialized["config"] is null)
        {
            throw new InvalidDataException(
                $"The 'model_config' attribute of '{file}' is not a valid Keras configuration. Expected a dictionary containing a 'class_name' and a 'config' key. Received: {Abbreviate(root)}");
        }
        Normalize(serialized);
        Layer layer;
        try
        {
            layer = ObjectRegistry.DeserializeLayer(serialized);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Could not rebuild the model of '{file}' from its 'model_config': {e.Message}", e);
        }
        return layer as Model ?? throw new InvalidDataException(
            $"The 'model_config' of '{file}' describes a {layer.ClassName} layer named \"{layer.Name}\", not a model (Sequential or Functional).");
    }

    /// <summary>The <c>model_config</c> of a Sequential or Functional model in the Keras 2 style, as a JSON object.</summary>
    public static JsonObject Write(Model model) => (JsonObject)ToLegacy(ObjectRegistry.SerializeLayer(model))!;

    /// <summary>The Keras 2 form of a serialized object or config value (recursively).</summary>
    internal static JsonNode? ToLegacy(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj["class_name"] is JsonValue c && c.TryGetValue(out string? className) && obj.ContainsKey("config"):
                if (className is "DTypePolicy" or "FloatDTypePolicy" && obj["config"]?["name"] is JsonValue policy)
                {
                    return policy.DeepClone();
                }
                var result = new JsonObject { ["class_name"] = className == "Model" ? "Functional" : className };
                var config = obj["config"] is JsonObject inner && inner["input_layers"] is not null && inner["layers"] is JsonArray
                    ? FunctionalToLegacy(inner)
                    : ToLegacy(obj["config"]);
                if (className == "InputLayer" && config is JsonObject input && input["batch_shape"] is { } shape)
                {
                    input.Remove("batch_shape");
                    input["batch_input_shape"] = shape.DeepClone();
                }
                result["config"] = config;
                foreach (var (key, value) in obj)
                {
                    if (key is not ("class_name" or "config") && Array.IndexOf(s_droppedKeys, key) < 0)
                    {
                        result[key] = ToLegacy(value);
                    }
                }
                return result;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = ToLegacy(value);
                }
                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(ToLegacy)]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A Functional config with its calls and endpoints in the Keras 2 form.</summary>
    private static JsonObject FunctionalToLegacy(JsonObject config)
    {
        var entries = (JsonArray)config["layers"]!;
        // the layers whose calls Keras 2 counts from 1: nested models that had their own call 0 when built
        var nested = new HashSet<string>(StringComparer.Ordinal);
        var sequential = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (LayerConfig.String(entry, "name") is { } name && IsNestedModel(entry))
            {
                nested.Add(name);
                if (LayerConfig.String(entry, "class_name") == "Sequential")
                {
                    sequential.Add(name);
                }
            }
        }
        var result = new JsonObject();
        foreach (var (key, value) in config)
        {
            result[key] = key switch
            {
                "layers" => new JsonArray([.. entries.Select(e => LayerEntry(e, nested))]),
                "input_layers" or "output_layers" => Endpoints(value, sequential),
                _ => ToLegacy(value),
            };
        }
        return result;
    }

    private static JsonNode? LayerEntry(JsonNode? entry, HashSet<string> nested)
    {
        var legacy = (JsonObject)ToLegacy(entry)!;
        if (entry?["inbound_nodes"] is JsonArray nodes)
        {
            legacy["inbound_nodes"] = new JsonArray([.. nodes.Select(n => Call(n, nested))]);
        }
        return legacy;
    }

    private static bool IsNestedModel(JsonObject entry) =>
        LayerConfig.String(entry, "class_name") switch
        {
            "Functional" or "Model" => true,
            // a Sequential with an input shape was built (and called once) when created
            "Sequential" => entry["config"] is JsonObject c
                && (c["build_input_shape"] is JsonArray || c["layers"] is JsonArray { Count: > 0 } l && LayerConfig.String((JsonObject)l[0]!, "class_name") == "InputLayer"),
            _ => false,
        };

    /// <summary>One Keras 3 call <c>{"args": […], "kwargs": {…}}</c> as Keras 2's list of <c>[layer, node, tensor, kwargs]</c>.</summary>
    private static JsonArray Call(JsonNode? node, HashSet<string> nested)
    {
        if (node is JsonArray legacy)
        {
            return (JsonArray)legacy.DeepClone();
        }
        var call = node as JsonObject ?? throw new InvalidOperationException($"Unexpected inbound node in a model config: {Abbreviate(node)}");
        var kwargs = new JsonObject();
        foreach (var (key, value) in call["kwargs"] as JsonObject ?? [])
        {
            kwargs[key] = KeywordValue(value, nested);
        }
        var refs = new JsonArray();
        foreach (var tensor in Tensors(call["args"]))
        {
            var reference = Reference(tensor, nested);
            reference.Add(kwargs.DeepClone());
            refs.Add(reference);
        }
        return refs;
    }

    private static JsonNode? KeywordValue(JsonNode? value, HashSet<string> nested) => value switch
    {
        JsonObject obj when IsTensor(obj) => Reference(obj, nested),
        JsonArray list => new JsonArray([.. list.Select(v => KeywordValue(v, nested))]),
        _ => value?.DeepClone(),
    };

    private static IEnumerable<JsonObject> Tensors(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when IsTensor(obj):
                yield return obj;
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    foreach (var tensor in Tensors(item))
                    {
                        yield return tensor;
                    }
                }
                break;
            case JsonObject dict:
                foreach (var (_, value) in dict.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    foreach (var tensor in Tensors(value))
                    {
                        yield return tensor;
                    }
                }
                break;
        }
    }

    /// <summary><c>[layer, node, tensor]</c> of a serialized Keras 3 tensor, with a nested model's calls counted from 1.</summary>
    private static JsonArray Reference(JsonObject tensor, HashSet<string> nested)
    {
        var history = tensor["config"]?["keras_history"] as JsonArray
            ?? throw new InvalidOperationException($"A serialized tensor has no keras_history: {Abbreviate(tensor)}");
        string layer = history[0]!.GetValue<string>();
        int index = ConfigValues.ToInt(history[1]!, "node_index");
        return [layer, nested.Contains(layer) ? index + 1 : index, ConfigValues.ToInt(history[2]!, "tensor_index")];
    }

    /// <summary>
    /// Model inputs or outputs: always a list of <c>[layer, node, tensor]</c> (Keras 2 wraps a single one), with a
    /// nested Sequential's calls counted from 1 too (Keras 3 already counts a Functional one's so here).
    /// </summary>
    private static JsonNode Endpoints(JsonNode? node, HashSet<string> sequential)
    {
        JsonArray Endpoint(JsonArray reference)
        {
            var copy = (JsonArray)reference.DeepClone();
            if (sequential.Contains(copy[0]!.GetValue<string>()))
            {
                copy[1] = ConfigValues.ToInt(copy[1]!, "node_index") + 1;
            }
            return copy;
        }
        return node switch
        {
            JsonArray single when single.Count >= 3 && single[0] is JsonValue v && v.TryGetValue(out string? _) => new JsonArray(Endpoint(single)),
            JsonArray list => new JsonArray([.. list.Select(r => (JsonNode)Endpoint((JsonArray)r!))]),
            JsonObject dict => new JsonObject(dict.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Endpoint((JsonArray)kv.Value!)))),
            _ => throw new InvalidOperationException($"Unexpected model endpoints in a config: {Abbreviate(node)}"),
        };
    }

    /// <summary>Keras' <c>model_from_config</c> fixes, applied to the model and to every layer of its (nested) layer lists.</summary>
    private static void Normalize(JsonObject serialized)
    {
        if (serialized["config"] is JsonArray bareList)
        {
            // Keras up to 2.1 wrote a Sequential model's config as the list of its layers
            serialized["config"] = new JsonObject { ["layers"] = bareList.DeepClone() };
        }
        if (serialized["config"] is not JsonObject config)
        {
            return;
        }
        if (config["axis"] is JsonArray { Count: 1 } axis && axis[0] is JsonValue a && a.TryGetValue(out double value))
        {
            config["axis"] = (int)value;
        }
        foreach (string key in (ReadOnlySpan<string>)["input_layers", "output_layers"])
        {
            // Keras 2 wraps a single input or output in a list; a model built on one tensor takes and returns one
            if (config[key] is JsonArray { Count: 1 } endpoints && endpoints[0] is JsonArray { Count: >= 3 } single && single[0] is JsonValue)
            {
                config[key] = single.DeepClone();
            }
        }
        if (config["layers"] is JsonArray layers)
        {
            foreach (var layer in layers.OfType<JsonObject>())
            {
                Normalize(layer);
            }
        }
    }

    private static bool IsTensor(JsonObject obj) => LayerConfig.String(obj, "class_name") == TensorClass;

    private static string Abbreviate(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "null";
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
