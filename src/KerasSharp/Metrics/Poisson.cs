using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean Poisson deviance term (<c>keras.metrics.Poisson</c>): per element <c>p - t · log(p + ε)</c>, averaged per
/// sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new Poisson();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
/// Console.WriteLine(m.Result());   // 0.49999997
/// </code>
/// </example>
public sealed class Poisson : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public Poisson(string name = "poisson")
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
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, default(MetricOps.Poisson), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="Poisson"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new Poisson FromConfig(JsonObject config) => new(
        ReadName(config, "poisson"));
}
