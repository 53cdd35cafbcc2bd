using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The best specificity (<c>tn / (tn + fp)</c>) among the thresholds where the sensitivity (<c>tp / (tp + fn)</c>) is at least the given value (<c>keras.metrics.SpecificityAtSensitivity</c>).
/// </summary>
/// <remarks>See <see cref="SensitivitySpecificityBase"/> for the thresholds and <see cref="ConfusionMatrixMetric"/> for
/// shapes and weights.</remarks>
/// <example>
/// <code>
/// var m = new SpecificityAtSensitivity(0.5);
/// m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f });
/// Console.WriteLine(m.Result());   // 0.6666…
/// </code>
/// </example>
public sealed class SpecificityAtSensitivity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="sensitivity">The floor on the sensitivity, in [0, 1].</param>
    /// <param name="numThresholds">Number of evenly spaced thresholds to search, at least 1.</param>
    /// <param name="classId">Restrict to this class, or null.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public SpecificityAtSensitivity(double sensitivity, int numThresholds = 200, int? classId = null, string name = "specificity_at_sensitivity")
        : base(name, "sensitivity", sensitivity, numThresholds, classId)
    {
    }

    /// <summary>The largest specificity with sensitivity at least <see cref="SensitivitySpecificityBase.Value"/>, or 0.</summary>
    public override double Result() => MaxUnderConstraint(Sensitivity, Specificity);

    /// <summary>Creates a <see cref="SpecificityAtSensitivity"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="SensitivitySpecificityBase.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static SpecificityAtSensitivity FromConfig(JsonObject config) => new(
        ConfigValues.GetDouble(config, "sensitivity", double.NaN),
        ConfigValues.GetNullableInt(config, "num_thresholds") ?? 200,
        ConfigValues.GetNullableInt(config, "class_id"),
        ReadName(config, "specificity_at_sensitivity"));
}
