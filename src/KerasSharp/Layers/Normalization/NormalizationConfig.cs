using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>Config values shared by the normalization and preprocessing layers: axes, initializers, regularizers, float lists.</summary>
internal static class NormalizationConfig
{
    /// <summary>The <c>axis</c> key as a list: an integer gives one axis, a list its axes, null or missing gives null.</summary>
    public static int[]? Axes(JsonObject config, string layer)
    {
        switch (config["axis"])
        {
            case null:
                return null;
            case JsonArray array:
                var axes = new int[array.Count];
                for (int i = 0; i < axes.Length; i++)
                {
                    if (array[i] is not JsonValue v || !v.TryGetValue(out int a))
                    {
                        throw new ArgumentException($"The config of layer {layer} has a non-integer entry in \"axis\". Received: {array.ToJsonString()}");
                    }
                    axes[i] = a;
                }
                return axes;
            default:
                return [ConfigValues.GetNullableInt(config, "axis")!.Value];
        }
    }

    /// <summary>Axes as a JSON list of integers (negative axes kept as they are).</summary>
    public static JsonArray AxesToJson(IEnumerable<int> axes) => [.. axes.Select(a => (JsonNode)JsonValue.Create(a))];

    /// <summary>A serialized initializer at <paramref name="key"/>, or null when missing or null.</summary>
    public static Initializers.Initializer? Initializer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Initializers.Initializer.Deserialize(node) : null;

    /// <summary>A serialized regularizer at <paramref name="key"/>, or null when missing or null.</summary>
    public static Regularizers.Regularizer? Regularizer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Regularizers.Regularizer.Deserialize(node) : null;

    /// <summary>
    /// A number or a (possibly nested) list of numbers at <paramref name="key"/>, flattened in row-major order; null
    /// when missing or null.
    /// </summary>
    public static float[]? Floats(JsonObject config, string key)
    {
        if (config[key] is not JsonNode node)
        {
            return null;
        }
        var values = new List<float>();
        Flatten(node, key, values);
        return [.. values];
    }

    /// <summary>A float list as a JSON array.</summary>
    public static JsonArray ToJson(IReadOnlyList<float> values)
    {
        var array = new JsonArray();
        foreach (var v in values)
        {
            array.Add(ConfigValues.Number(v));
        }
        return array;
    }

    private static void Flatten(JsonNode node, string key, List<float> values)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Flatten(item ?? throw new ArgumentException($"Config key \"{key}\" contains null."), key, values);
            }
            return;
        }
        values.Add(ConfigValues.GetFloat(new JsonObject { [key] = node.DeepClone() }, key, float.NaN));
    }
}
