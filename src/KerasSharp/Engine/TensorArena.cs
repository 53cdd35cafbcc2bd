namespace KerasSharp.Engine;

/// <summary>
/// Recycles the buffers of the tensors created during one step (a training, evaluation or prediction batch).
/// While a step scope is open on a thread, ops take their output buffers from this thread's arena; when the outermost
/// scope closes, every buffer handed out goes back to a free list keyed by length. The next step asks for the same
/// sizes in the same order and gets the same arrays back, so a steady-state step allocates no tensor memory.
/// </summary>
/// <remarks>
/// Tensors created inside a step are valid until the step ends. State that outlives a step never lives in the arena:
/// <see cref="Variable"/> copies an arena-backed value it is given, layers build their weights with the arena
/// suspended, and <c>Predict</c> copies its outputs out.
/// </remarks>
internal sealed class TensorArena
{
    [ThreadStatic]
    private static TensorArena? s_current;

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly List<float[]> _lent = [];
    private int _depth;
    private int _suspended;

    /// <summary>The arena of this thread when a step scope is open (and not suspended), else null.</summary>
    public static TensorArena? Current => s_current is { _depth: > 0, _suspended: 0 } arena ? arena : null;

    /// <summary>Opens a step scope on this thread; dispose it at the end of the step.</summary>
    public static StepScope Step()
    {
        var arena = s_current ??= new TensorArena();
        arena._depth++;
        return new StepScope(arena, suspend: false);
    }

    /// <summary>Stops handing out arena buffers until disposed (for state that must outlive the step).</summary>
    public static StepScope Suspend()
    {
        var arena = s_current ??= new TensorArena();
        arena._suspended++;
        return new StepScope(arena, suspend: true);
    }

    /// <summary>A buffer of exactly <paramref name="length"/> floats with undefined contents.</summary>
    public float[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        float[] buffer = _free.TryGetValue(length, out var stack) && stack.Count > 0
            ? stack.Pop()
            : GC.AllocateUninitializedArray<float>(length);
        _lent.Add(buffer);
        return buffer;
    }

    private void Close(bool suspend)
    {
        if (suspend)
        {
            _suspended--;
            return;
        }
        if (--_depth > 0)
        {
            return;
        }
        foreach (var buffer in _lent)
        {
            if (!_free.TryGetValue(buffer.Length, out var stack))
            {
                _free[buffer.Length] = stack = new Stack<float[]>();
            }
            stack.Push(buffer);
        }
        _lent.Clear();
    }

    /// <summary>Closes a step (or a suspension) when disposed.</summary>
    internal readonly struct StepScope(TensorArena arena, bool suspend) : IDisposable
    {
        /// <summary>Ends the step: buffers go back to the free lists (outermost scope only).</summary>
        public void Dispose() => arena.Close(suspend);
    }
}
