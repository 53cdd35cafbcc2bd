using System.Runtime.CompilerServices;
using KerasSharp.Metrics;

namespace KerasSharp.Training;

/// <summary>
/// The <c>metrics</c> argument of <see cref="Models.Model.Compile"/>, with Keras 3's rules: for a model with one
/// output, every metric given (in any nesting) applies to it; for a model with several outputs, either a list with
/// exactly one entry per output (each entry one metric or a list of them), or a dictionary by output name (outputs
/// left out get none). A flat list such as <c>["accuracy"]</c> is not applied to every output of a multi-output model:
/// Keras 3 rejects it, and so does <c>Compile</c>.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: "adam", loss: "mse", metrics: ["mae"]);                                  // one output
/// model.Compile(optimizer: "adam", loss: ["mse", "mse"], metrics: [["mae"], ["mae", "mse"]]);      // per output
/// model.Compile(optimizer: "adam", loss: ["mse", "mse"],
///     metrics: new Dictionary&lt;string, Metric&gt; { ["score"] = "mae" });                          // by output name
/// </code>
/// </example>
[CollectionBuilder(typeof(OutputMetrics), nameof(Create))]
public readonly struct OutputMetrics : IReadOnlyList<MetricList>
{
    private readonly MetricList[]? _entries;
    private readonly string[]? _names;

    private OutputMetrics(MetricList[] entries, string[]? names)
    {
        _entries = entries;
        _names = names;
    }

    /// <summary>The number of entries (of outputs, for a list or a dictionary of several outputs).</summary>
    public int Count => _entries?.Length ?? 0;

    /// <summary>The entry at <paramref name="index"/> (a dictionary's in the order given).</summary>
    /// <param name="index">The position.</param>
    public MetricList this[int index] => (_entries ?? [])[index];

    /// <summary>True for a dictionary by output name.</summary>
    public bool IsDictionary => _names is not null;

    /// <summary>The dictionary's keys, in the order given; null otherwise.</summary>
    public IReadOnlyList<string>? Names => _names;

    /// <summary>A list of entries (what a collection expression makes): <c>["accuracy"]</c>, <c>[["accuracy"], ["mse"]]</c>.</summary>
    /// <param name="entries">The entries.</param>
    public static OutputMetrics Create(ReadOnlySpan<MetricList> entries) => new(entries.ToArray(), null);

    /// <summary>A list of metrics.</summary>
    /// <param name="metrics">The metrics.</param>
    public static implicit operator OutputMetrics(Metric[] metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics.Select(m => (MetricList)m)], null);
    }

    /// <summary>A list of metrics.</summary>
    /// <param name="metrics">The metrics.</param>
    public static implicit operator OutputMetrics(List<Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics.Select(m => (MetricList)m)], null);
    }

    /// <summary>One metric per output name.</summary>
    /// <param name="metrics">The metrics by output name.</param>
    public static implicit operator OutputMetrics(Dictionary<string, Metric> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics.Values.Select(m => (MetricList)m)], [.. metrics.Keys]);
    }

    /// <summary>Metrics per output name.</summary>
    /// <param name="metrics">The metrics by output name.</param>
    public static implicit operator OutputMetrics(Dictionary<string, Metric[]> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics.Values.Select(m => (MetricList)m)], [.. metrics.Keys]);
    }

    /// <summary>Metrics per output name.</summary>
    /// <param name="metrics">The metrics by output name.</param>
    public static implicit operator OutputMetrics(Dictionary<string, MetricList> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new([.. metrics.Values], [.. metrics.Keys]);
    }

    /// <inheritdoc/>
    public IEnumerator<MetricList> GetEnumerator() => ((IEnumerable<MetricList>)(_entries ?? [])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>As Keras prints the argument, e.g. <c>['accuracy', ['accuracy', 'mse']]</c> or <c>{'a': 'accuracy'}</c>.</summary>
    public override string ToString()
    {
        var entries = _entries ?? [];
        return IsDictionary
            ? $"{{{string.Join(", ", _names!.Select((n, i) => $"'{n}': {entries[i]}"))}}}"
            : $"[{string.Join(", ", entries.Select(e => e.ToString()))}]";
    }
}
