using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// <see cref="IoU"/> of binary labels and thresholded probabilities (<c>keras.metrics.BinaryIoU</c>): a prediction is
/// class 1 when <c>yPred &gt;= threshold</c> (inclusive, unlike <see cref="BinaryAccuracy"/>) and class 0 otherwise.
/// </summary>
/// <example>
/// <code>
/// var m = new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3);
/// m.UpdateState(new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f });
/// Console.WriteLine(m.Result());   // 0.3333…
/// </code>
/// </example>
public sealed class BinaryIoU : IoU
{
    private readonly float _threshold;

    /// <summary>Creates the metric.</summary>
    /// <param name="targetClassIds">The classes whose IoU is averaged: <c>[0]</c>, <c>[1]</c> or <c>[0, 1]</c> (null for both).</param>
    /// <param name="threshold">Predictions at or above it are class 1.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">A target class is not 0 or 1.</exception>
    public BinaryIoU(IReadOnlyList<int>? targetClassIds = null, double threshold = 0.5, string name = "binary_io_u")
        : base(2, targetClassIds ?? [0, 1], name)
    {
        Threshold = threshold;
        _threshold = (float)threshold;
    }

    /// <summary>Predictions at or above this are class 1.</summary>
    public double Threshold { get; }

    /// <summary>The Keras config: <c>{"name", "dtype", "target_class_ids", "threshold"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        foreach (var key in new[] { "num_classes", "ignore_class", "sparse_y_true", "sparse_y_pred", "axis" })
        {
            config.Remove(key);
        }
        config["threshold"] = Threshold;
        return config;
    }

    /// <summary>Creates a <see cref="BinaryIoU"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static new BinaryIoU FromConfig(JsonObject config) => new(
        MetricConfig.GetInts(config, "target_class_ids"),
        ConfigValues.GetDouble(config, "threshold", 0.5),
        ReadName(config, "binary_io_u"));

    private protected override int PredictedClass(ReadOnlySpan<float> yPred, int index, int width, bool sparse) =>
        yPred[index] >= _threshold ? 1 : 0;
}
