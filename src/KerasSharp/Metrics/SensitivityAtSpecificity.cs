using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The best sensitivity (recall, <c>tp / (tp + fn)</c>) among the thresholds where the specificity (<c>tn / (tn + fp)</c>) is at least the given value (<c>keras.metrics.SensitivityAtSpecificity</c>).
/// </summary>
/// <remarks>See <see cref="SensitivitySpecificityBase"/> for the thresholds and <see cref="ConfusionMatrixMetric"/> for
/// shapes and weights.</remarks>
/// <example>
/// <code>
/// var m = new SensitivityAtSpecificity(0.5);
/// m.UpdateState(new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f });
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class SensitivityAtSpecificity : SensitivitySpecificityBase
{
    /// <summary>Creates the metric.</summary>
    /// <param name="specificity">The floor on the specificity, in [0, 1].</param>
    /// <param name="numThresholds">Number of evenly spaced thresholds to search, at least 1.</param>
    /// <param name="classId">Restrict to this class, or null.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public SensitivityAtSpecificity(double specificity, int numThresholds = 200, int? classId = null, string name = "sensitivity_at_specificity")
        : base(name, "specificity", specificity, numThresholds, classId)
    {
    }

    /// <summary>The largest sensitivity with specificity at least <see cref="SensitivitySpecificityBase.Value"/>, or 0.</summary>
    public override double Result() => MaxUnderConstraint(Specificity, Sensitivity);

    /// <summary>Creates a <see cref="SensitivityAtSpecificity"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="SensitivitySpecificityBase.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static SensitivityAtSpecificity FromConfig(JsonObject config) => new(
        ConfigValues.GetDouble(config, "specificity", double.NaN),
        ConfigValues.GetNullableInt(config, "num_thresholds") ?? 200,
        ConfigValues.GetNullableInt(config, "class_id"),
        ReadName(config, "sensitivity_at_specificity"));
}
