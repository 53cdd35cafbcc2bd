using System.Text.Json.Nodes;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The area under the ROC or precision-recall curve, approximated by a Riemann sum over thresholds
/// (<c>keras.metrics.AUC</c>).
/// </summary>
/// <remarks>
/// <para>Thresholds: <c>numThresholds</c> evenly spaced ones, <c>-ε, 1/(n-1), …, (n-2)/(n-1), 1+ε</c> with ε = 1e-7,
/// or the given <c>thresholds</c> between <c>-ε</c> and <c>1+ε</c>. Per threshold the weighted confusion counts are
/// accumulated (see <see cref="ConfusionMatrixMetric"/>); the curve's points are <c>(fpRate, recall)</c> for ROC and
/// <c>(recall, precision)</c> for PR.</para>
/// <para><c>summationMethod</c>: <c>"interpolation"</c> (mid-point heights for ROC; for PR, Davis and Goadrich's
/// interpolation of the counts), <c>"minoring"</c> (lower heights) or <c>"majoring"</c> (upper heights).</para>
/// <para><c>multiLabel: true</c> computes one AUC per label (column of a rank-2 <c>yPred</c>) and averages them,
/// weighted by <c>labelWeights</c> if given; otherwise all predictions are pooled and <c>labelWeights</c> weigh them
/// by their index on the last axis. <c>fromLogits</c> applies a sigmoid to the predictions first.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new AUC(numThresholds: 3);
/// m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f });
/// Console.WriteLine(m.Result());   // 0.75
/// </code>
/// </example>
public sealed class AUC : ConfusionMatrixMetric
{
    private const double Epsilon = 1e-7;

    /// <summary>Creates the metric.</summary>
    /// <param name="numThresholds">Number of thresholds, more than 1 (ignored when <paramref name="thresholds"/> is given).</param>
    /// <param name="curve"><c>"ROC"</c> or <c>"PR"</c> (either letter case).</param>
    /// <param name="summationMethod"><c>"interpolation"</c>, <c>"minoring"</c> or <c>"majoring"</c>.</param>
    /// <param name="name">The metric's name.</param>
    /// <param name="thresholds">Explicit thresholds in [0, 1] (sorted here), or null for evenly spaced ones.</param>
    /// <param name="multiLabel">Compute one AUC per label and average them.</param>
    /// <param name="numLabels">The number of labels when multi-label, or null to take it from the first batch.</param>
    /// <param name="labelWeights">Non-negative per-label weights, or null.</param>
    /// <param name="fromLogits">The predictions are logits (a sigmoid is applied).</param>
    /// <exception cref="ArgumentException">An argument is out of range or unknown.</exception>
    public AUC(
        int numThresholds = 200,
        string curve = "ROC",
        string summationMethod = "interpolation",
        string name = "auc",
        IReadOnlyList<double>? thresholds = null,
        bool multiLabel = false,
        int? numLabels = null,
        IReadOnlyList<double>? labelWeights = null,
        bool fromLogits = false)
        : base(
            name,
            MakeThresholds(numThresholds, thresholds, multiLabel, numLabels),
            multiLabel: multiLabel,
            numLabels: numLabels,
            labelWeights: multiLabel ? null : labelWeights,
            fromLogits: fromLogits)
    {
        Curve = curve switch
        {
            "ROC" or "roc" => "ROC",
            "PR" or "pr" => "PR",
            _ => throw new ArgumentException($"Invalid AUC curve value: \"{curve}\". Expected values are [\"PR\", \"ROC\"]", nameof(curve)),
        };
        SummationMethod = summationMethod switch
        {
            "interpolation" or "Interpolation" => "interpolation",
            "majoring" or "Majoring" => "majoring",
            "minoring" or "Minoring" => "minoring",
            _ => throw new ArgumentException(
                $"Invalid AUC summation method value: \"{summationMethod}\". Expected values are [\"interpolation\", \"majoring\", \"minoring\"]",
                nameof(summationMethod)),
        };
        NumThresholds = thresholds is null ? numThresholds : thresholds.Count + 2;
        Thresholds = thresholds is null ? null : [.. thresholds.Order()];
        MultiLabel = multiLabel;
        NumLabels = numLabels;
        LabelWeights = labelWeights is null ? null : [.. labelWeights];
        FromLogits = fromLogits;
    }

    /// <summary>Number of thresholds, including the two end points.</summary>
    public int NumThresholds { get; }

    /// <summary><c>"ROC"</c> or <c>"PR"</c>.</summary>
    public string Curve { get; }

    /// <summary><c>"interpolation"</c>, <c>"minoring"</c> or <c>"majoring"</c>.</summary>
    public string SummationMethod { get; }

    /// <summary>The explicit thresholds (sorted, without the end points), or null.</summary>
    public IReadOnlyList<double>? Thresholds { get; }

    /// <summary>Whether one AUC per label is computed and averaged.</summary>
    public bool MultiLabel { get; }

    /// <summary>The label count given at construction, or null.</summary>
    public int? NumLabels { get; }

    /// <summary>The per-label weights, or null.</summary>
    public IReadOnlyList<double>? LabelWeights { get; }

    /// <summary>Whether the predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <summary>The area under the curve (0 before any sample).</summary>
    public override double Result()
    {
        int labels = LabelCount;
        if (labels == 0)
        {
            return 0;
        }
        if (!MultiLabel)
        {
            return LabelArea(0);
        }
        double sum = 0;
        double weights = 0;
        for (int l = 0; l < labels; l++)
        {
            double w = LabelWeights is null ? 1 : LabelWeights[l];
            sum += w * LabelArea(l);
            weights += w;
        }
        return LabelWeights is null ? sum / labels : DivideNoNan(sum, weights);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "num_thresholds", "curve", "summation_method", "multi_label",
    /// "num_labels", "label_weights", "from_logits"}</c>, plus <c>"thresholds"</c> when given.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["num_thresholds"] = NumThresholds;
        config["curve"] = Curve;
        config["summation_method"] = SummationMethod;
        config["multi_label"] = MultiLabel;
        config["num_labels"] = NumLabels;
        config["label_weights"] = LabelWeights is null ? null : new JsonArray([.. LabelWeights.Select(w => (JsonNode)JsonValue.Create(w))]);
        config["from_logits"] = FromLogits;
        if (Thresholds is not null)
        {
            config["thresholds"] = new JsonArray([.. Thresholds.Select(t => (JsonNode)JsonValue.Create(t))]);
        }
        return config;
    }

    /// <summary>Creates an <see cref="AUC"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static AUC FromConfig(JsonObject config) => new(
        ConfigValues.GetNullableInt(config, "num_thresholds") ?? 200,
        ConfigValues.GetString(config, "curve", "ROC"),
        ConfigValues.GetString(config, "summation_method", "interpolation"),
        ReadName(config, "auc"),
        MetricConfig.GetDoubles(config, "thresholds"),
        ConfigValues.GetBool(config, "multi_label", false),
        ConfigValues.GetNullableInt(config, "num_labels"),
        MetricConfig.GetDoubles(config, "label_weights"),
        ConfigValues.GetBool(config, "from_logits", false));

    private double LabelArea(int label)
    {
        if (Curve == "PR" && SummationMethod == "interpolation")
        {
            return InterpolatedPrArea(label);
        }
        int labels = LabelCount;
        var tp = TruePositiveCounts;
        var fp = FalsePositiveCounts;
        var tn = TrueNegativeCounts;
        var fn = FalseNegativeCounts;
        double area = 0;
        for (int i = 0; i < ThresholdCount - 1; i++)
        {
            int a = i * labels + label;
            int b = a + labels;
            double recallA = DivideNoNan(tp[a], tp[a] + fn[a]);
            double recallB = DivideNoNan(tp[b], tp[b] + fn[b]);
            double xA, xB, yA, yB;
            if (Curve == "ROC")
            {
                (xA, xB) = (DivideNoNan(fp[a], fp[a] + tn[a]), DivideNoNan(fp[b], fp[b] + tn[b]));
                (yA, yB) = (recallA, recallB);
            }
            else
            {
                (xA, xB) = (recallA, recallB);
                (yA, yB) = (DivideNoNan(tp[a], tp[a] + fp[a]), DivideNoNan(tp[b], tp[b] + fp[b]));
            }
            double height = SummationMethod switch
            {
                "interpolation" => (yA + yB) / 2,
                "minoring" => Math.Min(yA, yB),
                _ => Math.Max(yA, yB),
            };
            area += (xA - xB) * height;
        }
        return area;
    }

    /// <summary>Keras' <c>interpolate_pr_auc</c> (Davis and Goadrich 2006): precision is interpolated through the counts.</summary>
    private double InterpolatedPrArea(int label)
    {
        int labels = LabelCount;
        var tp = TruePositiveCounts;
        var fp = FalsePositiveCounts;
        var fn = FalseNegativeCounts;
        double area = 0;
        for (int i = 0; i < ThresholdCount - 1; i++)
        {
            int a = i * labels + label;
            int b = a + labels;
            double dtp = tp[a] - tp[b];
            double pA = tp[a] + fp[a];
            double pB = tp[b] + fp[b];
            double dp = pA - pB;
            double slope = DivideNoNan(dtp, Math.Max(dp, 0));
            double intercept = tp[b] - slope * pB;
            double ratio = pA > 0 && pB > 0 ? DivideNoNan(pA, Math.Max(pB, 0)) : 1;
            area += DivideNoNan(slope * (dtp + intercept * Math.Log(ratio)), Math.Max(tp[b] + fn[b], 0));
        }
        return area;
    }

    private static double[] MakeThresholds(int numThresholds, IReadOnlyList<double>? thresholds, bool multiLabel, int? numLabels)
    {
        if (numLabels is not null && !multiLabel)
        {
            throw new ArgumentException("`num_labels` is needed only when `multi_label` is True.", nameof(numLabels));
        }
        double[] inner;
        if (thresholds is not null)
        {
            CheckThresholdRange(thresholds);
            inner = [.. thresholds.Order()];
        }
        else
        {
            if (numThresholds <= 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(numThresholds), numThresholds, $"Argument `num_thresholds` must be an integer > 1. Received: num_thresholds={numThresholds}");
            }
            inner = new double[numThresholds - 2];
            for (int i = 0; i < inner.Length; i++)
            {
                inner[i] = (i + 1) * 1.0 / (numThresholds - 1);
            }
        }
        return [0.0 - Epsilon, .. inner, 1.0 + Epsilon];
    }
}
