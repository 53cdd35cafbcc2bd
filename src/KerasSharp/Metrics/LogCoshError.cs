using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean logarithm of the hyperbolic cosine of the error (<c>keras.metrics.LogCoshError</c>): per element
/// <c>log(cosh(p - t))</c>, averaged per sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new LogCoshError();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
/// Console.WriteLine(m.Result());   // 0.10844523
/// </code>
/// </example>
public sealed class LogCoshError : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public LogCoshError(string name = "logcosh")
        : base(name)
    {

    }


    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, default(MetricOps.LogCosh), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="LogCoshError"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new LogCoshError FromConfig(JsonObject config) => new(
        ReadName(config, "logcosh"));
}
