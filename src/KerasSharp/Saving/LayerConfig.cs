using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Saving;

/// <summary>Reading the keys every Keras layer config shares (name, trainable, input shape) and common value types.</summary>
internal static class LayerConfig
{
    /// <summary>The layer name, or null.</summary>
    public static string? Name(JsonObject config) => String(config, "name");

    /// <summary>
    /// The shape of one sample declared in the config, from Keras 3's <c>batch_shape</c>, Keras 2's
    /// <c>batch_input_shape</c>, or <c>input_shape</c>; null when none is present.
    /// </summary>
    public static Shape? InputShape(JsonObject config)
    {
        if (Dims(config["batch_shape"] ?? config["batch_input_shape"]) is int[] batch && batch.Length > 0)
        {
            return new Shape(batch[1..]);
        }
        return Dims(config["input_shape"]) is int[] sample ? new Shape(sample) : (Shape?)null;
    }

    /// <summary>Applies the base keys a constructor does not take (trainable) and returns the layer.</summary>
    public static T Finish<T>(T layer, JsonObject config)
        where T : Layer
    {
        layer.Trainable = ConfigValues.GetBool(config, "trainable", true);
        return layer;
    }

    /// <summary>A string value, or null when missing or null.</summary>
    public static string? String(JsonObject config, string key) =>
        config[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    /// <summary>A required integer.</summary>
    public static int Int(JsonObject config, string key, string layer) =>
        ConfigValues.GetNullableInt(config, key) ?? throw new ArgumentException($"The config of layer {layer} is missing the integer \"{key}\". Received: {config.ToJsonString()}");

    /// <summary>A JSON array of integers (null entries read as -1, Keras' None), or null.</summary>
    public static int[]? Dims(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return null;
        }
        var dims = new int[array.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = array[i] is JsonValue v && v.TryGetValue(out int d) ? d : -1;
        }
        return dims;
    }

    /// <summary>A shape as a JSON array with null for unknown dimensions.</summary>
    public static JsonArray ToJson(ReadOnlySpan<int> dims)
    {
        var array = new JsonArray();
        foreach (var d in dims)
        {
            array.Add(d < 0 ? null : JsonValue.Create(d));
        }
        return array;
    }
}
