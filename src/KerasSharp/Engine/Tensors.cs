using System.Runtime.CompilerServices;

namespace KerasSharp.Engine;

/// <summary>
/// The data of a model with several inputs or outputs, as Keras accepts it: one array, a list (matched to the
/// model's inputs or outputs by position) or a dictionary (matched by input or output name). Written as the tensor or
/// array itself, a collection expression (<c>[titles, bodies]</c>) or a <c>Dictionary&lt;string, Tensor&gt;</c>.
/// A model's <c>PredictMany</c> returns one too: one tensor per output, read by position or by output name.
/// </summary>
/// <example>
/// <code>
/// model.Fit([titles, bodies], [priorities, departments], epochs: 2);
/// model.Fit(new Dictionary&lt;string, Tensor&gt; { ["title"] = titles, ["body"] = bodies },
///           new Dictionary&lt;string, Tensor&gt; { ["priority"] = priorities, ["department"] = departments });
/// var (priority, department) = model.PredictMany([titles, bodies]);
/// </code>
/// </example>
[CollectionBuilder(typeof(Tensors), nameof(Create))]
public readonly struct Tensors : IReadOnlyList<Tensor>
{
    private readonly Tensor? _single;
    private readonly Tensor?[]? _many;
    private readonly string[]? _names;
    private readonly Kind _kind;

    private enum Kind : byte
    {
        None,
        Single,
        List,
        Dictionary,
    }

    private Tensors(Tensor? single, Tensor?[]? many, string[]? names, Kind kind)
    {
        _single = single;
        _many = many;
        _names = names;
        _kind = kind;
    }

    /// <summary>The number of tensors.</summary>
    public int Count => _kind == Kind.Single ? 1 : _many?.Length ?? 0;

    /// <summary>The tensor at <paramref name="index"/> (a list's or a dictionary's, in order).</summary>
    /// <param name="index">The position.</param>
    /// <remarks>
    /// In the data a training step receives, the entry of an output that has neither a loss nor metrics (so needs no
    /// target) is null.
    /// </remarks>
    public Tensor this[int index] => _kind == Kind.Single
        ? (index == 0 ? _single! : throw new ArgumentOutOfRangeException(nameof(index), index, "There is one tensor."))
        : (_many ?? [])[index]!;

    /// <summary>The tensor named <paramref name="name"/>: a dictionary's entry, or a model output's by its name.</summary>
    /// <param name="name">The key or output name.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names.</exception>
    public Tensor this[string name] => TryGet(name, out var tensor)
        ? tensor
        : throw new KeyNotFoundException($"No tensor named '{name}'. Names: [{string.Join(", ", (_names ?? []).Select(n => $"'{n}'"))}].");

    /// <summary>
    /// The names, in the order of the tensors: the dictionary's keys, or the output names of a prediction; null for a
    /// single tensor or a list.
    /// </summary>
    public IReadOnlyList<string>? Names => _names;

    /// <summary>True for one tensor given as itself (not a list or a dictionary).</summary>
    public bool IsSingle => _kind == Kind.Single;

    /// <summary>True when given as a list (even of one tensor).</summary>
    public bool IsList => _kind == Kind.List;

    /// <summary>True when given as a dictionary (matched by name).</summary>
    public bool IsDictionary => _kind == Kind.Dictionary;

    /// <summary>Looks a tensor up by name.</summary>
    /// <param name="name">The key or output name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>Whether a tensor has that name.</returns>
    public bool TryGet(string name, out Tensor tensor)
    {
        int index = _names is null ? -1 : Array.IndexOf(_names, name);
        tensor = index >= 0 ? _many![index]! : null!;
        return index >= 0;
    }

    /// <summary>A list of tensors (what a collection expression makes).</summary>
    /// <param name="tensors">The tensors.</param>
    public static Tensors Create(ReadOnlySpan<Tensor> tensors) => new(null, Checked(tensors.ToArray()), null, Kind.List);

    /// <summary>One tensor.</summary>
    /// <param name="tensor">The tensor.</param>
    public static implicit operator Tensors(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new(tensor, null, null, Kind.Single);
    }

    /// <summary>One array of samples (see <see cref="Tensor"/>'s conversions).</summary>
    /// <param name="values">The values, samples on the first axis.</param>
    public static implicit operator Tensors(float[] values) => (Tensor)values;

    /// <summary>One array of integer class ids.</summary>
    /// <param name="labels">The labels.</param>
    public static implicit operator Tensors(int[] labels) => (Tensor)labels;

    /// <summary>One array of samples.</summary>
    /// <param name="values">The values, samples on the first axis.</param>
    public static implicit operator Tensors(float[,] values) => (Tensor)values;

    /// <summary>One array of samples.</summary>
    /// <param name="values">The values, samples on the first axis.</param>
    public static implicit operator Tensors(float[,,] values) => (Tensor)values;

    /// <summary>One array of samples.</summary>
    /// <param name="values">The values, samples on the first axis.</param>
    public static implicit operator Tensors(float[,,,] values) => (Tensor)values;

    /// <summary>One array of samples, one row per sample.</summary>
    /// <param name="rows">The rows.</param>
    public static implicit operator Tensors(float[][] rows) => (Tensor)rows;

    /// <summary>A list of tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    public static implicit operator Tensors(Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return new(null, Checked([.. tensors]), null, Kind.List);
    }

    /// <summary>A list of tensors.</summary>
    /// <param name="tensors">The tensors.</param>
    public static implicit operator Tensors(List<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return new(null, Checked([.. tensors]), null, Kind.List);
    }

    /// <summary>Tensors by input or output name.</summary>
    /// <param name="tensors">The tensors by name.</param>
    public static implicit operator Tensors(Dictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return new(null, Checked([.. tensors.Values]), [.. tensors.Keys], Kind.Dictionary);
    }

    /// <summary>
    /// Tensors made by the library (a batch, a prediction): <paramref name="names"/> name them without making them a
    /// dictionary unless <paramref name="dictionary"/>; entries may be null.
    /// </summary>
    internal static Tensors Of(Tensor?[] tensors, string[]? names = null, bool dictionary = false) =>
        new(null, tensors, names, dictionary ? Kind.Dictionary : Kind.List);

    /// <summary>One tensor, without checks (the training loop's batches).</summary>
    internal static Tensors OfSingle(Tensor? tensor) => new(tensor, null, null, Kind.Single);

    /// <summary>The tensor at <paramref name="index"/>, or null (an entry the library left empty).</summary>
    internal Tensor? At(int index) => _kind == Kind.Single ? (index == 0 ? _single : null) : _many is { } m && index < m.Length ? m[index] : null;

    /// <summary>
    /// The tensor of the model input or output at <paramref name="index"/> named <paramref name="name"/>: a
    /// dictionary's entry by name (null when it has none), else the entry at <paramref name="index"/>.
    /// </summary>
    internal Tensor? For(int index, string name) => _kind == Kind.Dictionary ? (TryGet(name, out var t) ? t : null) : At(index);

    private static Tensor?[] Checked(Tensor?[] tensors)
    {
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null)
            {
                throw new ArgumentNullException(nameof(tensors), $"Entry {i} of the arrays is null.");
            }
        }
        return tensors;
    }

    /// <summary>Splits two tensors, e.g. <c>var (priority, department) = model.PredictMany(x);</c>.</summary>
    /// <param name="first">The first tensor.</param>
    /// <param name="second">The second tensor.</param>
    public void Deconstruct(out Tensor first, out Tensor second)
    {
        Expect(2);
        first = this[0];
        second = this[1];
    }

    /// <summary>Splits three tensors.</summary>
    /// <param name="first">The first tensor.</param>
    /// <param name="second">The second tensor.</param>
    /// <param name="third">The third tensor.</param>
    public void Deconstruct(out Tensor first, out Tensor second, out Tensor third)
    {
        Expect(3);
        first = this[0];
        second = this[1];
        third = this[2];
    }

    private void Expect(int count)
    {
        if (Count != count)
        {
            throw new InvalidOperationException($"Cannot deconstruct {Count} tensors into {count} variables.");
        }
    }

    /// <inheritdoc/>
    public IEnumerator<Tensor> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The shapes, as Keras prints a structure of tensors: <c>[Tensor(shape=(8, 3)), Tensor(shape=(8, 2))]</c>.</summary>
    public override string ToString()
    {
        static string One(Tensor? t) => t is null ? "None" : $"Tensor(shape={t.Shape})";
        var many = _many ?? [];
        return _kind switch
        {
            Kind.Single => One(_single),
            Kind.Dictionary => $"{{{string.Join(", ", _names!.Select((n, i) => $"'{n}': {One(many[i])}"))}}}",
            _ => $"[{string.Join(", ", many.Select(One))}]",
        };
    }
}
