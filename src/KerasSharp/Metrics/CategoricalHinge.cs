using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean categorical hinge (<c>keras.metrics.CategoricalHinge</c>): per row (last axis) <c>max(max((1 - t)·p) - Σ
/// t·p + 1, 0)</c>, averaged per sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new CategoricalHinge();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
/// Console.WriteLine(m.Result());   // 1.4
/// </code>
/// </example>
public sealed class CategoricalHinge : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public CategoricalHinge(string name = "categorical_hinge")
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
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, default(MetricOps.CategoricalHinge), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="CategoricalHinge"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new CategoricalHinge FromConfig(JsonObject config) => new(
        ReadName(config, "categorical_hinge"));
}
