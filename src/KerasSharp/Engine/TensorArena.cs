namespace KerasSharp.Engine;

/// <summary>
/// Recycles the tensors created during one step (a training, evaluation or prediction batch): their buffers and the
/// tensor objects themselves. While a step scope is open on a thread, ops take their outputs from this thread's arena;
/// when the outermost scope closes, every buffer and tensor handed out goes back to free lists. The next step asks
/// for the same sizes in the same order and gets the same objects back, so a steady-state step allocates nothing;
/// a smaller request (the short last batch of an epoch) reuses a longer free buffer.
/// </summary>
/// <remarks>
/// Tensors created inside a step are valid until the step ends; afterwards a recycled tensor is emptied (it has no
/// values) until it is handed out again. State that outlives a step never lives in the arena:
/// <see cref="Variable"/> copies an arena value it is given, layers build their weights with the arena suspended,
/// and <c>Predict</c> copies its outputs out.
/// </remarks>
internal sealed class TensorArena
{
    [ThreadStatic]
    private static TensorArena? s_current;

    /// <summary>The shape of a tensor that went back to the arena: <c>(0,)</c>, matching its empty buffer.</summary>
    private static readonly Shape Released = new(0);

    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly List<float[]> _lent = [];
    private readonly Stack<Tensor> _freeTensors = new();
    private readonly List<Tensor> _lentTensors = [];
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

    /// <summary>
    /// A buffer of at least <paramref name="length"/> floats with undefined contents: one of exactly that length when
    /// one is free, else the smallest free longer one (a short last batch reuses the full batches' buffers), else a
    /// new one.
    /// </summary>
    public float[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        if (!_free.TryGetValue(length, out var stack) || stack.Count == 0)
        {
            stack = SmallestFreeLongerThan(length);
        }
        float[] buffer = stack is { Count: > 0 } ? stack.Pop() : GC.AllocateUninitializedArray<float>(length);
        _lent.Add(buffer);
        return buffer;
    }

    private Stack<float[]>? SmallestFreeLongerThan(int length)
    {
        Stack<float[]>? best = null;
        int bestLength = int.MaxValue;
        foreach (var (size, stack) in _free)
        {
            if (size > length && size < bestLength && stack.Count > 0)
            {
                best = stack;
                bestLength = size;
            }
        }
        return best;
    }

    /// <summary>A tensor of <paramref name="shape"/> over (the start of) a rented buffer with undefined contents.</summary>
    public Tensor NewTensor(Shape shape) => Wrap(Rent(MemoryLimits.Elements(shape)), 0, shape);

    /// <summary>A recycled tensor object over all of <paramref name="buffer"/> (rented here, or another tensor's array).</summary>
    public Tensor Wrap(float[] buffer, Shape shape)
    {
        int size = shape.Size;
        if (buffer.Length != size)
        {
            throw new ArgumentException($"A buffer of {buffer.Length} values cannot have shape {shape} ({size} values).");
        }
        return Wrap(buffer, 0, shape);
    }

    /// <summary>A recycled tensor object over <c>shape.Size</c> values of <paramref name="buffer"/> from <paramref name="offset"/> (checked by the caller).</summary>
    public Tensor Wrap(float[] buffer, int offset, Shape shape)
    {
        Tensor tensor;
        if (_freeTensors.TryPop(out var recycled))
        {
            recycled.Reuse(buffer, offset, shape, shape.Size);
            tensor = recycled;
        }
        else
        {
            tensor = new Tensor(buffer, offset, shape, pooled: true);
        }
        _lentTensors.Add(tensor);
        return tensor;
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
        // Reverse order, so that the next step gets the same tensor objects in the same order.
        for (int i = _lentTensors.Count - 1; i >= 0; i--)
        {
            var tensor = _lentTensors[i];
            tensor.Reuse([], 0, Released, 0);
            _freeTensors.Push(tensor);
        }
        _lentTensors.Clear();
    }

    /// <summary>Closes a step (or a suspension) when disposed.</summary>
    internal readonly struct StepScope(TensorArena arena, bool suspend) : IDisposable
    {
        /// <summary>Ends the step: buffers and tensors go back to the free lists (outermost scope only).</summary>
        public void Dispose() => arena.Close(suspend);
    }
}
