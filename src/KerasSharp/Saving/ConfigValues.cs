using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasSharp.Saving;

/// <summary>
/// Reading and writing the values of Keras configs (layers, optimizers, schedules, initializers, regularizers).
/// A float hyperparameter is written as the double with the same shortest decimal form (<c>0.9f</c> → <c>0.9</c>,
/// not <c>0.8999999761581421</c>), which is also the value Keras (a Python double) would hold.
/// </summary>
internal static class ConfigValues
{
    /// <summary>The double whose shortest decimal form equals the float's (<c>0.9f</c> → <c>0.9</c>).</summary>
    public static double ToDouble(float value) =>
        float.IsFinite(value)
            ? double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : value;

    /// <summary>
    /// A hyper-parameter as its caller wrote it. A double that is exactly a float is taken to be a widened float
    /// literal, so <c>0.9f</c> (0.89999997615814209 as a double) becomes <c>0.9</c>, the decimal that was typed; any
    /// other double is returned unchanged. Computing from the result (<c>1 − β</c> in double, as Keras does) gives
    /// the same numbers whether the caller wrote <c>0.9</c> or <c>0.9f</c>, and configs write the decimal either way.
    /// </summary>
    public static double AsWritten(double value) =>
        (double)(float)value == value ? ToDouble((float)value) : value;

    /// <summary>A JSON number for a float hyperparameter.</summary>
    public static JsonNode Number(float value) => JsonValue.Create(ToDouble(value));

    /// <summary>A JSON number, or null.</summary>
    public static JsonNode? Number(float? value) => value is float v ? Number(v) : null;

    /// <summary>Keras' serialized form <c>{"module", "class_name", "config", "registered_name"}</c>.</summary>
    public static JsonObject Serialize(string module, string className, JsonObject config) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = config,
        ["registered_name"] = null,
    };

    /// <summary>Splits a serialized object into its class name and config (a missing config is empty).</summary>
    public static (string ClassName, JsonObject Config) ReadSerialized(JsonNode node, string kind)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is JsonValue value && value.TryGetValue(out string? name))
        {
            return (name, []);
        }
        if (node is not JsonObject obj || obj["class_name"] is not JsonValue classNode || !classNode.TryGetValue(out string? className))
        {
            throw new ArgumentException($"Could not interpret {kind} config: expected an object with a \"class_name\" string. Received: {node.ToJsonString()}");
        }
        var config = obj["config"] switch
        {
            JsonObject c => (JsonObject)c.DeepClone(),
            null => [],
            var other => throw new ArgumentException($"Could not interpret {kind} config: \"config\" must be an object. Received: {other.ToJsonString()}"),
        };
        return (className, config);
    }

    /// <summary>True when <paramref name="node"/> holds a JSON number.</summary>
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    /// <summary>The number at <paramref name="key"/>, or <paramref name="defaultValue"/> when it is missing.</summary>
    public static double GetDouble(JsonObject config, string key, double defaultValue) =>
        config[key] is { } node ? ToDoubleValue(node, key) : defaultValue;

    /// <summary>The number at <paramref name="key"/> as a float, or <paramref name="defaultValue"/> when missing.</summary>
    public static float GetFloat(JsonObject config, string key, float defaultValue) =>
        config[key] is { } node ? (float)ToDoubleValue(node, key) : defaultValue;

    /// <summary>The number at <paramref name="key"/> as a float, or null when missing or null.</summary>
    public static float? GetNullableFloat(JsonObject config, string key) =>
        config[key] is { } node ? (float)ToDoubleValue(node, key) : null;

    /// <summary>The integer at <paramref name="key"/>, or null when missing or null.</summary>
    public static int? GetNullableInt(JsonObject config, string key) =>
        config[key] is { } node ? checked((int)ToDoubleValue(node, key)) : null;

    /// <summary>A JSON number as an integer; <paramref name="what"/> names it in the error.</summary>
    public static int ToInt(JsonNode node, string what) => checked((int)ToDoubleValue(node, what));

    /// <summary>The integer at <paramref name="key"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public static long GetLong(JsonObject config, string key, long defaultValue) =>
        config[key] is { } node ? checked((long)ToDoubleValue(node, key)) : defaultValue;

    /// <summary>The boolean at <paramref name="key"/>, or <paramref name="defaultValue"/> when missing.</summary>
    public static bool GetBool(JsonObject config, string key, bool defaultValue)
    {
        if (config[key] is not { } node)
        {
            return defaultValue;
        }
        if (node is JsonValue v && v.TryGetValue(out bool b))
        {
            return b;
        }
        if (node is JsonValue e && e.TryGetValue(out JsonElement element) && element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }
        throw new ArgumentException($"Config key \"{key}\" must be a boolean. Received: {node.ToJsonString()}");
    }

    /// <summary>The string at <paramref name="key"/>, or <paramref name="defaultValue"/> when missing or null.</summary>
    public static string GetString(JsonObject config, string key, string defaultValue)
    {
        if (config[key] is not { } node)
        {
            return defaultValue;
        }
        if (node is JsonValue v && v.TryGetValue(out string? s))
        {
            return s;
        }
        throw new ArgumentException($"Config key \"{key}\" must be a string. Received: {node.ToJsonString()}");
    }

    private static double ToDoubleValue(JsonNode node, string key)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue(out double d))
            {
                return d;
            }
            if (v.TryGetValue(out float f))
            {
                return ToDouble(f);
            }
            if (v.TryGetValue(out long l))
            {
                return l;
            }
            if (v.TryGetValue(out int i))
            {
                return i;
            }
            if (v.TryGetValue(out decimal m))
            {
                return (double)m;
            }
            if (v.TryGetValue(out JsonElement e) && e.ValueKind == JsonValueKind.Number)
            {
                return e.GetDouble();
            }
        }
        throw new ArgumentException($"Config key \"{key}\" must be a number. Received: {node.ToJsonString()}");
    }
}
