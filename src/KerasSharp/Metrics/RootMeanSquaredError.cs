using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The root of the mean squared error (<c>keras.metrics.RootMeanSquaredError</c>): <c>sqrt</c> of the weighted mean
/// over samples of each sample's mean <c>(t - p)²</c>.
/// </summary>
/// <example>
/// <code>
/// var m = new RootMeanSquaredError();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class RootMeanSquaredError : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public RootMeanSquaredError(string name = "root_mean_squared_error")
        : base(name)
    {
    }

    /// <summary>Adds the batch's per-sample mean squared errors. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, default(MetricOps.SquaredError), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The square root of the mean squared error (0 before any sample).</summary>
    public override double Result() => Math.Sqrt(base.Result());

    /// <summary>Creates a <see cref="RootMeanSquaredError"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new RootMeanSquaredError FromConfig(JsonObject config) => new(ReadName(config, "root_mean_squared_error"));
}
