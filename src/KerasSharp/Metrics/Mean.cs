using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The (weighted) mean of the values it is given (<c>keras.metrics.Mean</c>): <see cref="Total"/> is the weighted sum,
/// <see cref="Count"/> the sum of weights, and <see cref="Result"/> is <c>Total / Count</c> (0 while Count is 0).
/// The trainer's loss tracker is a <c>Mean</c> fed with <see cref="Update(double, double)"/>; the built-in metrics
/// derive from it.
/// </summary>
/// <remarks>
/// A plain <c>Mean</c> averages values, not <c>(yTrue, yPred)</c> pairs, so its <see cref="UpdateState"/> throws; to
/// average a function of the pairs use <see cref="MeanMetricWrapper"/>.
/// </remarks>
/// <example>
/// <code>
/// var m = new Mean();
/// m.Update([1f, 3f, 5f, 7f]);               // Keras: m.update_state([1, 3, 5, 7])
/// Console.WriteLine(m.Result());            // 4
/// m.ResetState();
/// m.Update([1f, 3f, 5f, 7f], [1f, 1f, 0f, 0f]);
/// Console.WriteLine(m.Result());            // 2
/// </code>
/// </example>
public class Mean : Metric
{
    private double _total;
    private double _count;

    /// <summary>Creates a mean metric.</summary>
    /// <param name="name">The metric's name.</param>
    public Mean(string name = "mean")
        : base(name)
    {
    }

    /// <summary>The weighted sum of the values seen since the last reset.</summary>
    public double Total => _total;

    /// <summary>The sum of the weights seen since the last reset.</summary>
    public double Count => _count;

    /// <summary>Adds one value with a weight (Keras <c>update_state(value, sample_weight=weight)</c> for a scalar).</summary>
    /// <param name="value">The value, e.g. a batch loss.</param>
    /// <param name="weight">Its weight, e.g. the batch size.</param>
    public void Update(double value, double weight = 1)
    {
        _total += value * weight;
        _count += weight;
    }

    /// <summary>Adds several values, each with its weight (Keras <c>update_state(values, sample_weight)</c> for a vector).</summary>
    /// <param name="values">The values.</param>
    /// <param name="sampleWeight">One weight per value, or empty for weights of 1.</param>
    /// <exception cref="ArgumentException">The weights are not empty and not one per value.</exception>
    public void Update(ReadOnlySpan<float> values, ReadOnlySpan<float> sampleWeight = default)
    {
        if (!sampleWeight.IsEmpty && sampleWeight.Length != values.Length)
        {
            throw new ArgumentException(
                $"Metric '{Name}' (Mean) received {values.Length} values but {sampleWeight.Length} sample weights; " +
                "expected one weight per value, or none.",
                nameof(sampleWeight));
        }
        double total = 0;
        double count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double w = sampleWeight.IsEmpty ? 1.0 : sampleWeight[i];
            total += w * values[i];
            count += w;
        }
        Accumulate(total, count);
    }

    /// <summary>
    /// Throws: a plain <c>Mean</c> averages values, not <c>(yTrue, yPred)</c> pairs. Subclasses such as
    /// <see cref="MeanMetricWrapper"/> and the accuracy and error metrics override this.
    /// </summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional per-sample weights.</param>
    /// <exception cref="NotSupportedException">Always, on a plain <c>Mean</c>.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null) =>
        throw new NotSupportedException(
            $"Metric '{Name}' (Mean) averages values, not (y_true, y_pred) pairs: call Update(value, weight) or " +
            "Update(values, sampleWeight), or use MeanMetricWrapper to average a function of y_true and y_pred.");

    /// <summary>The weighted mean: <c>Total / Count</c>, or 0 when <c>Count</c> is 0 (Keras' <c>divide_no_nan</c>).</summary>
    public override double Result() => _count == 0 ? 0 : _total / _count;

    /// <summary>Sets <see cref="Total"/> and <see cref="Count"/> to 0.</summary>
    public override void ResetState()
    {
        _total = 0;
        _count = 0;
    }

    /// <summary>Creates a <see cref="Mean"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="Metric.GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static Mean FromConfig(JsonObject config) => new(ReadName(config, "mean"));

    /// <summary>Adds an already weighted sum and its sum of weights to the accumulators.</summary>
    /// <param name="weightedSum">Σ wᵢ·vᵢ over the new samples.</param>
    /// <param name="weightSum">Σ wᵢ over the new samples.</param>
    protected void Accumulate(double weightedSum, double weightSum)
    {
        _total += weightedSum;
        _count += weightSum;
    }

    /// <summary>
    /// Keras' <c>Mean.update_state(values, sample_weight)</c> for a tensor: a scalar counts as one sample; otherwise
    /// each sample (first axis) contributes the mean of its values, weighted by its sample weight.
    /// </summary>
    /// <param name="values">The values: a scalar or a tensor with the batch on the first axis.</param>
    /// <param name="sampleWeight">Optional weights: one per sample (<c>(batch,)</c> or <c>(batch, 1)</c>) or a single value.</param>
    /// <exception cref="ArgumentException">The weights do not match the batch.</exception>
    protected void AccumulateValues(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Rank == 0)
        {
            var single = new SampleWeights(this, sampleWeight, 1);
            double w0 = single[0];
            Accumulate(w0 * values.Span[0], w0);
            return;
        }
        int batch = values.Shape[0];
        var weights = new SampleWeights(this, sampleWeight, batch);
        if (batch == 0)
        {
            return;
        }
        var v = values.Span;
        int inner = v.Length / batch;
        double total = 0;
        double count = 0;
        for (int i = 0; i < batch; i++)
        {
            double s = 0;
            foreach (var x in v.Slice(i * inner, inner))
            {
                s += x;
            }
            double w = weights[i];
            total += w * (s / inner);
            count += w;
        }
        Accumulate(total, count);
    }
}
