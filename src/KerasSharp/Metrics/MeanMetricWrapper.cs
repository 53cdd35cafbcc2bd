using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// Turns a stateless function of <c>(yTrue, yPred)</c> into a streaming mean (<c>keras.metrics.MeanMetricWrapper</c>):
/// each update computes <c>fn(yTrue, yPred)</c> and averages it per sample, weighted by the sample weights.
/// </summary>
/// <remarks>
/// <para>The function should return one value per sample, shape <c>(batch,)</c>; a result with more axes is first
/// averaged over its non-batch axes, and a scalar counts as one sample (Keras' <c>Mean</c> rules).</para>
/// <para>Unlike the built-in metrics, which read spans, the wrapper allocates (the function builds tensors with
/// <c>Ops</c>), and if a <see cref="GradientTape"/> is recording, the function's ops are recorded too. That does not
/// change any gradient (nothing flows back from a metric), but it keeps the intermediates alive until the tape is
/// disposed, so update metrics outside the recording scope when you can.</para>
/// <para>The function itself cannot be serialised, so <see cref="Metric.GetConfig"/> holds only the name and dtype.</para>
/// </remarks>
/// <example>
/// <code>
/// var maxError = new MeanMetricWrapper(
///     (yTrue, yPred) => Ops.Max(Ops.Abs(Ops.Subtract(yTrue, yPred)), [-1]), "max_error");
/// model.Compile(optimizer: "adam", loss: "mse", metrics: [maxError]);
/// </code>
/// </example>
public class MeanMetricWrapper : Mean, Utils.IWrapsUserCode
{
    /// <summary>Wraps <paramref name="fn"/>.</summary>
    /// <param name="fn">The per-sample metric function <c>fn(yTrue, yPred)</c>.</param>
    /// <param name="name">The metric's name; Keras' default is <c>mean_metric_wrapper</c>.</param>
    public MeanMetricWrapper(Func<Tensor, Tensor, Tensor> fn, string? name = null)
        : base(name ?? "mean_metric_wrapper")
    {
        ArgumentNullException.ThrowIfNull(fn);
        Fn = fn;
    }

    /// <summary>The wrapped per-sample function.</summary>
    public Func<Tensor, Tensor, Tensor> Fn { get; }

    /// <summary>Adds the per-sample values of <see cref="Fn"/> on this batch to the mean.</summary>
    /// <param name="yTrue">The targets.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="sampleWeight">Optional weights: one per sample (<c>(batch,)</c> or <c>(batch, 1)</c>) or a single value.</param>
    /// <exception cref="ArgumentException">The weights do not match the batch of the function's result.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var values = Fn(yTrue, yPred) ?? throw new InvalidOperationException(
            $"The function wrapped by metric '{Name}' (MeanMetricWrapper) returned null; expected a tensor of per-sample values.");
        AccumulateValues(values, sampleWeight);
    }
}
