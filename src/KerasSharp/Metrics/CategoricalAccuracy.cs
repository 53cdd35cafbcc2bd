using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// How often the predicted class matches a one-hot label (<c>keras.metrics.CategoricalAccuracy</c>): a sample is
/// correct when <c>argmax(yTrue)</c> equals <c>argmax(yPred)</c> along the last axis (first index on ties). Logits work
/// as well as probabilities, since the argmax is the same.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>yTrue</c> and <c>yPred</c> are both <c>(batch, ..., numClasses)</c>. With extra axes, a sample's
/// value is its fraction of correct positions. The mean over samples is weighted by the sample weights.</para>
/// <para>Keras would also accept one-hot labels with a different class count and compare argmaxes anyway; we throw,
/// because that is almost always integer labels given to the wrong metric (use <see cref="SparseCategoricalAccuracy"/>).</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new CategoricalAccuracy();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }),
///               Tensor.FromArray(new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }));
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class CategoricalAccuracy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public CategoricalAccuracy(string name = "categorical_accuracy")
        : base(name)
    {
    }

    /// <summary>Adds the batch's argmax matches. Allocates nothing.</summary>
    /// <param name="yTrue">One-hot labels, <c>(batch, ..., numClasses)</c>.</param>
    /// <param name="yPred">Scores, the same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes differ, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.CategoricalMatches(this, yTrue, yPred, sampleWeight, out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="CategoricalAccuracy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new CategoricalAccuracy FromConfig(JsonObject config) => new(ReadName(config, "categorical_accuracy"));
}
