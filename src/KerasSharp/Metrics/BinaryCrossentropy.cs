using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The mean binary crossentropy between labels and predicted probabilities or logits
/// (<c>keras.metrics.BinaryCrossentropy</c>): per element <c>-(t·log p + (1 - t)·log(1 - p))</c> with <c>p</c>
/// clipped to [ε, 1 - ε], averaged per sample, then over samples weighted by the sample weights.
/// </summary>
/// <example>
/// <code>
/// var m = new BinaryCrossentropy();
/// m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } });
/// Console.WriteLine(m.Result());   // 0.81492424
/// </code>
/// </example>
public sealed class BinaryCrossentropy : Mean
{
    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="fromLogits">The predictions are logits rather than probabilities.</param>
    /// <param name="labelSmoothing">Labels are smoothed towards 0.5: <c>t(1 - s) + s / 2</c>; in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public BinaryCrossentropy(string name = "binary_crossentropy", bool fromLogits = false, double labelSmoothing = 0)
        : base(name)
    {
        MeanMetricChecks.Fraction(this, labelSmoothing, "label_smoothing");
        FromLogits = fromLogits;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The predictions are logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>Labels are smoothed towards 0.5: <c>t(1 - s) + s / 2</c>; in [0, 1].</summary>
    public double LabelSmoothing { get; }

    /// <summary>Adds the batch's per-sample values. Allocates nothing.</summary>
    /// <param name="yTrue">The targets, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes do not align, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, new MetricOps.BinaryCrossentropy(FromLogits, LabelSmoothing), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "from_logits", "label_smoothing"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["from_logits"] = FromLogits;
        config["label_smoothing"] = LabelSmoothing;
        return config;
    }

    /// <summary>Creates a <see cref="BinaryCrossentropy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new BinaryCrossentropy FromConfig(JsonObject config) => new(
        ReadName(config, "binary_crossentropy"),
        ConfigValues.GetBool(config, "from_logits", false),
        ConfigValues.GetDouble(config, "label_smoothing", 0));
}
