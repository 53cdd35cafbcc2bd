using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KerasSharp.Callbacks;

/// <summary>
/// The named numbers a training step, an epoch or an evaluation produces (Keras' <c>logs</c> dict): <c>loss</c>,
/// metrics, and <c>val_</c>-prefixed validation values. Keys keep their insertion order: <c>Evaluate</c> returns the
/// loss first, then the metrics in compile order, so <c>var (loss, accuracy) = model.Evaluate(x, y);</c> works. For a
/// model with several outputs the order is that of Keras' <c>evaluate()</c> list: <c>loss</c>, the
/// <c>&lt;output&gt;_loss</c> values, then the <c>&lt;output&gt;_&lt;metric&gt;</c> values by name.
/// </summary>
public sealed class Logs : IReadOnlyDictionary<string, double>
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

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
        }
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
    }

    /// <summary>A copy.</summary>
    public Logs Clone()
    {
        var copy = new Logs();
        foreach (var k in _keys)
        {
            copy[k] = _values[k];
        }
        return copy;
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
