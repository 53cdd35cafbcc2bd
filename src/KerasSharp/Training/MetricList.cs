using System.Runtime.CompilerServices;
using KerasSharp.Metrics;

namespace KerasSharp.Training;

/// <summary>
/// The metrics of one output in <see cref="OutputMetrics"/>: one metric (or its string id) or a list of them, as in
/// Keras' <c>metrics=["accuracy", ["accuracy", "mse"]]</c>.
/// </summary>
[CollectionBuilder(typeof(MetricList), nameof(Create))]
public readonly struct MetricList : IReadOnlyList<Metric>
{
    private readonly Metric[]? _metrics;

    [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
    private MetricList(Metric[] metrics, bool isList)
    {
        for (int i = 0; i < metrics.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(metrics[i], "metrics");
        }
        _metrics = metrics;
        IsList = isList;
    }

    /// <summary>The number of metrics.</summary>
    public int Count => _metrics?.Length ?? 0;

    /// <summary>The metric at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    public Metric this[int index] => (_metrics ?? [])[index];

    /// <summary>True when given as a list (even of one metric).</summary>
    public bool IsList { get; }

    /// <summary>A list of metrics (what a collection expression makes).</summary>
    /// <param name="metrics">The metrics.</param>
    public static MetricList Create(ReadOnlySpan<Metric> metrics) => new(metrics.ToArray(), isList: true);

    /// <summary>One metric.</summary>
    /// <param name="metric">The metric.</param>
    public static implicit operator MetricList(Metric metric) => new([metric], isList: false);

    /// <summary>One metric by its Keras id (see <see cref="Metric.Get"/>).</summary>
    /// <param name="identifier">The id, e.g. <c>"accuracy"</c>.</param>
    public static implicit operator MetricList(string identifier) => Metric.Get(identifier);

    /// <summary>A list of metrics.</summary>
    /// <param name="metrics">The metrics.</param>
    public static implicit operator MetricList(Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics], isList: true);
    }

    /// <summary>A list of metrics.</summary>
    /// <param name="metrics">The metrics.</param>
    public static implicit operator MetricList(List<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics], isList: true);
    }

    /// <inheritdoc/>
    public IEnumerator<Metric> GetEnumerator() => ((IEnumerable<Metric>)(_metrics ?? [])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>As Keras prints it: <c>'accuracy'</c> or <c>['accuracy', 'mse']</c>.</summary>
    public override string ToString()
    {
        var names = (_metrics ?? []).Select(m => $"'{m.Name}'");
        return IsList || Count != 1 ? $"[{string.Join(", ", names)}]" : names.First();
    }
}
