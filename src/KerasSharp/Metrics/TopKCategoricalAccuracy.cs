using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// How often the one-hot label's class is among the k highest predictions
/// (<c>keras.metrics.TopKCategoricalAccuracy</c>); classes tied with the k-th score count as inside, as in Keras'
/// <c>in_top_k</c>. Averaged over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new TopKCategoricalAccuracy(k: 1);
/// m.UpdateState(new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } });
/// Console.WriteLine(m.Result());   // 0.5
/// </code>
/// </example>
public sealed class TopKCategoricalAccuracy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="k">How many of the highest predictions count as a hit, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public TopKCategoricalAccuracy(string name = "top_k_categorical_accuracy", int k = 5)
        : base(name)
    {
        MeanMetricChecks.Positive(this, k, "k");
        K = k;
    }

    /// <summary>How many of the highest predictions count as a hit, at least 1.</summary>
    public int K { get; }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ..., n)</c>.</param>
    /// <param name="yPred">The predictions, same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, new MetricOps.TopKMatch(K), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "k"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["k"] = K;
        return config;
    }

    /// <summary>Creates a <see cref="TopKCategoricalAccuracy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new TopKCategoricalAccuracy FromConfig(JsonObject config) => new(
        ReadName(config, "top_k_categorical_accuracy"),
        ConfigValues.GetNullableInt(config, "k") ?? 5);
}
