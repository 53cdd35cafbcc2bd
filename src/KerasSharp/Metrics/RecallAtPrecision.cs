using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The best recall (<c>tp / (tp + fn)</c>) among the thresholds where the precision (<c>tp / (tp + fp)</c>) is at least the given value; 0 when that precision is never reached (<c>keras.metrics.RecallAtPrecision</c>).
/// </summary>
/// <remarks>See <see cref="SensitivitySpecificityBase"/> for the thresholds and <see cref="ConfusionMatrixMetric"/> for
/// shapes and weights.</remarks>
/// <example>
/// <code>
/// var m = new RecallAtPrecision(0.8);
/// m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f });
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class RecallAtPrecision : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="precision">The floor on the precision, in [0, 1].</param>
    /// <param name="numThresholds">Number of evenly spaced thresholds to search, at least 1.</param>
    /// <param name="classId">Restrict to this class, or null.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public RecallAtPrecision(double precision, int numThresholds = 200, int? classId = null, string name = "recall_at_precision")
        : base(name, "precision", precision, numThresholds, classId)
    {
    }

    /// <summary>The largest recall with precision at least <see cref="SensitivitySpecificityBase.Value"/>, or 0.</summary>
    public override double Result() => MaxUnderConstraint(PrecisionRate, Sensitivity);

    /// <summary>Creates a <see cref="RecallAtPrecision"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="SensitivitySpecificityBase.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static RecallAtPrecision FromConfig(JsonObject config) => new(
        ConfigValues.GetDouble(config, "precision", double.NaN),
        ConfigValues.GetNullableInt(config, "num_thresholds") ?? 200,
        ConfigValues.GetNullableInt(config, "class_id"),
        ReadName(config, "recall_at_precision"));
}
