using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean categorical crossentropy between one-hot (or soft) labels and predicted probabilities or logits
/// (<c>keras.metrics.CategoricalCrossentropy</c>): per row (last axis) <c>-Σ t·log q</c>, where <c>q</c> is the
/// softmax of logits or the probabilities rescaled to sum to 1 and clipped to [ε, 1 - ε]; averaged per sample, then
/// over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new CategoricalCrossentropy();
/// m.UpdateState(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
/// Console.WriteLine(m.Result());   // 1.1769392
/// </code>
/// </example>
public sealed class CategoricalCrossentropy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="fromLogits">The predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Labels are smoothed towards uniform: <c>t(1 - s) + s / numClasses</c>; in [0, 1].</param>
    /// <param name="axis">The axis of the rows; only the last axis (-1) is supported.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CategoricalCrossentropy(string name = "categorical_crossentropy", bool fromLogits = false, double labelSmoothing = 0, int axis = -1)
        : base(name)
    {
        MeanMetricChecks.Fraction(this, labelSmoothing, "label_smoothing");
        MeanMetricChecks.LastAxisOnly(this, axis);
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
        Axis = axis;
    }

    /// <summary>The predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>Labels are smoothed towards uniform: <c>t(1 - s) + s / numClasses</c>; in [0, 1].</summary>
    public double LabelSmoothing { get; }

    /// <summary>The axis of the rows; only the last axis (-1) is supported.</summary>
    public int Axis { get; }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ..., n)</c>.</param>
    /// <param name="yPred">The predictions, same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.RowMean(this, yTrue, yPred, sampleWeight, new MetricOps.CategoricalCrossentropy(FromLogits, LabelSmoothing), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "from_logits", "label_smoothing", "axis"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates a <see cref="CategoricalCrossentropy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new CategoricalCrossentropy FromConfig(JsonObject config) => new(
        ReadName(config, "categorical_crossentropy"),
        ConfigValues.GetBool(config, "from_logits", false),
        ConfigValues.GetDouble(config, "label_smoothing", 0),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);
}
