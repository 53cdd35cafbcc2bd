using System.Runtime.CompilerServices;

namespace KerasSharp.Engine;

/// <summary>
/// The gradients a backward returns, one per input (null where none is needed). Up to three are held inline, so
/// returning them allocates nothing; write <c>return [dx, dw];</c> or fill one with the indexer.
/// </summary>
[CollectionBuilder(typeof(InputGradients), nameof(Create))]
internal struct InputGradients
{
    private Tensor? _g0;
    private Tensor? _g1;
    private Tensor? _g2;
    private readonly Tensor?[]? _more;

    /// <summary>Room for <paramref name="count"/> gradients, all null.</summary>
    public InputGradients(int count)
    {
        Count = count;
        _more = count > 3 ? new Tensor?[count] : null;
    }

    /// <summary>Number of gradients (the op's number of inputs).</summary>
    public int Count { get; }

    /// <summary>The gradient of input <paramref name="i"/>.</summary>
    public Tensor? this[int i]
    {
        readonly get => (uint)i >= (uint)Count ? null : _more is not null ? _more[i] : i switch { 0 => _g0, 1 => _g1, _ => _g2 };
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Count, nameof(i));
            if (_more is not null)
            {
                _more[i] = value;
                return;
            }
            switch (i)
            {
                case 0: _g0 = value; break;
                case 1: _g1 = value; break;
                default: _g2 = value; break;
            }
        }
    }

    /// <summary>Builds the gradients from a collection expression.</summary>
    public static InputGradients Create(ReadOnlySpan<Tensor?> values)
    {
        var result = new InputGradients(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }
        return result;
    }

    /// <summary>Enumerates the gradients in input order.</summary>
    public readonly IEnumerator<Tensor?> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }
}
