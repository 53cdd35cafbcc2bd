using System.Globalization;
using System.Runtime.CompilerServices;

namespace KerasSharp.Training;

/// <summary>
/// The <c>lossWeights</c> argument of <see cref="Models.Model.Compile"/> (Keras' <c>loss_weights</c>): the factors of
/// the outputs' losses in the total loss the model minimises, <c>loss = Σ weight_i · loss_i</c>. A list goes with a
/// list of losses, one weight per entry; a dictionary maps output names to weights (an output left out weighs 1); one
/// number goes with one loss.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: "adam", loss: ["binary_crossentropy", "categorical_crossentropy"], lossWeights: [1.0, 0.2]);
/// </code>
/// </example>
[CollectionBuilder(typeof(LossWeights), nameof(Create))]
public readonly struct LossWeights : IReadOnlyList<double>
{
    private readonly double[]? _weights;
    private readonly string[]? _names;
    private readonly bool _isList;

    private LossWeights(double[] weights, string[]? names, bool isList)
    {
        _weights = weights;
        _names = names;
        _isList = isList;
    }

    /// <summary>The number of weights (1 for one number).</summary>
    public int Count => _weights?.Length ?? 0;

    /// <summary>The weight at <paramref name="index"/> (a dictionary's in the order given).</summary>
    /// <param name="index">The position.</param>
    public double this[int index] => (_weights ?? [])[index];

    /// <summary>True for one number (one loss).</summary>
    public bool IsSingle => _weights is not null && !_isList && _names is null;

    /// <summary>True for a list.</summary>
    public bool IsList => _isList;

    /// <summary>True for a dictionary by output name.</summary>
    public bool IsDictionary => _names is not null;

    /// <summary>The dictionary's keys, in the order given; null otherwise.</summary>
    public IReadOnlyList<string>? Names => _names;

    /// <summary>A list of weights (what a collection expression makes).</summary>
    /// <param name="weights">The weights.</param>
    public static LossWeights Create(ReadOnlySpan<double> weights) => new(weights.ToArray(), null, isList: true);

    /// <summary>One weight, for one loss.</summary>
    /// <param name="weight">The weight.</param>
    public static implicit operator LossWeights(double weight) => new([weight], null, isList: false);

    /// <summary>A list of weights.</summary>
    /// <param name="weights">The weights.</param>
    public static implicit operator LossWeights(double[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new([.. weights], null, isList: true);
    }

    /// <summary>A list of weights.</summary>
    /// <param name="weights">The weights.</param>
    public static implicit operator LossWeights(List<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new([.. weights], null, isList: true);
    }

    /// <summary>Weights by output name.</summary>
    /// <param name="weights">The weights by output name.</param>
    public static implicit operator LossWeights(Dictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return new([.. weights.Values], [.. weights.Keys], isList: false);
    }

    /// <inheritdoc/>
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)(_weights ?? [])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>As Keras prints the argument, e.g. <c>[1.0, 0.2]</c> or <c>{'a': 1.0}</c>.</summary>
    public override string ToString()
    {
        static string One(double w) => w.ToString("0.0###############", CultureInfo.InvariantCulture);
        if (_weights is null)
        {
            return "None";
        }
        if (_names is { } names)
        {
            var values = _weights;
            return $"{{{string.Join(", ", names.Select((n, i) => $"'{n}': {One(values[i])}"))}}}";
        }
        return IsList ? $"[{string.Join(", ", _weights.Select(One))}]" : One(_weights[0]);
    }
}
