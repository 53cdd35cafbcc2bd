using System.Runtime.CompilerServices;

namespace KerasSharp.Layers;

/// <summary>
/// The inputs or outputs of a Functional model as Keras accepts them: one symbolic tensor, a list, or a dictionary
/// keyed by name. Written as the tensor itself, a collection expression (<c>[a, b]</c>) or a dictionary.
/// </summary>
/// <example>
/// <code>
/// var model = new Model(inputs: [title, body, tags], outputs: [priority, department]);
/// var named = new Model(inputs: new Dictionary&lt;string, KerasTensor&gt; { ["x"] = x }, outputs: y);
/// </code>
/// </example>
[CollectionBuilder(typeof(KerasTensors), nameof(Create))]
public readonly struct KerasTensors : IReadOnlyList<KerasTensor>
{
    private readonly KerasTensor[]? _tensors;

    private KerasTensors(KerasTensor[] tensors, string[]? names, bool isList)
    {
        _tensors = tensors;
        Names = names;
        IsList = isList;
    }

    /// <summary>The dictionary keys, in the order of the tensors, when given as a dictionary; else null.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>True when given as a list (even of one tensor), false for a single tensor or a dictionary.</summary>
    public bool IsList { get; }

    /// <summary>True when given as a dictionary.</summary>
    public bool IsDictionary => Names is not null;

    /// <inheritdoc/>
    public int Count => _tensors?.Length ?? 0;

    /// <inheritdoc/>
    public KerasTensor this[int index] => (_tensors ?? [])[index];

    /// <summary>A list of tensors (what a collection expression makes).</summary>
    /// <param name="tensors">The tensors.</param>
    public static KerasTensors Create(ReadOnlySpan<KerasTensor> tensors) => new(Checked(tensors.ToArray()), null, isList: true);

    /// <summary>One tensor.</summary>
    /// <param name="tensor">The tensor.</param>
    public static implicit operator KerasTensors(KerasTensor tensor) => new(Checked([tensor]), null, isList: false);

    /// <summary>The tensor of an input layer.</summary>
    /// <param name="input">The input layer (e.g. <c>new Input(shape: [8])</c>).</param>
    public static implicit operator KerasTensors(InputLayer input) => (KerasTensor)input;

    /// <summary>A list of tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    public static implicit operator KerasTensors(KerasTensor[] tensors) => new(Checked([.. tensors]), null, isList: true);

    /// <summary>A list of tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    public static implicit operator KerasTensors(List<KerasTensor> tensors) => new(Checked([.. tensors]), null, isList: true);

    /// <summary>
    /// Tensors keyed by name. As in Keras, the model orders them by key (ordinal), and data and losses given as
    /// dictionaries are matched by these keys.
    /// </summary>
    /// <param name="tensors">The tensors by name.</param>
    public static implicit operator KerasTensors(Dictionary<string, KerasTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        return new(Checked([.. names.Select(n => tensors[n])]), names, isList: false);
    }

    [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
    private static KerasTensor[] Checked(KerasTensor[] tensors)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null)
            {
                throw new ArgumentNullException(nameof(tensors), $"Entry {i} of the model's inputs or outputs is null.");
            }
        }
        return tensors;
    }

    /// <inheritdoc/>
    public IEnumerator<KerasTensor> GetEnumerator() => ((IEnumerable<KerasTensor>)(_tensors ?? [])).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
