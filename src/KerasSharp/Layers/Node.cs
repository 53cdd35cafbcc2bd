using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// One call of a layer on symbolic tensors (Keras' <c>Node</c>): which layer, the tensors it was called on and the
/// tensors it produced. A layer applied twice (a shared layer) has two nodes and one set of weights.
/// </summary>
/// <remarks>
/// The inputs are kept flat, in call order: first the main argument (one tensor, or a list of them for layers such as
/// <c>Concatenate</c>), then each keyword argument's tensors (e.g. an RNN's <c>initial_state</c>), so that a config can
/// write the call as Keras does (<c>args</c> and <c>kwargs</c>).
/// </remarks>
public sealed class Node
{
    private readonly KerasTensor[] _inputs;
    private readonly KerasTensor[] _outputs;

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    internal Node(Layer layer, int index, IReadOnlyList<KerasTensor> inputs, NodeArguments arguments, IReadOnlyList<Shape> outputShapes)
    {
        Layer = layer;
        Index = index;
        _inputs = [.. inputs];
        Arguments = arguments;
        _outputs = new KerasTensor[outputShapes.Count];
        for (int i = 0; i < _outputs.Length; i++)
        {
            _outputs[i] = new KerasTensor(outputShapes[i], this, i, layer is InputLayer ? layer.Name : Keras.UniqueName("keras_tensor"));
        }
    }

    /// <summary>The layer called.</summary>
    public Layer Layer { get; }

    /// <summary>Which call of the layer this is (0 for the first).</summary>
    public int Index { get; }

    /// <summary>The tensors the layer was called on, flat (see the remarks).</summary>
    public IReadOnlyList<KerasTensor> Inputs => _inputs;

    /// <summary>The tensors the call produced.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>How the inputs were passed: a single tensor or a list, and which ones were keyword arguments.</summary>
    internal NodeArguments Arguments { get; }

    /// <summary>True for the node of an <see cref="InputLayer"/>, which has no inputs.</summary>
    public bool IsInput => Layer is InputLayer;

    /// <summary>The nodes that produced this node's inputs.</summary>
    public IEnumerable<Node> ParentNodes => _inputs.Select(t => t.Node).Distinct();

    internal KerasTensor[] InputArray => _inputs;

    internal KerasTensor[] OutputArray => _outputs;

    /// <inheritdoc/>
    public override string ToString() => $"<Node layer={Layer.Name}, index={Index}, inputs={_inputs.Length}, outputs={_outputs.Length}>";
}

/// <summary>
/// How a layer was called: the first <see cref="Positional"/> inputs are the main argument (a list when
/// <see cref="AsList"/>), then each keyword argument takes the next inputs (<c>initial_state</c> of an RNN, …).
/// </summary>
/// <param name="Positional">How many inputs form the main argument.</param>
/// <param name="AsList">Whether the main argument was a list (even of one tensor), as for merge layers.</param>
/// <param name="Keywords">The keyword arguments in order, each with how many inputs it takes.</param>
internal readonly record struct NodeArguments(int Positional, bool AsList, IReadOnlyList<(string Name, int Count)>? Keywords = null)
{
    /// <summary>One tensor passed alone.</summary>
    public static NodeArguments Single => new(1, false);

    /// <summary>A list of <paramref name="count"/> tensors.</summary>
    public static NodeArguments List(int count) => new(count, true);
}
