using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Training;

/// <summary>
/// The loss tracker and the compiled metrics of a model. String metrics such as <c>"accuracy"</c> are resolved on
/// the first batch from the shapes of the targets and predictions, exactly as Keras does.
/// </summary>
internal sealed class CompiledMetrics
{
    private readonly Metric[] _requested;
    private Metric[]? _resolved;
    private readonly Mean _loss = new("loss");
    private readonly Logs _logs = new();

    public CompiledMetrics(IReadOnlyList<Metric>? metrics)
    {
        _requested = metrics is null ? [] : [.. metrics];
        var names = new HashSet<string>(StringComparer.Ordinal) { "loss" };
        foreach (var m in _requested)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(metrics));
            if (!names.Add(m.Name))
            {
                throw new ArgumentException($"Duplicate metric name '{m.Name}' in Compile(metrics: …). Metric names must be unique (and cannot be 'loss').");
            }
        }
    }

    public IReadOnlyList<Metric> Metrics => _resolved ?? (IReadOnlyList<Metric>)_requested;

    public void Reset()
    {
        _loss.ResetState();
        var metrics = Metrics;
        for (int i = 0; i < metrics.Count; i++)
        {
            metrics[i].ResetState();
        }
    }

    public void Update(Tensor yTrue, Tensor yPred, double loss, int batchSize)
    {
        _resolved ??= Resolve(yTrue.Shape, yPred.Shape);
        _loss.Update(loss, batchSize);
        // As in Keras, metrics given to Compile(metrics: …) are unweighted; sample weights only affect the loss.
        for (int i = 0; i < _resolved.Length; i++)
        {
            _resolved[i].UpdateState(yTrue, yPred);
        }
    }

    private Metric[] Resolve(Shape yTrue, Shape yPred)
    {
        var resolved = new Metric[_requested.Length];
        for (int i = 0; i < resolved.Length; i++)
        {
            resolved[i] = _requested[i] is AccuracyPlaceholder p ? Metric.ResolveAccuracy(p.Name, yTrue, yPred) : _requested[i];
        }
        return resolved;
    }

    /// <summary>
    /// The loss first, then the metrics in compile order. The same <see cref="Logs"/> object is refilled on every
    /// call (a training step allocates nothing); clone it to keep the values.
    /// </summary>
    public Logs Results()
    {
        var logs = _logs;
        logs.Clear();
        logs["loss"] = _loss.Result();
        var metrics = Metrics;
        for (int i = 0; i < metrics.Count; i++)
        {
            if (metrics[i] is not AccuracyPlaceholder)
            {
                logs[metrics[i].Name] = metrics[i].Result();
            }
        }
        return logs;
    }
}
