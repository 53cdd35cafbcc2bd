using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean Pearson correlation coefficient between label and prediction rows
/// (<c>keras.metrics.PearsonCorrelation</c>): per row (last axis) the mean product of the standardised values,
/// averaged over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new PearsonCorrelation();
/// m.UpdateState(new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } });
/// Console.WriteLine(m.Result());   // 0.9966996
/// </code>
/// </example>
public sealed class PearsonCorrelation : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="axis">The axis of the rows; only the last axis (-1) is supported.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public PearsonCorrelation(string name = "pearson_correlation", int axis = -1)
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
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, default(MetricOps.Pearson), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "axis"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates a <see cref="PearsonCorrelation"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new PearsonCorrelation FromConfig(JsonObject config) => new(
        ReadName(config, "pearson_correlation"),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
