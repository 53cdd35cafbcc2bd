using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The F-beta score of multi-label (or one-hot) predictions (<c>keras.metrics.FBetaScore</c>):
/// <c>(1 + β²) · precision · recall / (β² · precision + recall)</c>, per class or pooled.
/// </summary>
/// <remarks>
/// <para>Inputs are <c>(batch, numClasses)</c>. A prediction is positive when it is above <c>threshold</c>; with no
/// threshold, the largest prediction of each row is positive (all tied maxima, if non-zero).</para>
/// <para><c>average</c>: null (one score per class), <c>"micro"</c> (counts pooled over classes), <c>"macro"</c> (the
/// mean of the class scores) or <c>"weighted"</c> (the class scores weighted by their label counts). With
/// <c>average: null</c>, <see cref="Metric.ResultValues"/> gives the per-class scores and <see cref="Result"/> their
/// mean (which equals <c>"macro"</c>).</para>
/// <para>The per-class counts are allocated at the first update (the class count is known then) and nothing afterwards.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new FBetaScore(beta: 2.0, threshold: 0.5);
/// m.UpdateState(new float[,] { { 1, 1, 1 }, { 1, 0, 0 }, { 1, 1, 0 } },
///               new float[,] { { 0.2f, 0.6f, 0.7f }, { 0.2f, 0.6f, 0.6f }, { 0.6f, 0.8f, 0 } });
/// Console.WriteLine(string.Join(", ", m.ResultValues()));   // 0.3846…, 0.9090…, 0.8333…
/// </code>
/// </example>
public class FBetaScore : Metric
{
    private const double Epsilon = 1e-7;
    private readonly float _threshold;
    private double[] _tp = [];
    private double[] _fp = [];
    private double[] _fn = [];
    private double[] _support = [];

    /// <summary>Creates the metric.</summary>
    /// <param name="average">null, <c>"micro"</c>, <c>"macro"</c> or <c>"weighted"</c>.</param>
    /// <param name="beta">The weight of recall relative to precision, positive.</param>
    /// <param name="threshold">Predictions above it are positive, in (0, 1]; null for the row maximum.</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public FBetaScore(string? average = null, double beta = 1.0, double? threshold = null, string name = "fbeta_score")
        : base(name)
    {
        if (average is not (null or "micro" or "macro" or "weighted"))
        {
            throw new ArgumentException(
                "Invalid `average` argument value. Expected one of: {None, 'micro', 'macro', 'weighted'}. " +
                $"Received: average={average}", nameof(average));
        }
        if (!(beta > 0))
        {
            throw new ArgumentException(
                $"Invalid `beta` argument value. It should be > 0. Received: beta={beta.ToString(CultureInfo.InvariantCulture)}", nameof(beta));
        }
        if (threshold is double th && !(th > 0 && th <= 1))
        {
            throw new ArgumentException(
                "Invalid `threshold` argument value. It should be a Python float in the range ]0, 1]. " +
                $"Received: threshold={th.ToString(CultureInfo.InvariantCulture)}", nameof(threshold));
        }
        Average = average;
        Beta = beta;
        Threshold = threshold;
        _threshold = (float)(threshold ?? 0);
    }

    /// <summary>null, <c>"micro"</c>, <c>"macro"</c> or <c>"weighted"</c>.</summary>
    public string? Average { get; }

    /// <summary>The weight of recall relative to precision.</summary>
    public double Beta { get; }

    /// <summary>The decision threshold, or null for the row maximum.</summary>
    public double? Threshold { get; }

    /// <summary>Adds the batch's per-class counts. Allocates nothing after the first update.</summary>
    /// <param name="yTrue">0/1 labels, <c>(batch, numClasses)</c>.</param>
    /// <param name="yPred">Scores, the same shape.</param>
    /// <param name="sampleWeight">Optional per-sample weights, <c>(batch,)</c>.</param>
    /// <exception cref="ArgumentException">The inputs are not rank 2 with the same shape, or the weights do not match.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yPred.Rank != 2 || yTrue.Shape != yPred.Shape)
        {
            throw new ArgumentException(
                "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: " +
                $"y_pred.shape={yPred.Shape} and y_true.shape={yTrue.Shape}.");
        }
        int batch = yPred.Shape[0];
        int classes = yPred.Shape[1];
        if (_tp.Length == 0)
        {
            _tp = new double[classes];
            _fp = new double[classes];
            _fn = new double[classes];
            _support = new double[classes];
        }
        else if (_tp.Length != classes)
        {
            throw new ArgumentException($"Metric '{Name}' ({GetType().Name}) was built for {_tp.Length} classes, but received y_pred with shape {yPred.Shape}.");
        }
        var weights = new SampleWeights(this, sampleWeight, batch);
        var t = yTrue.Span;
        var p = yPred.Span;
        for (int i = 0; i < batch; i++)
        {
            var row = p.Slice(i * classes, classes);
            float max = float.NegativeInfinity;
            if (Threshold is null)
            {
                foreach (var v in row)
                {
                    max = Math.Max(max, v);
                }
            }
            double w = weights[i];
            for (int j = 0; j < classes; j++)
            {
                float v = row[j];
                double predicted = (Threshold is null ? v >= max && MathF.Abs(v) > 1e-9f : v > _threshold) ? 1 : 0;
                double label = t[i * classes + j];
                _tp[j] += w * predicted * label;
                _fp[j] += w * predicted * (1 - label);
                _fn[j] += w * (1 - predicted) * label;
                _support[j] += w * label;
            }
        }
    }

    /// <summary>The averaged score; with <c>average: null</c> the mean of the per-class scores.</summary>
    public override double Result() => Average is null ? MeanOf(ResultValues()) : ResultValues()[0];

    /// <summary>One score per class for <c>average: null</c>, else the single averaged score.</summary>
    /// <returns>A new array.</returns>
    public override double[] ResultValues()
    {
        if (Average == "micro")
        {
            return [Score(_tp.Sum(), _fp.Sum(), _fn.Sum())];
        }
        var scores = new double[_tp.Length];
        for (int j = 0; j < scores.Length; j++)
        {
            scores[j] = Score(_tp[j], _fp[j], _fn[j]);
        }
        if (Average == "weighted")
        {
            double support = _support.Sum() + Epsilon;
            double s = 0;
            for (int j = 0; j < scores.Length; j++)
            {
                s += scores[j] * (_support[j] / support);
            }
            return [s];
        }
        return Average == "macro" ? [MeanOf(scores)] : scores;
    }

    /// <summary>Sets every count to 0.</summary>
    public override void ResetState()
    {
        Array.Clear(_tp);
        Array.Clear(_fp);
        Array.Clear(_fn);
        Array.Clear(_support);
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "average", "beta", "threshold"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["average"] = Average;
        config["beta"] = Beta;
        config["threshold"] = Threshold;
        return config;
    }

    /// <summary>Creates an <see cref="FBetaScore"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static FBetaScore FromConfig(JsonObject config) => new(
        MetricConfig.GetNullableString(config, "average"),
        ConfigValues.GetDouble(config, "beta", 1.0),
        MetricConfig.GetNullableDouble(config, "threshold"),
        ReadName(config, "fbeta_score"));

    private double Score(double tp, double fp, double fn)
    {
        double precision = tp / (tp + fp + Epsilon);
        double recall = tp / (tp + fn + Epsilon);
        double b2 = Beta * Beta;
        return precision * recall / (b2 * precision + recall + Epsilon) * (1 + b2);
    }
}
