using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean cosine similarity between label and prediction rows (<c>keras.metrics.CosineSimilarity</c>): per row
/// (last axis) <c>Σ t·p / (‖t‖ ‖p‖)</c>, averaged per sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new CosineSimilarity();
/// m.UpdateState(new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } });
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class CosineSimilarity : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="axis">The axis of the rows; only the last axis (-1) is supported.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineSimilarity(string name = "cosine_similarity", int axis = -1)
        : base(name)
    {
        MeanMetricChecks.LastAxisOnly(this, axis);
        Axis = axis;
    }

    /// <summary>The axis of the rows; only the last axis (-1) is supported.</summary>
    public int Axis { get; }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ..., n)</c>.</param>
    /// <param name="yPred">The predictions, same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, default(MetricOps.Cosine), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="CosineSimilarity"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new CosineSimilarity FromConfig(JsonObject config) => new(
        ReadName(config, "cosine_similarity"),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
