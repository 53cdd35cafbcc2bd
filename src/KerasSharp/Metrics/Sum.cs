using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) sum of the values it is given (<c>keras.metrics.Sum</c>). Like <see cref="Mean"/> it is fed values,
/// not <c>(yTrue, yPred)</c> pairs: <see cref="Update(double, double)"/> or <see cref="Update(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
/// <example>
/// <code>
/// var m = new Sum();
/// m.Update([1f, 3f, 5f, 7f]);     // Keras: m.update_state([1, 3, 5, 7])
/// Console.WriteLine(m.Result());  // 16
/// </code>
/// </example>
public sealed class Sum : Metric
{
    private double _total;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public Sum(string name = "sum")
        : base(name)
    {
    }

    /// <summary>Adds <c>value · weight</c>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="weight">Its weight.</param>
    public void Update(double value, double weight = 1) => _total += value * weight;

    /// <summary>Adds every value times its weight.</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">One weight per value, or empty for weights of 1.</param>
    /// <exception cref="ArgumentException">The weights are not empty and not one per value.</exception>
    public void Update(ReadOnlySpan<float> values, ReadOnlySpan<float> sampleWeight = default)
    {
        if (!sampleWeight.IsEmpty && sampleWeight.Length != values.Length)
        {
            throw new ArgumentException(
                $"Metric '{Name}' (Sum) received {values.Length} values but {sampleWeight.Length} sample weights; " +
                "expected one weight per value, or none.",
                nameof(sampleWeight));
        }
        for (int i = 0; i < values.Length; i++)
        {
            _total += (sampleWeight.IsEmpty ? 1.0 : sampleWeight[i]) * values[i];
        }
    }

    /// <summary>Throws: a <c>Sum</c> adds values, not <c>(yTrue, yPred)</c> pairs.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new NotSupportedException(
            $"Metric '{Name}' (Sum) adds values, not (y_true, y_pred) pairs: call Update(value, weight) or Update(values, sampleWeight).");

    /// <summary>The weighted sum so far.</summary>
    public override double Result() => _total;

    /// <summary>Sets the sum to 0.</summary>
    public override void ResetState() => _total = 0;

    /// <summary>Creates a <see cref="Sum"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static Sum FromConfig(JsonObject config) => new(ReadName(config, "sum"));
}
