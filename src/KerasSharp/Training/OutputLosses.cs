using System.Runtime.CompilerServices;
using KerasSharp.Losses;

namespace KerasSharp.Training;

/// <summary>
/// The <c>loss</c> argument of <see cref="Models.Model.Compile"/>, as Keras accepts it: one loss for every output, a
/// list with one loss per output (null for an output without a loss), or a dictionary by output name
/// (<see cref="Models.Model.OutputNames"/>). Written as the loss or its string id, a collection expression or a
/// dictionary.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: "adam", loss: "mse");                                  // every output
/// model.Compile(optimizer: "adam", loss: ["binary_crossentropy", null]);          // by position
/// model.Compile(optimizer: "adam",
///     loss: new Dictionary&lt;string, Loss&gt; { ["priority"] = "binary_crossentropy", ["department"] = "categorical_crossentropy" },
///     lossWeights: new Dictionary&lt;string, double&gt; { ["priority"] = 1.0, ["department"] = 0.2 });
/// </code>
/// </example>
[CollectionBuilder(typeof(OutputLosses), nameof(Create))]
public readonly struct OutputLosses : IReadOnlyList<Loss?>
{
    private readonly Loss?[]? _losses;
    private readonly string[]? _names;
    private readonly bool _isList;

    private OutputLosses(Loss?[] losses, string[]? names, bool isList)
    {
        _losses = losses;
        _names = names;
        _isList = isList;
    }

    /// <summary>The number of entries (1 for one loss).</summary>
    public int Count => _losses?.Length ?? 0;

    /// <summary>The entry at <paramref name="index"/> (a dictionary's in the order given).</summary>
    /// <param name="index">The position.</param>
    public Loss? this[int index] => (_losses ?? [])[index];

    /// <summary>True for one loss applied to every output.</summary>
    public bool IsSingle => _losses is not null && !_isList && _names is null;

    /// <summary>True for a list (one entry per output).</summary>
    public bool IsList => _isList;

    /// <summary>True for a dictionary by output name.</summary>
    public bool IsDictionary => _names is not null;

    /// <summary>The dictionary's keys, in the order given; null otherwise.</summary>
    public IReadOnlyList<string>? Names => _names;

    /// <summary>A list with one loss per output (what a collection expression makes); null skips an output.</summary>
    /// <param name="losses">The losses.</param>
    public static OutputLosses Create(ReadOnlySpan<Loss?> losses) => new(losses.ToArray(), null, isList: true);

    /// <summary>One loss for every output; null means no loss.</summary>
    /// <param name="loss">The loss.</param>
    public static implicit operator OutputLosses(Loss? loss) => loss is null ? default : new([loss], null, isList: false);

    /// <summary>One loss for every output, by its Keras id (see <see cref="Loss.Get"/>).</summary>
    /// <param name="identifier">The id, e.g. <c>"binary_crossentropy"</c>.</param>
    public static implicit operator OutputLosses(string identifier) => Loss.Get(identifier);

    /// <summary>One loss per output, by position.</summary>
    /// <param name="losses">The losses (null skips an output).</param>
    public static implicit operator OutputLosses(Loss?[] losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        return new([.. losses], null, isList: true);
    }

    /// <summary>One loss per output, by position.</summary>
    /// <param name="losses">The losses (null skips an output).</param>
    public static implicit operator OutputLosses(List<Loss> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        return new([.. losses], null, isList: true);
    }

    /// <summary>Losses by output name; an output left out has no loss.</summary>
    /// <param name="losses">The losses by output name.</param>
    public static implicit operator OutputLosses(Dictionary<string, Loss> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        return new([.. losses.Values], [.. losses.Keys], isList: false);
    }

    /// <inheritdoc/>
    public IEnumerator<Loss?> GetEnumerator() => ((IEnumerable<Loss?>)(_losses ?? [])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>As Keras prints the argument, e.g. <c>{'a': 'binary_crossentropy', 'b': None}</c>.</summary>
    public override string ToString()
    {
        static string One(Loss? loss) => loss is null ? "None" : $"'{loss.Name}'";
        if (_losses is null)
        {
            return "None";
        }
        if (_names is { } names)
        {
            var values = _losses;
            return $"{{{string.Join(", ", names.Select((n, i) => $"'{n}': {One(values[i])}"))}}}";
        }
        return IsList ? $"[{string.Join(", ", _losses.Select(One))}]" : One(_losses[0]);
    }
}
