using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// The coefficient of determination R² (<c>keras.metrics.R2Score</c>): per output column
/// <c>1 - Σ w(t - p)² / Σ w(t - mean t)²</c>, aggregated over the columns, optionally adjusted for
/// <c>numRegressors</c> independent variables.
/// </summary>
/// <remarks>
/// <para>Inputs are <c>(batch, outputs)</c>; sample weights are one per sample (or one per entry). The per-column sums
/// are allocated at the first update (the column count is known then) and nothing afterwards.</para>
/// <para><c>classAggregation</c>: <c>"uniform_average"</c> (default, the mean over columns),
/// <c>"variance_weighted_average"</c> (weighted by each column's variance), or null for one value per column, read with
/// <see cref="Metric.ResultValues"/> (<see cref="Result"/> is then their mean).</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new R2Score();
/// m.UpdateState(new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } });
/// Console.WriteLine(m.Result());   // 0.5714…
/// </code>
/// </example>
public sealed class R2Score : Metric
{
    private double[] _sum = [];
    private double[] _squaredSum = [];
    private double[] _residual = [];
    private double[] _count = [];
    private double _samples;

    /// <summary>Creates the metric.</summary>
    /// <param name="classAggregation"><c>"uniform_average"</c>, <c>"variance_weighted_average"</c> or null.</param>
    /// <param name="numRegressors">Number of independent variables for the adjusted R² (0 for the plain R²).</param>
    /// <param name="name">The metric's name.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public R2Score(string? classAggregation = "uniform_average", int numRegressors = 0, string name = "r2_score")
        : base(name)
    {
        if (classAggregation is not (null or "uniform_average" or "variance_weighted_average"))
        {
            throw new ArgumentException(
                "Invalid value for argument `class_aggregation`. Expected one of (None, 'uniform_average', " +
                $"'variance_weighted_average'). Received: class_aggregation={classAggregation}", nameof(classAggregation));
        }
        if (numRegressors < 0)
        {
            throw new ArgumentException(
                $"Invalid value for argument `num_regressors`. Expected a value >= 0. Received: num_regressors={numRegressors}",
                nameof(numRegressors));
        }
        ClassAggregation = classAggregation;
        NumRegressors = numRegressors;
    }

    /// <summary>How the per-column scores are aggregated, or null for none.</summary>
    public string? ClassAggregation { get; }

    /// <summary>Number of independent variables of the adjusted R².</summary>
    public int NumRegressors { get; }

    /// <summary>Adds the batch to the per-column sums. Allocates nothing after the first update.</summary>
    /// <param name="yTrue">The targets, <c>(batch, outputs)</c>.</param>
    /// <param name="yPred">The predictions, the same shape.</param>
    /// <param name="sampleWeight">Optional weights: one per sample, one per entry, or a single value.</param>
    /// <exception cref="ArgumentException">The inputs are not rank 2 with the same shape, or the weights do not match.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yPred.Rank != 2 || yTrue.Shape != yPred.Shape)
        {
            throw new ArgumentException(
                "R2Score expects 2D inputs with shape (batch_size, output_dim). Received input shapes: " +
                $"y_pred.shape={yPred.Shape} and y_true.shape={yTrue.Shape}.");
        }
        int batch = yPred.Shape[0];
        int columns = yPred.Shape[1];
        if (_sum.Length == 0)
        {
            _sum = new double[columns];
            _squaredSum = new double[columns];
            _residual = new double[columns];
            _count = new double[columns];
        }
        else if (_sum.Length != columns)
        {
            throw new ArgumentException($"Metric '{Name}' (R2Score) was built for {_sum.Length} outputs, but received y_pred with shape {yPred.Shape}.");
        }
        bool perEntry = sampleWeight is { Rank: 2, Size: > 1 } && sampleWeight.Shape == yPred.Shape;
        var weights = new SampleWeights(this, perEntry ? null : sampleWeight, batch);
        var entryWeights = perEntry ? sampleWeight!.Span : default;
        var t = yTrue.Span;
        var p = yPred.Span;
        for (int i = 0; i < batch; i++)
        {
            bool nonzero = false;
            for (int j = 0; j < columns; j++)
            {
                int e = i * columns + j;
                double w = perEntry ? entryWeights[e] : weights[i];
                double tv = t[e];
                double d = tv - p[e];
                _sum[j] += w * tv;
                _squaredSum[j] += w * tv * tv;
                _residual[j] += w * d * d;
                _count[j] += w;
                nonzero |= w != 0;
            }
            if (nonzero)
            {
                _samples++;
            }
        }
    }

    /// <summary>The aggregated score; with <c>classAggregation: null</c> the mean of the per-column scores.</summary>
    public override double Result()
    {
        if (ClassAggregation is null)
        {
            return MeanOf(ResultValues());
        }
        double score = 0;
        if (ClassAggregation == "uniform_average")
        {
            for (int j = 0; j < _sum.Length; j++)
            {
                score += ColumnScore(j, out _);
            }
            score = _sum.Length == 0 ? double.NaN : score / _sum.Length;
        }
        else
        {
            double weights = 0;
            for (int j = 0; j < _sum.Length; j++)
            {
                double s = ColumnScore(j, out double total);
                score += total * s;
                weights += total;
            }
            score /= weights;
        }
        return Adjust(score);
    }

    /// <summary>The aggregated score, or one (adjusted) score per output column when <c>classAggregation</c> is null.</summary>
    /// <returns>A new array.</returns>
    public override double[] ResultValues()
    {
        if (ClassAggregation is not null)
        {
            return [Result()];
        }
        var scores = new double[_sum.Length];
        for (int j = 0; j < scores.Length; j++)
        {
            scores[j] = Adjust(ColumnScore(j, out _));
        }
        return scores;
    }

    /// <summary>Sets every sum to 0.</summary>
    public override void ResetState()
    {
        Array.Clear(_sum);
        Array.Clear(_squaredSum);
        Array.Clear(_residual);
        Array.Clear(_count);
        _samples = 0;
    }

    /// <summary>The Keras config: <c>{"name", "dtype", "class_aggregation", "num_regressors"}</c>.</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["class_aggregation"] = ClassAggregation;
        config["num_regressors"] = NumRegressors;
        return config;
    }

    /// <summary>Creates an <see cref="R2Score"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static R2Score FromConfig(JsonObject config) => new(
        config.ContainsKey("class_aggregation") ? MetricConfig.GetNullableString(config, "class_aggregation") : "uniform_average",
        ConfigValues.GetNullableInt(config, "num_regressors") ?? 0,
        ReadName(config, "r2_score"));

    private double ColumnScore(int j, out double total)
    {
        double mean = _sum[j] / _count[j];
        total = _squaredSum[j] - _sum[j] * mean;
        double raw = 1 - _residual[j] / total;
        return double.IsInfinity(raw) ? 0 : raw;
    }

    private double Adjust(double score)
    {
        // Keras falls back to the plain score (with a warning) when there are too few samples.
        if (NumRegressors == 0 || NumRegressors >= _samples - 1)
        {
            return score;
        }
        return 1 - (1 - score) * (_samples - 1) / (_samples - NumRegressors - 1);
    }
}
