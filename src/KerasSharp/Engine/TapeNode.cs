namespace KerasSharp.Engine;

/// <summary>
/// The backward (vector-Jacobian product) of one op: given the gradient of the op's output, returns one gradient per
/// input (or null where <see cref="TapeNode.NeedsGradient"/> is false). A returned gradient may have the broadcast
/// output shape; the tape reduces it to the input's shape.
/// </summary>
internal delegate Tensor?[] BackwardFunction(Tensor outputGradient, TapeNode node);

/// <summary>One recorded op: its output, inputs, backward and any state the backward needs.</summary>
internal sealed class TapeNode
{
    internal TapeNode(Tensor output, Tensor[] inputs, BackwardFunction backward, object? state)
    {
        Output = output;
        Inputs = inputs;
        Backward = backward;
        State = state;
        InputNeedsGradient = new bool[inputs.Length];
    }

    /// <summary>The op's output.</summary>
    public Tensor Output { get; }

    /// <summary>The op's inputs, in order.</summary>
    public Tensor[] Inputs { get; }

    /// <summary>The backward function.</summary>
    public BackwardFunction Backward { get; }

    /// <summary>Extra state saved by the forward (an axis, a mask, …).</summary>
    public object? State { get; }

    internal bool[] InputNeedsGradient { get; }

    /// <summary>Whether any input needs a gradient (set with <see cref="InputNeedsGradient"/>).</summary>
    internal bool AnyInputNeedsGradient { get; set; }

    /// <summary>Whether input <paramref name="i"/> needs a gradient (lets a backward skip work).</summary>
    public bool NeedsGradient(int i) => InputNeedsGradient[i];

    /// <summary>The first input.</summary>
    public Tensor A => Inputs[0];

    /// <summary>The second input.</summary>
    public Tensor B => Inputs[1];
}
