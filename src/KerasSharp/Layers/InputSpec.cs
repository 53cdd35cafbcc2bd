using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// What a layer accepts as input (Keras' <c>InputSpec</c>): a rank, a minimum rank and fixed sizes of some axes.
/// A mismatch raises Keras' message naming the layer, the expectation and the received shape.
/// </summary>
public sealed class InputSpec
{
    /// <summary>Creates a spec.</summary>
    /// <param name="ndim">Exact rank, or null.</param>
    /// <param name="minNDim">Minimum rank, or null.</param>
    /// <param name="axes">Required sizes by axis (negative axes count from the end), or null.</param>
    public InputSpec(int? ndim = null, int? minNDim = null, IReadOnlyDictionary<int, int>? axes = null)
    {
        NDim = ndim;
        MinNDim = minNDim;
        Axes = axes ?? new Dictionary<int, int>();
        _axes = [.. Axes];
    }

    // The axes as an array, so that the check (run on every call of the layer) does not allocate an enumerator.
    private readonly KeyValuePair<int, int>[] _axes;

    /// <summary>Exact rank expected, or null.</summary>
    public int? NDim { get; }

    /// <summary>Minimum rank expected, or null.</summary>
    public int? MinNDim { get; }

    /// <summary>Required sizes by axis.</summary>
    public IReadOnlyDictionary<int, int> Axes { get; }

    /// <summary>Throws <see cref="ArgumentException"/> with Keras' wording when <paramref name="shape"/> does not match.</summary>
    /// <param name="layerName">The layer's name.</param>
    /// <param name="shape">The received input shape.</param>
    /// <param name="inputIndex">Which input of the layer.</param>
    public void Check(string layerName, Shape shape, int inputIndex = 0)
    {
        string Prefix() => $"Input {inputIndex} of layer \"{layerName}\" is incompatible with the layer:";
        if (NDim is int nd && shape.Rank != nd)
        {
            throw new ArgumentException($"{Prefix()} expected ndim={nd}, found ndim={shape.Rank}. Full shape received: {shape}");
        }
        if (MinNDim is int min && shape.Rank < min)
        {
            throw new ArgumentException($"{Prefix()} expected min_ndim={min}, found ndim={shape.Rank}. Full shape received: {shape}");
        }
        foreach (var (axis, value) in _axes)
        {
            int a = axis < 0 ? axis + shape.Rank : axis;
            if (a < 0 || a >= shape.Rank)
            {
                continue;
            }
            if (shape[a] != value && shape[a] != -1)
            {
                string hint = axis == -1 && shape.Rank > 2 ? " Did you forget a Flatten layer?" : "";
                throw new ArgumentException($"{Prefix()} expected axis {axis} of input shape to have value {value}, but received input with shape {shape}.{hint}");
            }
        }
    }
}
