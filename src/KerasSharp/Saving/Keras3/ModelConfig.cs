using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving.Keras3;

/// <summary>
/// Rebuilds a model from its serialized Keras config (a <c>.keras</c> file's <c>config.json</c>, or
/// <c>to_json</c>'s text), as Keras' <c>deserialize_keras_object</c> does: the architecture, then a build from its
/// <c>build_config</c> when the config alone does not fix the input shape.
/// </summary>
internal static class ModelConfig
{
    // where a layer config nests other layer configs: a model's layers, a wrapper's layer(s)
    private static readonly string[] s_nestedKeys = ["layers", "layer", "forward_layer", "backward_layer"];

    /// <summary>The model the serialized config describes, built.</summary>
    /// <param name="serialized"><c>{"class_name", "config", …}</c>.</param>
    /// <param name="file">The file it came from, for messages.</param>
    /// <exception cref="NotSupportedException">It names a class the library does not know and no custom object provides.</exception>
    /// <exception cref="InvalidDataException">The config is malformed or does not describe a model.</exception>
    public static Model Build(JsonObject serialized, string file)
    {
        if (FindUnknown(serialized) is { } unknown)
        {
            string registered = unknown["registered_name"] is JsonValue r && r.TryGetValue(out string? name) && name != unknown["class_name"]!.ToString()
                ? $" (registered in Python as '{name}')"
                : "";
            string className = unknown["class_name"]!.ToString();
            throw new NotSupportedException(
                $"Could not locate class '{className}'{registered}, used in '{file}'. Make sure custom classes are registered: " +
                $"call ObjectRegistry.RegisterLayer(\"{className}\", config => new {className}(...)) before loading, or pass " +
                $"customObjects: new Dictionary<string, Func<JsonObject, object>> {{ [\"{className}\"] = config => ... }} to Model.Load " +
                $"(Keras' register_keras_serializable / custom_objects). Full object config: {Abbreviate(unknown.ToJsonString())}");
        }
        Layer layer;
        try
        {
            layer = ObjectRegistry.DeserializeLayer(serialized);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or InvalidCastException)
        {
            throw new InvalidDataException($"The model config in '{file}' could not be read: {e.Message}", e);
        }
        if (layer is not Model model)
        {
            throw new InvalidDataException($"The config in '{file}' describes a {layer.ClassName} layer, not a model.");
        }
        if (!model.Built && serialized["build_config"]?["input_shape"] is JsonArray shape && LayerConfig.Dims(shape) is int[] dims)
        {
            try
            {
                model.EnsureBuilt(new Shape(dims));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new InvalidDataException($"The model in '{file}' could not be built for its recorded input shape {shape.ToJsonString()}: {e.Message}", e);
            }
        }
        return model;
    }

    /// <summary>The first serialized layer, depth first, whose class cannot be deserialized; null when all can.</summary>
    private static JsonObject? FindUnknown(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj["class_name"] is JsonValue c && c.TryGetValue(out string? className):
                if (!ObjectRegistry.IsKnownLayer(className))
                {
                    return obj;
                }
                if (obj["config"] is JsonObject config)
                {
                    foreach (var key in s_nestedKeys)
                    {
                        if (FindUnknown(config[key]) is { } found)
                        {
                            return found;
                        }
                    }
                }
                return null;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (FindUnknown(item) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static string Abbreviate(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
