using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) number of true negatives (<c>keras.metrics.TrueNegatives</c>): predictions where the labels are 0 and the predictions at or below the threshold.
/// One count per threshold; with sample weights, the sum of their weights.
/// </summary>
/// <remarks>See <see cref="ConfusionMatrixMetric"/> for shapes and weights, and <see cref="ThresholdedConfusionMetric"/>
/// for several thresholds.</remarks>
/// <example>
/// <code>
/// var m = new TrueNegatives();
/// m.UpdateState(new float[] { 0, 1, 0, 0 }, new float[] { 1, 1, 0, 0 });
/// Console.WriteLine(m.Result());   // 2
/// </code>
/// </example>
public sealed class TrueNegatives : ThresholdedConfusionMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1] (predictions above one count as positive), or null for 0.5.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">A threshold is outside [0, 1].</exception>
    public TrueNegatives(IReadOnlyList<double>? thresholds = null, string name = "true_negatives")
        : base(name, thresholds, null, null, static (tp, fp, tn, fn) => tn, hasTopKAndClassId: false)
    {
    }

    /// <summary>Creates a <see cref="TrueNegatives"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="ThresholdedConfusionMetric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static TrueNegatives FromConfig(JsonObject config) =>
        new(MetricConfig.GetDoubles(config, "thresholds"), ReadName(config, "true_negatives"));
}
