using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean hinge (<c>keras.metrics.Hinge</c>): per element <c>max(1 - t·p, 0)</c> for labels -1/1, averaged per
/// sample, then over samples weighted by the sample weights. When every label of a batch is 0 or 1 they are first
/// mapped to -1 and 1, as in Keras.
/// </summary>
/// <example>
/// <code>
/// var m = new Hinge();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
/// Console.WriteLine(m.Result());   // 1.3
/// </code>
/// </example>
public sealed class Hinge : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public Hinge(string name = "hinge")
        : base(name)
    {
    }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">Labels -1/1 (or 0/1), <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        var op = new MetricOps.Hinge(MeanMetricChecks.AllBinary(yTrue.Span), squared: false);
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, op, out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="Hinge"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new Hinge FromConfig(JsonObject config) => new(ReadName(config, "hinge"));
}
