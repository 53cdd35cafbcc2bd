using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasSharp.Metrics;

/// <summary>
/// Base of the metrics that find the best value of one rate subject to a floor on another over evenly spaced
/// thresholds (Keras' <c>SensitivitySpecificityBase</c>): <see cref="SensitivityAtSpecificity"/>,
/// <see cref="SpecificityAtSensitivity"/>, <see cref="PrecisionAtRecall"/> and <see cref="RecallAtPrecision"/>.
/// </summary>
/// <remarks>
/// The thresholds are <c>0, 1/(n-1), …, 1</c> for <c>numThresholds = n &gt; 1</c>, or just 0.5 for <c>n = 1</c>. The
/// result is the largest dependent rate among the thresholds whose constrained rate is at least <see cref="Value"/>,
/// or 0 when none is.
/// </remarks>
public abstract class SensitivitySpecificityBase : ConfusionMatrixMetric
{
    private readonly string _valueKey;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="valueKey">The Keras argument name of <paramref name="value"/> (<c>"specificity"</c>, …).</param>
    /// <param name="value">The floor on the constrained rate, in [0, 1].</param>
    /// <param name="numThresholds">Number of thresholds, at least 1.</param>
    /// <param name="classId">Restrict to this class, or null.</param>
    private protected SensitivitySpecificityBase(string name, string valueKey, double value, int numThresholds, int? classId)
        : base(name, MakeThresholds(valueKey, value, numThresholds), classId: classId)
    {
        _valueKey = valueKey;
        Value = value;
        NumThresholds = numThresholds;
        ClassId = classId;
    }

    /// <summary>The floor on the constrained rate.</summary>
    public double Value { get; }

    /// <summary>Number of thresholds.</summary>
    public int NumThresholds { get; }

    /// <summary>The class the metric is restricted to, or null.</summary>
    public int? ClassId { get; }

    /// <summary>The Keras config: <c>{"name", "dtype", "class_id", "num_thresholds", &lt;value key&gt;}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["class_id"] = ClassId;
        config["num_thresholds"] = NumThresholds;
        config[_valueKey] = Value;
        return config;
    }

    /// <summary>
    /// The largest <paramref name="dependent"/> rate over the thresholds whose <paramref name="constrained"/> rate is
    /// at least <see cref="Value"/>, or 0 (Keras' <c>_find_max_under_constraint</c>).
    /// </summary>
    /// <param name="constrained">The constrained rate from <c>(tp, fp, tn, fn)</c>.</param>
    /// <param name="dependent">The maximised rate from <c>(tp, fp, tn, fn)</c>.</param>
    private protected double MaxUnderConstraint(
        Func<double, double, double, double, double> constrained, Func<double, double, double, double, double> dependent)
    {
        var tp = TruePositiveCounts;
        var fp = FalsePositiveCounts;
        var tn = TrueNegativeCounts;
        var fn = FalseNegativeCounts;
        double best = 0;
        for (int i = 0; i < ThresholdCount; i++)
        {
            if (constrained(tp[i], fp[i], tn[i], fn[i]) >= Value)
            {
                best = Math.Max(best, dependent(tp[i], fp[i], tn[i], fn[i]));
            }
        }
        return best;
    }

    /// <summary>Sensitivity (recall): <c>tp / (tp + fn)</c>.</summary>
    private protected static double Sensitivity(double tp, double fp, double tn, double fn) => DivideNoNan(tp, tp + fn);

    /// <summary>Specificity: <c>tn / (tn + fp)</c>.</summary>
    private protected static double Specificity(double tp, double fp, double tn, double fn) => DivideNoNan(tn, tn + fp);

    /// <summary>Precision: <c>tp / (tp + fp)</c>.</summary>
    private protected static double PrecisionRate(double tp, double fp, double tn, double fn) => DivideNoNan(tp, tp + fp);

    private static double[] MakeThresholds(string valueKey, double value, int numThresholds)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(
                valueKey, value,
                $"Argument `{valueKey}` must be in the range [0, 1]. Received: {valueKey}={value.ToString(CultureInfo.InvariantCulture)}");
        }
        if (numThresholds <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(numThresholds), numThresholds,
                $"Argument `num_thresholds` must be an integer > 0. Received: num_thresholds={numThresholds}");
        }
        if (numThresholds == 1)
        {
            return [0.5];
        }
        var thresholds = new double[numThresholds];
        for (int i = 1; i < numThresholds - 1; i++)
        {
            thresholds[i] = i * 1.0 / (numThresholds - 1);
        }
        thresholds[^1] = 1.0;
        return thresholds;
    }
}
