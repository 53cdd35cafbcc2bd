using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// How often thresholded predictions match binary labels (<c>keras.metrics.BinaryAccuracy</c>): a prediction counts
/// as 1 when <c>yPred &gt; threshold</c> (strictly, so a prediction equal to the threshold is 0) and as 0 otherwise,
/// and is compared with the label for equality.
/// </summary>
/// <remarks>
/// <para>Per sample, the fraction of matching elements; then the mean over samples, weighted by the sample weights.</para>
/// <para>Shapes: equal, or equal after dropping a trailing axis of size 1 from one side, so labels <c>(n,)</c> work
/// with predictions <c>(n, 1)</c>. Labels are compared as floats: a label of 0.9 never matches.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new BinaryAccuracy();
/// m.UpdateState(Tensor.FromArray(new float[,] { { 1 }, { 1 }, { 0 }, { 0 } }),
///               Tensor.FromArray(new float[,] { { 0.98f }, { 1 }, { 0 }, { 0.6f } }));
/// Console.WriteLine(m.Result());   // 0.75
/// </code>
/// </example>
public sealed class BinaryAccuracy : Mean
{
    private readonly float _threshold;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="threshold">Predictions strictly above it count as 1; must lie in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not in (0, 1).</exception>
    public BinaryAccuracy(string name = "binary_accuracy", double threshold = 0.5)
        : base(name)
    {
        if (!(threshold > 0 && threshold < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(threshold),
                threshold,
                "Invalid value for argument `threshold` of BinaryAccuracy. Expected a value in interval (0, 1). " +
                $"Received: threshold={threshold.ToString(CultureInfo.InvariantCulture)}");
        }
        Threshold = threshold;
        _threshold = (float)threshold;
    }

    /// <summary>Predictions strictly above this count as 1 (compared in float32, as Keras does).</summary>
    public double Threshold { get; }

    /// <summary>Adds the batch's per-sample fractions of matching thresholded predictions. Allocates nothing.</summary>
    /// <param name="yTrue">The 0/1 labels, <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predicted probabilities, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The shapes cannot be aligned, or the weights do not match the batch.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        MetricKernels.ElementwiseMean(this, yTrue, yPred, sampleWeight, new ThresholdOp(_threshold), out var total, out var count);
        Accumulate(total, count);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "threshold"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["threshold"] = Threshold;
        return config;
    }

    /// <summary>Creates a <see cref="BinaryAccuracy"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new BinaryAccuracy FromConfig(JsonObject config)
    {
        var name = ReadName(config, "binary_accuracy");
        return new BinaryAccuracy(name, ConfigValues.GetDouble(config, "threshold", 0.5));
    }

    private readonly struct ThresholdOp(float threshold) : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred) => (yPred > threshold ? 1f : 0f) == yTrue ? 1.0 : 0.0;
    }
}
