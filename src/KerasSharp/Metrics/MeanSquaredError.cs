using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean squared error between labels and predictions (<c>keras.metrics.MeanSquaredError</c>): per sample
/// <c>mean((yTrue - yPred)²)</c> over its elements, then the mean over samples, weighted by the sample weights.
/// </summary>
/// <remarks>
/// Shapes: equal, or equal after dropping a trailing axis of size 1 from one side (<c>(n,)</c> with <c>(n, 1)</c>).
/// Accumulates in double precision.
/// </remarks>
/// <example>
/// <code>
/// var m = new MeanSquaredError();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 1, 1 }, { 0, 0 } }));
/// Console.WriteLine(m.Result());   // 0.25
/// </code>
/// </example>
public sealed class MeanSquaredError : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public MeanSquaredError(string name = "mean_squared_error")
        : base(name)
    {
    }

    /// <summary>Adds the batch's per-sample mean squared errors. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes cannot be aligned, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, default(MetricOps.SquaredError), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="MeanSquaredError"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new MeanSquaredError FromConfig(JsonObject config) => new(ReadName(config, "mean_squared_error"));
}
