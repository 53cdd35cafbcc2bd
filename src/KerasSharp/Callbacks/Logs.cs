using System.Collections;
using System.Diagnostics.CodeAnalysis;
using KerasSharp.Engine;

namespace KerasSharp.Callbacks;

/// <summary>
/// The named numbers a training step, an epoch or an evaluation produces (Keras' <c>logs</c> dict): <c>loss</c>,
/// metrics, and <c>val_</c>-prefixed validation values. Keys keep their insertion order: <c>Evaluate</c> returns the
/// loss first, then the metrics in compile order, so <c>var (loss, accuracy) = model.Evaluate(x, y);</c> works. For a
/// model with several outputs the order is that of Keras' <c>evaluate()</c> list: <c>loss</c>, the
/// <c>&lt;output&gt;_loss</c> values, then the <c>&lt;output&gt;_&lt;metric&gt;</c> values by name.
/// The logs a callback's hook receives have their keys sorted by name, as Keras hands them; the logs of a prediction
/// batch carry the batch's predictions in <see cref="Outputs"/> (Keras' <c>logs["outputs"]</c>).
/// </summary>
public sealed class Logs : IReadOnlyDictionary<string, double>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);
    private static readonly Comparison<string> Ordinal = string.CompareOrdinal;

    // a prediction batch's rows of the prediction's result tensors (one per output)
    private Tensor[]? _outputsOf;
    private bool _singleOutput;
    private int _outputStart;
    private int _outputCount;

    /// <summary>A logs object for hooks nobody listens to; it is never read.</summary>
    internal static Logs Unused { get; } = new();

    /// <summary>The value of <paramref name="key"/>; setting adds or replaces it.</summary>
    /// <param name="key">e.g. <c>loss</c>, <c>val_accuracy</c>.</param>
    public double this[string key]
    {
        get => _values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No log named '{key}'. Available: {string.Join(", ", _keys)}.");
        set
        {
            if (!_values.ContainsKey(key))
            {
                _keys.Add(key);
            }
            _values[key] = value;
            Version++;
        }
    }

    /// <summary>
    /// In the logs of a prediction batch's end (Keras' <c>logs["outputs"]</c>): the batch's predictions, one tensor
    /// per model output (a single tensor for a model with one output), of the batch's rows; empty (no tensors) in every
    /// other hook.
    /// The tensors are views of the prediction's result, so they keep their values.
    /// </summary>
    public Tensors Outputs
    {
        get
        {
            if (_outputsOf is null)
            {
                return default;
            }
            var views = new Tensor[_outputsOf.Length];
            for (int i = 0; i < views.Length; i++)
            {
                var result = _outputsOf[i];
                int perSample = result.Shape[0] == 0 ? 0 : result.Size / result.Shape[0];
                views[i] = new Tensor(result.Buffer, result.Offset + _outputStart * perSample, result.Shape.WithBatch(_outputCount), pooled: false);
            }
            return _singleOutput ? Tensors.OfSingle(views[0]) : views;
        }
    }

    /// <summary>Changes with every change of the entries (tells whether a callback added or replaced one).</summary>
    internal int Version { get; private set; }

    /// <summary>Makes <see cref="Outputs"/> the rows <paramref name="start"/> to <c>start + count</c> of the results.</summary>
    /// <param name="results">The prediction's result tensors, one per output, whose rows of the batch are final.</param>
    /// <param name="single">Whether the model has one output (given as a tensor rather than a list).</param>
    /// <param name="start">The batch's first row.</param>
    /// <param name="count">The batch's number of rows.</param>
    internal void SetOutputs(Tensor[] results, bool single, int start, int count)
    {
        _outputsOf = results;
        _singleOutput = single;
        _outputStart = start;
        _outputCount = count;
        Version++;
    }

    /// <summary>The value at a position (0 is the loss in an evaluation result).</summary>
    /// <param name="index">The position.</param>
    public double this[int index] => _values[_keys[index]];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _keys;

    /// <inheritdoc/>
    public IEnumerable<double> Values => _keys.Select(k => _values[k]);

    /// <inheritdoc/>
    public int Count => _keys.Count;

    /// <summary>The loss, when present.</summary>
    public double Loss => this["loss"];

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value) => _values.TryGetValue(key, out value);

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _keys.Clear();
        _values.Clear();
        _outputsOf = null;
        Version++;
    }

    /// <summary>A copy.</summary>
    public Logs Clone()
    {
        var copy = new Logs();
        CopyInto(copy, sorted: false);
        return copy;
    }

    /// <summary>
    /// Refills <paramref name="target"/> with these entries (and outputs), in this order or sorted by key as Keras
    /// hands logs to callbacks; allocates nothing once the target has held as many entries.
    /// </summary>
    internal void CopyInto(Logs target, bool sorted)
    {
        target.Clear();
        foreach (var k in _keys)
        {
            target._keys.Add(k);
            target._values[k] = _values[k];
        }
        if (sorted)
        {
            target._keys.Sort(Ordinal);
        }
        if (_outputsOf is not null)
        {
            target.SetOutputs(_outputsOf, _singleOutput, _outputStart, _outputCount);
        }
    }

    /// <summary>The values in order (Keras' list form of <c>evaluate()</c>).</summary>
    public double[] ToArray() => [.. Values];

    /// <summary>Splits into the first two values, e.g. <c>var (loss, accuracy) = model.Evaluate(x, y);</c>.</summary>
    /// <param name="first">The first value (the loss).</param>
    /// <param name="second">The second value.</param>
    public void Deconstruct(out double first, out double second)
    {
        first = this[0];
        second = this[1];
    }

    /// <summary>Splits into the first three values.</summary>
    /// <param name="first">The first value (the loss).</param>
    /// <param name="second">The second value.</param>
    /// <param name="third">The third value.</param>
    public void Deconstruct(out double first, out double second, out double third)
    {
        first = this[0];
        second = this[1];
        third = this[2];
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        foreach (var k in _keys)
        {
            yield return new KeyValuePair<string, double>(k, _values[k]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Keras-style text: <c>loss: 0.4697 - accuracy: 0.7540</c>.</summary>
    public override string ToString() => string.Join(" - ", this.Select(kv => $"{kv.Key}: {Utils.Progbar.FormatMetricValue(kv.Value)}"));
}
