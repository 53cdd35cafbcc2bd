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

    /// <summary>Greater than 0 while a backward pass runs on this thread: backward ops are never recorded.</summary>
    [ThreadStatic]
    private static int s_backwardDepth;

    private readonly List<TapeNode> _nodes = [];
    private readonly Dictionary<Tensor, Tensor> _gradients = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _relevant = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<float[]> _handedOut = new(ReferenceEqualityComparer.Instance);
    private Tensor[] _sources = [];
    private GradientTape? _previous;
    private bool _reusable;
    private bool _paused;
    private bool _disposed;

    private GradientTape()
    {
        Start();
    }

    private void Start()
    {
        _disposed = false;
        _paused = false;
        _previous = s_current;
        s_current = this;
    }

    /// <summary>
    /// Starts recording on this thread; dispose to stop. Tapes nest: every active tape records each op (as with
    /// nested <c>tf.GradientTape</c>s), and disposing a tape makes the enclosing one current again.
    /// </summary>
    public static GradientTape Record() => new();

    /// <summary>
    /// <see cref="Record"/> for the training loop: the tape object and its bookkeeping are reused from the previous
    /// step on this thread (kept in its <see cref="TapeCache"/>), so recording a step allocates nothing. The tape must
    /// not be used after it is disposed.
    /// </summary>
    internal static GradientTape RecordStep()
    {
        var tape = TapeCache.Current.TakeSpare();
        if (tape is null)
        {
            return new GradientTape { _reusable = true };
        }
        tape.Start();
        return tape;
    }

    /// <summary>
    /// True while at least one tape records on this thread: false with no tape, when every tape is inside
    /// <see cref="StopRecording"/>, and during a backward pass.
    /// </summary>
    public static bool IsRecording
    {
        get
        {
            if (s_backwardDepth > 0)
            {
                return false;
            }
            for (var tape = s_current; tape is not null; tape = tape._previous)
            {
                if (tape.IsActive)
                {
                    return true;
                }
            }
            return false;
        }
    }

    private bool IsActive => !_paused && !_disposed;

    /// <summary>Number of ops recorded.</summary>
    internal int NodeCount => _nodes.Count;

    /// <summary>Records an op on every active tape of this thread, if any; returns its node (null when none records).</summary>
    internal static TapeNode? RecordOp(Tensor output, ReadOnlySpan<Tensor> inputs, BackwardFunction backward)
    {
        if (!IsRecording)
        {
            return null;
        }
        var node = TapeNode.Rent(output, inputs, backward);
        for (var tape = s_current; tape is not null; tape = tape._previous)
        {
            if (tape.IsActive)
            {
                node.AddTape();
                tape._nodes.Add(node);
            }
        }
        return node;
    }

    /// <summary>Records an op and the state its backward needs (value types are stored without boxing).</summary>
    internal static void RecordOp<TState>(Tensor output, ReadOnlySpan<Tensor> inputs, BackwardFunction backward, TState state) =>
        RecordOp(output, inputs, backward)?.SetState(state);

    /// <summary>Records a one-input op on the active tapes, if any.</summary>
    internal static void RecordOp(Tensor output, Tensor input, BackwardFunction backward)
    {
        if (IsRecording)
        {
            RecordOp(output, [input], backward);
        }
    }

    /// <summary>Records a one-input op and its backward's state on the active tapes, if any.</summary>
    internal static void RecordOp<TState>(Tensor output, Tensor input, BackwardFunction backward, TState state)
    {
        if (IsRecording)
        {
            RecordOp(output, [input], backward)?.SetState(state);
        }
    }

    /// <summary>Records a two-input op on the active tapes, if any.</summary>
    internal static void RecordOp(Tensor output, Tensor a, Tensor b, BackwardFunction backward)
    {
        if (IsRecording)
        {
            RecordOp(output, [a, b], backward);
        }
    }

    /// <summary>Records a two-input op and its backward's state on the active tapes, if any.</summary>
    internal static void RecordOp<TState>(Tensor output, Tensor a, Tensor b, BackwardFunction backward, TState state)
    {
        if (IsRecording)
        {
            RecordOp(output, [a, b], backward)?.SetState(state);
        }
    }

    /// <summary>Gradients of <paramref name="target"/> with respect to each variable's value.</summary>
    /// <param name="target">Usually a scalar loss; a non-scalar target is treated as its sum.</param>
    /// <param name="variables">The variables.</param>
    /// <returns>One gradient per variable, zeros where the target does not depend on it.</returns>
    public Tensor[] Gradient(Tensor target, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = new Tensor[variables.Count];
        Gradient(target, variables, result);
        return result;
    }

    /// <summary>
    /// Gradients of <paramref name="target"/> with respect to each variable's value, written to
    /// <paramref name="result"/> (the training step's allocation-free form).
    /// </summary>
    internal void Gradient(Tensor target, IReadOnlyList<Variable> variables, Tensor[] result)
    {
        if (_sources.Length < variables.Count)
        {
            _sources = new Tensor[variables.Count];
        }
        var sources = _sources.AsSpan(0, variables.Count);
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = variables[i].Value;
        }
        Gradient(target, sources, result);
        sources.Clear();
    }

    /// <summary>Gradients of <paramref name="target"/> with respect to each source tensor.</summary>
    /// <param name="target">Usually a scalar loss; a non-scalar target is treated as its sum.</param>
    /// <param name="sources">Tensors used while recording (inputs, variable values or intermediates).</param>
    /// <returns>One gradient per source, zeros where the target does not depend on it.</returns>
    public Tensor[] Gradient(Tensor target, IReadOnlyList<Tensor> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var array = sources.ToArray();
        var result = new Tensor[array.Length];
        Gradient(target, array, result);
        return result;
    }

    private void Gradient(Tensor target, ReadOnlySpan<Tensor> sources, Tensor[] result)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(GradientTape),
                "This GradientTape has been disposed, which released its recorded ops. Call Gradient() before the tape's using scope ends.");
        }
        ArgumentNullException.ThrowIfNull(target);
        // The backward pass is not differentiable itself (no higher-order gradients): no tape records it.
        s_backwardDepth++;
        try
        {
            MarkDependents(sources);
            var grads = _gradients;
            if (_relevant.Contains(target))
            {
                grads[target] = Tensor.Ones(target.Shape);
            }
            for (int n = _nodes.Count - 1; n >= 0; n--)
            {
                var node = _nodes[n];
                if (!node.AnyInputNeedsGradient || !grads.TryGetValue(node.Output, out var g))
                {
                    continue;
                }
                var inputGrads = node.Backward(g, node);
                for (int i = 0; i < node.InputCount; i++)
                {
                    var gi = inputGrads[i];
                    if (gi is null || !node.NeedsGradient(i))
                    {
                        continue;
                    }
                    var input = node.Input(i);
                    if (gi.Shape != input.Shape)
                    {
                        gi = Ops.SumTo(gi, input.Shape);
                    }
                    grads[input] = grads.TryGetValue(input, out var existing) ? Ops.Add(existing, gi) : gi;
                }
            }
            CollectResults(sources, result);
        }
        finally
        {
            s_backwardDepth--;
            _gradients.Clear();
            _relevant.Clear();
            _handedOut.Clear();
        }
    }

    /// <summary>
    /// One gradient per source, zeros where there is none. Backward functions may pass one tensor (or a reshaped view
    /// of its buffer) to several inputs, so any buffer already handed out is copied: every returned gradient owns its
    /// values and can be modified in place (e.g. by gradient clipping) without changing another.
    /// </summary>
    private void CollectResults(ReadOnlySpan<Tensor> sources, Tensor[] result)
    {
        for (int i = 0; i < sources.Length; i++)
        {
            if (!_gradients.TryGetValue(sources[i], out var gs))
            {
                result[i] = Tensor.Zeros(sources[i].Shape);
                continue;
            }
            if (!_handedOut.Add(gs.Buffer))
            {
                var copy = Tensor.Empty(gs.Shape);
                gs.Span.CopyTo(copy.Data);
                gs = copy;
            }
            result[i] = gs;
        }
    }

    /// <summary>Marks, in recording order, every tensor that depends on a source, and which node inputs need gradients.</summary>
    private void MarkDependents(ReadOnlySpan<Tensor> sources)
    {
        var relevant = _relevant;
        foreach (var s in sources)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(sources));
            relevant.Add(s);
        }
        foreach (var node in _nodes)
        {
            bool any = false;
            for (int i = 0; i < node.InputCount; i++)
            {
                bool needs = relevant.Contains(node.Input(i));
                node.SetNeedsGradient(i, needs);
                any |= needs;
            }
            node.AnyInputNeedsGradient = any;
            if (any)
            {
                relevant.Add(node.Output);
            }
        }
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

    /// <summary>Stops recording, releases the recorded ops and makes the enclosing tape (if any) current again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // Last first, so that the next step, recording the same ops, gets each node back for the same op.
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            _nodes[i].Release();
        }
        _nodes.Clear();
        if (ReferenceEquals(s_current, this))
        {
            // skip enclosing tapes that were disposed out of order
            var previous = _previous;
            while (previous is { _disposed: true })
            {
                previous = previous._previous;
            }
            s_current = previous;
        }
        else
        {
            // disposed while an inner tape is current: unlink from the chain so the inner tape's Dispose skips it
            for (var tape = s_current; tape is not null; tape = tape._previous)
            {
                if (ReferenceEquals(tape._previous, this))
                {
                    tape._previous = _previous;
                    break;
                }
            }
        }
        _previous = null;
        // kept with its lists' capacity for the next step, unless a one-off huge graph made them large
        if (_reusable && _nodes.Capacity <= TapeCache.MaxNodes)
        {
            TapeCache.Current.KeepSpare(this);
        }
    }
}
