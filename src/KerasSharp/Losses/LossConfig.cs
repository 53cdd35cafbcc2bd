using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasSharp.Losses;

/// <summary>
/// Reads a loss config (Keras <c>from_config</c>): each loss's <c>FromConfig</c> is one call of <see cref="Read"/>
/// whose factory asks for the arguments by their Keras key, with the Keras default. Keys the factory did not ask for
/// (other than <c>name</c>, <c>reduction</c> and Keras' <c>dtype</c>) are an error, as unknown keyword arguments are
/// in Keras.
/// </summary>
internal sealed class LossConfig
{
    private readonly JsonObject _config;
    private readonly List<string> _known = ["name", "reduction"];

    private LossConfig(JsonObject config, string defaultName)
    {
        _config = config;
        Name = config["name"] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrEmpty(s) ? s : defaultName;
        // Keras writes null for reduction=None, which means "none"
        Reduction = !config.TryGetPropertyValue("reduction", out var node) ? "sum_over_batch_size"
            : node is null ? "none" : node.GetValue<string>();
    }

    /// <summary>The <c>name</c>, or the loss's default name.</summary>
    public string Name { get; }

    /// <summary>The <c>reduction</c> (default <c>"sum_over_batch_size"</c>).</summary>
    public string Reduction { get; }

    /// <summary>Builds a loss from <paramref name="config"/> with <paramref name="create"/>, then rejects unknown keys.</summary>
    public static T Read<T>(JsonObject config, string defaultName, Func<LossConfig, T> create)
        where T : Loss
    {
        ArgumentNullException.ThrowIfNull(config);
        var reader = new LossConfig(config, defaultName);
        var loss = create(reader);
        foreach (var (key, _) in config)
        {
            if (key != "dtype" && !reader._known.Contains(key))
            {
                throw new ArgumentException(
                    $"Unrecognized keyword argument '{key}' in the config of {typeof(T).Name}. Expected keys: {string.Join(", ", reader._known)}.",
                    nameof(config));
            }
        }
        return loss;
    }

    /// <summary>A number argument.</summary>
    public double Double(string key, double defaultValue) => Node(key) is JsonNode n ? ToDouble(n) : defaultValue;

    /// <summary>A boolean argument.</summary>
    public bool Bool(string key, bool defaultValue) => Node(key) is JsonNode n ? n.GetValue<bool>() : defaultValue;

    /// <summary>An integer argument.</summary>
    public int Int(string key, int defaultValue) => Node(key) is JsonNode n ? ToInt(n) : defaultValue;

    /// <summary>An integer argument that may be null.</summary>
    public int? NullableInt(string key) => Node(key) is JsonNode n ? ToInt(n) : null;

    /// <summary>An axis argument that is null (all axes), one integer or a list of them (a Python tuple).</summary>
    public int[]? Axes(string key) => Node(key) switch
    {
        null => null,
        JsonArray list => [.. list.Select(static e => ToInt(e ?? throw new ArgumentException("Expected an integer axis in the loss config, received null.")))],
        JsonNode n => [ToInt(n)],
    };

    private JsonNode? Node(string key)
    {
        _known.Add(key);
        return _config[key];
    }

    // A JsonValue made from a float/int/long (not parsed text) only converts to its own type, so go through the JSON text.
    private static double ToDouble(JsonNode n) => double.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int ToInt(JsonNode n)
    {
        double d = ToDouble(n);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            throw new ArgumentException($"Expected an integer in the loss config, received {n.ToJsonString()}.");
        }
        return (int)d;
    }
}
