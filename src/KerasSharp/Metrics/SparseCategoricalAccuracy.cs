using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// How often the predicted class matches an integer label (<c>keras.metrics.SparseCategoricalAccuracy</c>): a sample
/// is correct when its class id equals <c>argmax(yPred)</c> along the last axis (first index on ties). Logits work as
/// well as probabilities.
/// </summary>
/// <remarks>
/// <para>Shapes: <c>yTrue</c> is <c>(batch,)</c> or <c>(batch, 1)</c> and <c>yPred</c> is <c>(batch, numClasses)</c>;
/// more generally <c>yTrue</c> is <c>yPred</c>'s shape without its class axis, optionally with a trailing axis of size 1.
/// Class ids are floats compared for equality with the argmax, as in Keras (2.0 matches class 2, 2.5 matches nothing).</para>
/// <para>With extra axes a sample's value is its fraction of correct positions; the mean over samples is weighted by
/// the sample weights.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new SparseCategoricalAccuracy();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 2 }, { 1 } }),
///               Tensor.FromArray(new float[,] { { 0.1f, 0.6f, 0.3f }, { 0.05f, 0.95f, 0 } }));
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class SparseCategoricalAccuracy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    public SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy")
        : base(name)
    {
    }

    /// <summary>Adds the batch's label/argmax matches. Allocates nothing.</summary>
    /// <param name="yTrue">Class ids, <c>(batch,)</c> or <c>(batch, 1)</c>.</param>
    /// <param name="yPred">Scores, <c>(batch, numClasses)</c>.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.SparseCategoricalMatches(this, yTrue, yPred, sampleWeight, out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>Creates a <see cref="SparseCategoricalAccuracy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new SparseCategoricalAccuracy FromConfig(JsonObject config) =>
        new(ReadName(config, "sparse_categorical_accuracy"));
}
