using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean categorical crossentropy between integer class ids and predicted probabilities or logits
/// (<c>keras.metrics.SparseCategoricalCrossentropy</c>): per position <c>-log q[label]</c>, where <c>q</c> is the
/// softmax of logits or the probabilities rescaled to sum to 1 and clipped to [ε, 1 - ε]; averaged per sample, then
/// over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new SparseCategoricalCrossentropy();
/// m.UpdateState(new float[] { 1, 2 }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
/// Console.WriteLine(m.Result());   // 1.1769392
/// </code>
/// </example>
public sealed class SparseCategoricalCrossentropy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="fromLogits">The predictions are logits rather than probabilities.</param>
    /// <param name="ignoreClass">A class id whose positions contribute 0 (Keras' unweighted behaviour: they still count in the mean), or null.</param>
    /// <param name="axis">The axis of the rows; only the last axis (-1) is supported.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public SparseCategoricalCrossentropy(string name = "sparse_categorical_crossentropy", bool fromLogits = false, int? ignoreClass = null, int axis = -1)
        : base(name)
    {
        MeanMetricChecks.LastAxisOnly(this, axis);
        FromLogits = fromLogits;
        IgnoreClass = ignoreClass;
        Axis = axis;
    }

    /// <summary>The predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>A class id whose positions contribute 0 (Keras' unweighted behaviour: they still count in the mean), or null.</summary>
    public int? IgnoreClass { get; }

    /// <summary>The axis of the rows; only the last axis (-1) is supported.</summary>
    public int Axis { get; }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">Class ids, <c>(batch, ...)</c> or <c>(batch, ..., 1)</c>.</param>
    /// <param name="yPred">Scores, <c>(batch, ..., numClasses)</c>.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.SparseRowMean(this, yTrue, yPred, sampleWeight, new MetricOps.SparseCategoricalCrossentropy(FromLogits, IgnoreClass), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "from_logits", "ignore_class", "axis"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["ignore_class"] = IgnoreClass;
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates a <see cref="SparseCategoricalCrossentropy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new SparseCategoricalCrossentropy FromConfig(JsonObject config) => new(
        ReadName(config, "sparse_categorical_crossentropy"),
        ConfigValues.GetBool(config, "from_logits", false),
        ConfigValues.GetNullableInt(config, "ignore_class"),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
