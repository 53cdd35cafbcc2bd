namespace KerasSharp.Engine;

/// <summary>
/// The backward (vector-Jacobian product) of one op: given the gradient of the op's output, returns one gradient per
/// input (or null where <see cref="TapeNode.NeedsGradient"/> is false). A returned gradient may have the broadcast
/// output shape; the tape reduces it to the input's shape.
/// </summary>
internal delegate InputGradients BackwardFunction(Tensor outputGradient, TapeNode node);

/// <summary>
/// One recorded op: its output, inputs, backward and any state the backward needs. Nodes are recycled by the tape
/// that recorded them into the thread's <see cref="TapeCache"/> (a training step records the same ops every time),
/// so recording allocates nothing once warm.
/// </summary>
internal sealed class TapeNode
{
    private Tensor[] _inputs = new Tensor[3];
    private bool[] _needsGradient = new bool[3];
    private object? _state;
    private int _tapes;

    private TapeNode()
    {
    }

    /// <summary>The op's output.</summary>
    public Tensor Output { get; private set; } = null!;

    /// <summary>Number of inputs.</summary>
    public int InputCount { get; private set; }

    /// <summary>The backward function.</summary>
    public BackwardFunction Backward { get; private set; } = null!;

    /// <summary>Whether any input needs a gradient (set with <see cref="SetNeedsGradient"/>).</summary>
    internal bool AnyInputNeedsGradient { get; set; }

    /// <summary>The first input.</summary>
    public Tensor A => _inputs[0];

    /// <summary>The second input.</summary>
    public Tensor B => _inputs[1];

    /// <summary>Input <paramref name="i"/>.</summary>
    public Tensor Input(int i) => i < InputCount ? _inputs[i] : throw new ArgumentOutOfRangeException(nameof(i));

    /// <summary>Whether input <paramref name="i"/> needs a gradient (lets a backward skip work).</summary>
    public bool NeedsGradient(int i) => _needsGradient[i];

    internal void SetNeedsGradient(int i, bool needs) => _needsGradient[i] = needs;

    /// <summary>A node from this thread's pool, set up for one op.</summary>
    internal static TapeNode Rent(Tensor output, ReadOnlySpan<Tensor> inputs, BackwardFunction backward)
    {
        var node = TapeCache.Current.TryRentNode() ?? new TapeNode();
        if (node._inputs.Length < inputs.Length)
        {
            node._inputs = new Tensor[inputs.Length];
            node._needsGradient = new bool[inputs.Length];
        }
        inputs.CopyTo(node._inputs);
        node.InputCount = inputs.Length;
        node.Output = output;
        node.Backward = backward;
        return node;
    }

    /// <summary>Counts one more tape holding this node (nested tapes share nodes).</summary>
    internal void AddTape() => _tapes++;

    /// <summary>A tape lets go of the node; the last one returns it to the pool with its references cleared.</summary>
    internal void Release()
    {
        if (--_tapes > 0)
        {
            return;
        }
        Array.Clear(_inputs);
        Output = null!;
        Backward = null!;
        (_state as IStateBox)?.Clear();
        if (_state is not IStateBox)
        {
            _state = null;
        }
        TapeCache.Current.ReturnNode(this);
    }

    /// <summary>Saves state for the backward (an axis, a flag, shapes…). Value types are kept without boxing.</summary>
    internal void SetState<T>(T value)
    {
        if (typeof(T).IsValueType)
        {
            if (_state is not StateBox<T> box)
            {
                _state = box = new StateBox<T>();
            }
            box.Value = value;
        }
        else
        {
            _state = value;
        }
    }

    /// <summary>The state saved by the forward.</summary>
    internal T GetState<T>() => typeof(T).IsValueType ? ((StateBox<T>)_state!).Value : (T)_state!;

    private interface IStateBox
    {
        void Clear();
    }

    /// <summary>A reusable box for a value-type state; it stays with the node across steps.</summary>
    private sealed class StateBox<T> : IStateBox
    {
        public T Value = default!;

        public void Clear() => Value = default!;
    }
}
