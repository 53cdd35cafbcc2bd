using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// Base of the confusion-matrix metrics with one value per threshold: the counts (<see cref="TruePositives"/>, …),
/// <see cref="Precision"/> and <see cref="Recall"/>.
/// </summary>
/// <remarks>
/// With one threshold (the default 0.5) <see cref="Metric.Result"/> is its value. With several, Keras' <c>result()</c>
/// is a vector: <see cref="Metric.ResultValues"/> gives one value per threshold, in the order given, and
/// <see cref="Metric.Result"/> their mean.
/// </remarks>
public abstract class ThresholdedConfusionMetric : ConfusionMatrixMetric
{
    private readonly Func<double, double, double, double, double> _value;
    private readonly bool _hasTopKAndClassId;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="thresholds">The thresholds in [0, 1], or null for 0.5 (for no threshold when <paramref name="topK"/> is set).</param>
    /// <param name="topK">Keep only the top-k predictions of each row, or null.</param>
    /// <param name="classId">Count only this class, or null.</param>
    /// <param name="value">The per-threshold value from <c>(tp, fp, tn, fn)</c>.</param>
    /// <param name="hasTopKAndClassId">Whether the config has <c>top_k</c> and <c>class_id</c> keys.</param>
    private protected ThresholdedConfusionMetric(
        string name,
        IReadOnlyList<double>? thresholds,
        int? topK,
        int? classId,
        Func<double, double, double, double, double> value,
        bool hasTopKAndClassId)
        : base(name, Parse(thresholds, topK), topK, classId)
    {
        Thresholds = thresholds is null ? null : [.. thresholds];
        TopK = topK;
        ClassId = classId;
        _value = value;
        _hasTopKAndClassId = hasTopKAndClassId;
    }

    /// <summary>The thresholds as given (null for the default).</summary>
    public IReadOnlyList<double>? Thresholds { get; }

    /// <summary>Only the top-k predictions of each row count as positive, or null for all.</summary>
    public int? TopK { get; }

    /// <summary>The class (index on the last axis) the metric is restricted to, or null for all.</summary>
    public int? ClassId { get; }

    /// <summary>The value at the single threshold, or the mean over the thresholds.</summary>
    public override double Result() => SingleOrMean(_value);

    /// <summary>One value per threshold.</summary>
    /// <returns>A new array.</returns>
    public override double[] ResultValues() => PerThreshold(_value);

    /// <summary>The Keras config: <c>{"name", "dtype", "thresholds"}</c>, plus <c>"top_k"</c> and <c>"class_id"</c> for precision and recall.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["thresholds"] = MetricConfig.Thresholds(Thresholds);
        if (_hasTopKAndClassId)
        {
            config["top_k"] = TopK;
            config["class_id"] = ClassId;
        }
        return config;
    }

    private static double[] Parse(IReadOnlyList<double>? thresholds, int? topK)
    {
        CheckThresholdRange(thresholds);
        if (thresholds is { Count: 0 })
        {
            throw new ArgumentException("Threshold values must be in [0, 1]. Received: [] (an empty list).", nameof(thresholds));
        }
        return thresholds is null ? [topK is null ? 0.5 : NegInf] : [.. thresholds];
    }
}
