using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>Reading and writing the metric config values that <see cref="ConfigValues"/> has no helper for.</summary>
internal static class MetricConfig
{
    /// <summary>A number, or a list of numbers, or null (Keras' <c>thresholds</c> argument).</summary>
    public static double[]? GetDoubles(JsonObject config, string key) => config[key] switch
    {
        null => null,
        JsonArray list => [.. list.Select(n => n is null
            ? throw new ArgumentException($"Config key \"{key}\" must hold numbers. Received: {list.ToJsonString()}")
            : n.GetValue<double>())],
        JsonValue v => [v.GetValue<double>()],
        var other => throw new ArgumentException($"Config key \"{key}\" must be a number or a list. Received: {other.ToJsonString()}"),
    };

    /// <summary>A list of integers (Keras' <c>target_class_ids</c>).</summary>
    public static int[]? GetInts(JsonObject config, string key) => config[key] switch
    {
        null => null,
        JsonArray list => [.. list.Select(n => ConfigValues.ToInt(n ?? throw new ArgumentException($"Config key \"{key}\" holds null."), key))],
        var one => [ConfigValues.ToInt(one, key)],
    };

    /// <summary>A number or null.</summary>
    public static double? GetNullableDouble(JsonObject config, string key) =>
        config[key] is { } node ? ConfigValues.GetDouble(new JsonObject { [key] = node.DeepClone() }, key, 0) : null;

    /// <summary>A string or null.</summary>
    public static string? GetNullableString(JsonObject config, string key) =>
        config[key] is null ? null : ConfigValues.GetString(config, key, "");

    /// <summary>Thresholds as Keras writes what it was given: null, one number, or a list.</summary>
    public static JsonNode? Thresholds(IReadOnlyList<double>? thresholds) => thresholds switch
    {
        null => null,
        [var one] => JsonValue.Create(one),
        _ => new JsonArray([.. thresholds.Select(t => (JsonNode)JsonValue.Create(t))]),
    };

    /// <summary>A list of integers as JSON.</summary>
    public static JsonArray Ints(IEnumerable<int> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
