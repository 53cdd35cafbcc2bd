using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) number of false negatives (<c>keras.metrics.FalseNegatives</c>): predictions where the labels are positive and the predictions at or below the threshold.
/// One count per threshold; with sample weights, the sum of their weights.
/// </summary>
/// <remarks>See <see cref="ConfusionMatrixMetric"/> for shapes and weights, and <see cref="ThresholdedConfusionMetric"/>
/// for several thresholds.</remarks>
/// <example>
/// <code>
/// var m = new FalseNegatives();
/// m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 });
/// Console.WriteLine(m.Result());   // 2
/// </code>
/// </example>
public sealed class FalseNegatives : ThresholdedConfusionMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1] (predictions above one count as positive), or null for 0.5.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">A threshold is outside [0, 1].</exception>
    public FalseNegatives(IReadOnlyList<double>? thresholds = null, string name = "false_negatives")
        : base(name, thresholds, null, null, static (tp, fp, tn, fn) => fn, hasTopKAndClassId: false)
    {
    }

    /// <summary>Creates a <see cref="FalseNegatives"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="ThresholdedConfusionMetric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static FalseNegatives FromConfig(JsonObject config) =>
        new(MetricConfig.GetDoubles(config, "thresholds"), ReadName(config, "false_negatives"));
}
