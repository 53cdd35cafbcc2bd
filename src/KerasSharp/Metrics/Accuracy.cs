using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// How often predictions exactly equal the labels (<c>keras.metrics.Accuracy</c>): the per-sample fraction of equal
/// elements, averaged over samples and weighted by the sample weights.
/// </summary>
/// <remarks>
/// <para>Exact float equality: meant for predictions that are already labels. For probabilities use
/// <see cref="BinaryAccuracy"/>, <see cref="CategoricalAccuracy"/> or <see cref="SparseCategoricalAccuracy"/> (or the
/// string <c>"accuracy"</c>, which picks one of those).</para>
/// <para>Shapes: equal, or equal after dropping a trailing axis of size 1 from one side (<c>(n,)</c> with <c>(n, 1)</c>).</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new Accuracy();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 1 }, { 2 }, { 3 }, { 4 } }), Tensor.FromArray(new float[,] { { 0 }, { 2 }, { 3 }, { 4 } }));
/// Console.WriteLine(m.Result());   // 0.75
/// </code>
/// </example>
public sealed class Accuracy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public Accuracy(string name = "accuracy")
        : base(name)
    {
    }

    /// <summary>Adds the batch's per-sample fractions of exactly equal elements. Allocates nothing.</summary>
    /// <param name="yTrue">The labels, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predicted labels, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes cannot be aligned, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, default(EqualOp), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates an <see cref="Accuracy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new Accuracy FromConfig(JsonObject config) => new(ReadName(config, "accuracy"));

    private readonly struct EqualOp : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred) => yTrue == yPred ? 1.0 : 0.0;
    }
}
