using System.Globalization;
using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// A piecewise constant schedule (<c>keras.optimizers.schedules.PiecewiseConstantDecay</c>): <c>values[0]</c>
/// while <c>step ≤ boundaries[0]</c>, <c>values[1]</c> while <c>boundaries[0] &lt; step ≤ boundaries[1]</c>, …,
/// and <c>values[^1]</c> after the last boundary.
/// </summary>
/// <example>
/// <code>
/// // 1.0 for the first 100001 steps, 0.5 for the next 10000, then 0.1
/// var schedule = new PiecewiseConstantDecay([100000, 110000], [1.0, 0.5, 0.1]);
/// </code>
/// </example>
public sealed class PiecewiseConstantDecay : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Strictly increasing step boundaries.</param>
    /// <param name="values">The learning rates, one more than <paramref name="boundaries"/>.</param>
    /// <param name="name">The schedule's name.</param>
    /// <exception cref="ArgumentException">The lengths do not match or the boundaries do not increase.</exception>
    public PiecewiseConstantDecay(IReadOnlyList<long> boundaries, IReadOnlyList<double> values, string name = "PiecewiseConstant")
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (boundaries.Count != values.Count - 1)
        {
            throw new ArgumentException(
                "The length of boundaries should be 1 less than the length of values. " +
                $"Received: boundaries=[{string.Join(", ", boundaries)}] of length {boundaries.Count}, and " +
                $"values=[{string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}] of length {values.Count}.");
        }
        for (int i = 1; i < boundaries.Count; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
            {
                throw new ArgumentException($"Argument `boundaries` must be strictly increasing. Received: boundaries=[{string.Join(", ", boundaries)}].", nameof(boundaries));
            }
        }
        _boundaries = [.. boundaries];
        _values = [.. values];
        Name = name;
    }

    /// <summary>The step boundaries.</summary>
    public IReadOnlyList<long> Boundaries => _boundaries;

    /// <summary>The learning rate of each interval.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The schedule's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override double Call(long step)
    {
        int i = 0;
        while (i < _boundaries.Length && step > _boundaries[i])
        {
            i++;
        }
        return _values[i];
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["boundaries"] = new JsonArray([.. _boundaries.Select(b => (JsonNode)JsonValue.Create(b))]),
        ["values"] = new JsonArray([.. _values.Select(v => (JsonNode)JsonValue.Create(v))]),
        ["name"] = Name,
    };

    /// <summary>Creates the schedule from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static PiecewiseConstantDecay FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var boundaries = ReadArray(config, "boundaries").Select(n => (long)n).ToArray();
        var values = ReadArray(config, "values");
        return new PiecewiseConstantDecay(boundaries, values, ConfigValues.GetString(config, "name", "PiecewiseConstant"));
    }

    private static double[] ReadArray(JsonObject config, string key)
    {
        if (config[key] is not JsonArray array)
        {
            throw new ArgumentException($"PiecewiseConstantDecay config needs an array \"{key}\". Received: {config[key]?.ToJsonString() ?? "null"}");
        }
        var result = new double[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var holder = new JsonObject { ["v"] = array[i]?.DeepClone() };
            result[i] = ConfigValues.GetDouble(holder, "v", double.NaN);
        }
        return result;
    }
}
