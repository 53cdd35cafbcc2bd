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
        foreach (var m in Metrics)
        {
            m.ResetState();
        }
    }

    public void Update(Tensor yTrue, Tensor yPred, double loss, int batchSize)
    {
        _resolved ??= Resolve(yTrue.Shape, yPred.Shape);
        _loss.Update(loss, batchSize);
        // As in Keras, metrics given to Compile(metrics: …) are unweighted; sample weights only affect the loss.
        foreach (var m in _resolved)
        {
            m.UpdateState(yTrue, yPred);
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

    /// <summary>The loss first, then the metrics in compile order.</summary>
    public Logs Results(string prefix = "")
    {
        var logs = new Logs();
        logs[prefix + "loss"] = _loss.Result();
        foreach (var m in Metrics)
        {
            if (m is not AccuracyPlaceholder)
            {
                logs[prefix + m.Name] = m.Result();
            }
        }
        return logs;
    }
}
