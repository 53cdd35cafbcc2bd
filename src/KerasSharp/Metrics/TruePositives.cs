using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) number of true positives (<c>keras.metrics.TruePositives</c>): predictions where the labels are positive and the predictions above the threshold.
/// One count per threshold; with sample weights, the sum of their weights.
/// </summary>
/// <remarks>See <see cref="ConfusionMatrixMetric"/> for shapes and weights, and <see cref="ThresholdedConfusionMetric"/>
/// for several thresholds.</remarks>
/// <example>
/// <code>
/// var m = new TruePositives();
/// m.UpdateState(new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 });
/// Console.WriteLine(m.Result());   // 2
/// </code>
/// </example>
public sealed class TruePositives : ThresholdedConfusionMetric
{
    /// <summary>Creates the metric.</summary>
    /// <param name="thresholds">Thresholds in [0, 1] (predictions above one count as positive), or null for 0.5.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">A threshold is outside [0, 1].</exception>
    public TruePositives(IReadOnlyList<double>? thresholds = null, string name = "true_positives")
        : base(name, thresholds, null, null, static (tp, fp, tn, fn) => tp, hasTopKAndClassId: false)
    {
    }

    /// <summary>Creates a <see cref="TruePositives"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="ThresholdedConfusionMetric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static TruePositives FromConfig(JsonObject config) =>
        new(MetricConfig.GetDoubles(config, "thresholds"), ReadName(config, "true_positives"));
}
