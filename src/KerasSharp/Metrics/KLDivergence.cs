using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean Kullback-Leibler divergence (<c>keras.metrics.KLDivergence</c>): per row (last axis) <c>Σ t·log(t /
/// p)</c> with both clipped to [ε, 1], averaged per sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new KLDivergence();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
/// Console.WriteLine(m.Result());   // 0.45814306
/// </code>
/// </example>
public sealed class KLDivergence : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public KLDivergence(string name = "kl_divergence")
        : base(name)
    {

    }


    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ..., n)</c>.</param>
    /// <param name="yPred">The predictions, same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, default(MetricOps.KLDivergence), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="KLDivergence"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new KLDivergence FromConfig(JsonObject config) => new(
        ReadName(config, "kl_divergence"));
}
