namespace KerasSharp.Engine;

/// <summary>
/// Records the ops run on this thread while it is active, then computes gradients by reverse-mode automatic
/// differentiation (like <c>tf.GradientTape</c>). Gradients are accumulated (never assigned) across fan-out, and a
/// gradient that flows into a broadcast input is summed back to the input's shape in one place.
/// </summary>
/// <example>
/// <code>
/// var w = new Variable(Tensor.FromArray(new float[] { 1, 2 }), "w");
/// using var tape = GradientTape.Record();
/// var loss = Ops.Sum(Ops.Square(w));
/// var grads = tape.Gradient(loss, [w]);   // 2·w = [2, 4]
/// </code>
/// </example>
public sealed class GradientTape : IDisposable
{
    [ThreadStatic]
    private static GradientTape? s_current;

    private readonly List<TapeNode> _nodes = [];
    private readonly GradientTape? _previous;
    private bool _paused;
    private bool _disposed;

    private GradientTape()
    {
        _previous = s_current;
        s_current = this;
    }

    /// <summary>Starts recording on this thread; dispose to stop.</summary>
    public static GradientTape Record() => new();

    /// <summary>True while some tape records on this thread.</summary>
    public static bool IsRecording => s_current is { _paused: false };

    /// <summary>Number of ops recorded.</summary>
    internal int NodeCount => _nodes.Count;

    /// <summary>Records an op on the active tape, if any.</summary>
    internal static void RecordOp(Tensor output, Tensor[] inputs, BackwardFunction backward, object? state = null)
    {
        var tape = s_current;
        if (tape is null || tape._paused)
        {
            return;
        }
        tape._nodes.Add(new TapeNode(output, inputs, backward, state));
    }

    /// <summary>Records a one-input op on the active tape, if any.</summary>
    internal static void RecordOp(Tensor output, Tensor input, BackwardFunction backward, object? state = null)
    {
        if (IsRecording)
        {
            RecordOp(output, [input], backward, state);
        }
    }

    /// <summary>Records a two-input op on the active tape, if any.</summary>
    internal static void RecordOp(Tensor output, Tensor a, Tensor b, BackwardFunction backward, object? state = null)
    {
        if (IsRecording)
        {
            RecordOp(output, [a, b], backward, state);
        }
    }

    /// <summary>Gradients of <paramref name="target"/> with respect to each variable's value.</summary>
    /// <param name="target">Usually a scalar loss; a non-scalar target is treated as its sum.</param>
    /// <param name="variables">The variables.</param>
    /// <returns>One gradient per variable, zeros where the target does not depend on it.</returns>
    public Tensor[] Gradient(Tensor target, IReadOnlyList<Variable> variables)
    {
        var sources = new Tensor[variables.Count];
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = variables[i].Value;
        }
        return Gradient(target, sources);
    }

    /// <summary>Gradients of <paramref name="target"/> with respect to each source tensor.</summary>
    /// <param name="target">Usually a scalar loss; a non-scalar target is treated as its sum.</param>
    /// <param name="sources">Tensors used while recording (inputs, variable values or intermediates).</param>
    /// <returns>One gradient per source, zeros where the target does not depend on it.</returns>
    public Tensor[] Gradient(Tensor target, IReadOnlyList<Tensor> sources)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(target);
        var wasPaused = _paused;
        _paused = true;
        try
        {
            var relevant = MarkDependents(sources);
            var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
            if (relevant.Contains(target))
            {
                grads[target] = Tensor.Ones(target.Shape);
            }
            for (int n = _nodes.Count - 1; n >= 0; n--)
            {
                var node = _nodes[n];
                if (!grads.TryGetValue(node.Output, out var g) || !relevant.Contains(node.Output))
                {
                    continue;
                }
                var inputGrads = node.Backward(g, node);
                for (int i = 0; i < node.Inputs.Length; i++)
                {
                    var gi = inputGrads[i];
                    if (gi is null || !node.InputNeedsGradient[i])
                    {
                        continue;
                    }
                    var input = node.Inputs[i];
                    if (gi.Shape != input.Shape)
                    {
                        gi = Ops.SumTo(gi, input.Shape);
                    }
                    grads[input] = grads.TryGetValue(input, out var existing) ? Ops.Add(existing, gi) : gi;
                }
            }
            var result = new Tensor[sources.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = grads.TryGetValue(sources[i], out var gs) ? gs : Tensor.Zeros(sources[i].Shape);
            }
            return result;
        }
        finally
        {
            _paused = wasPaused;
        }
    }

    /// <summary>Marks, in recording order, every tensor that depends on a source, and which node inputs need gradients.</summary>
    private HashSet<Tensor> MarkDependents(IReadOnlyList<Tensor> sources)
    {
        var relevant = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var s in sources)
        {
            relevant.Add(s);
        }
        foreach (var node in _nodes)
        {
            bool any = false;
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                bool needs = relevant.Contains(node.Inputs[i]);
                node.InputNeedsGradient[i] = needs;
                any |= needs;
            }
            if (any)
            {
                relevant.Add(node.Output);
            }
        }
        return relevant;
    }

    /// <summary>Runs <paramref name="action"/> without recording (like <c>tape.stop_recording()</c>).</summary>
    /// <param name="action">The code to run.</param>
    public void StopRecording(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var was = _paused;
        _paused = true;
        try
        {
            action();
        }
        finally
        {
            _paused = was;
        }
    }

    /// <summary>Stops recording and restores any enclosing tape.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _nodes.Clear();
        if (ReferenceEquals(s_current, this))
        {
            s_current = _previous;
        }
    }
}
