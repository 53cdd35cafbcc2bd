using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The recall of thresholded predictions (<c>keras.metrics.Recall</c>): <c>tp / (tp + fn)</c> (0 when there is no
/// positive label), one value per threshold.
/// </summary>
/// <remarks>
/// <para>With <c>topK</c>, only the k largest predictions of each row (last axis) count as predicted positive; with
/// <c>classId</c>, only that class (index on the last axis) is counted. For logits use <c>thresholds: [0]</c>.</para>
/// <para>See <see cref="ConfusionMatrixMetric"/> for shapes and weights, and <see cref="ThresholdedConfusionMetric"/>
/// for several thresholds.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new Recall();
/// m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 });
/// Console.WriteLine(m.Result());   // 0.6666…
/// </code>
/// </example>
public sealed class Recall : ThresholdedConfusionMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1], or null for 0.5 (none when <paramref name="topK"/> is set).</param>
    /// <param name="topK">Only the top-k predictions of each row can be positive, or null.</param>
    /// <param name="classId">Restrict to this class, in [0, numClasses), or null.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">A threshold is outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="topK"/> is not positive or <paramref name="classId"/> is negative.</exception>
    public Recall(IReadOnlyList<double>? thresholds = null, int? topK = null, int? classId = null, string name = "recall")
        : base(name, thresholds, topK, classId, static (tp, fp, tn, fn) => DivideNoNan(tp, tp + fn), hasTopKAndClassId: true)
    {
    }

    /// <summary>Creates a <see cref="Recall"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="ThresholdedConfusionMetric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static Recall FromConfig(JsonObject config) => new(
        MetricConfig.GetDoubles(config, "thresholds"),
        ConfigValues.GetNullableInt(config, "top_k"),
        ConfigValues.GetNullableInt(config, "class_id"),
        ReadName(config, "recall"));
}
