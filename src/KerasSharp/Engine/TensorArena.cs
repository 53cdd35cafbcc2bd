namespace KerasSharp.Engine;

/// <summary>
/// Recycles the tensors created during one step (a training, evaluation or prediction batch): their buffers and the
/// tensor objects themselves. While a step scope is open on a thread, ops take their outputs from this thread's arena;
/// when the outermost scope closes, every buffer and tensor handed out goes back to free lists. The next step asks
/// for the same sizes in the same order and gets the same objects back, so a steady-state step allocates nothing;
/// a smaller request (the short last batch of an epoch) reuses a free buffer up to 16 times longer.
/// </summary>
/// <remarks>
/// <para>
/// Tensors created inside a step are valid until the step ends; afterwards a recycled tensor is emptied (it has no
/// values) until it is handed out again. State that outlives a step never lives in the arena:
/// <see cref="Variable"/> copies an arena value it is given, layers build their weights with the arena suspended,
/// and <c>Predict</c> copies its outputs out.
/// </para>
/// <para>
/// What is kept when a step ends, per buffer length (a size class):
/// <list type="bullet">
/// <item>the recurring working set, whatever its size: a length that an earlier, not stale, step used too keeps as
/// many buffers as a step has needed at once, for 16 steps after its last use, or twice its longest gap between two
/// uses if that is longer (so the training buffers survive the validation steps at the end of each epoch, and
/// two models trained in turn keep both sets);</item>
/// <item>everything else (a length used once, like a one-off large prediction batch; the short last batch; the
/// buffers of a model no longer used) only within <see cref="SpareBytesCap"/> bytes, most recently used first;</item>
/// <item>nothing of a length that no step has used while 8 later steps had to allocate new buffers.</item>
/// </list>
/// Steps that allocate nothing do not age anything, so a steady loop of training and validation steps keeps all it
/// uses. The free tensor objects are kept up to <see cref="MaxPooledTensors"/>. A worker thread that goes idle, and
/// <c>Predict</c> and <c>Evaluate</c> when they return, drop the recurring set beyond the cap as well
/// (<see cref="TrimCurrentThread"/>), and <see cref="Clear"/> (from <see cref="Keras.ClearSession"/>) releases
/// everything.
/// </para>
/// <para>
/// Each arena registers with <see cref="ThreadCaches"/>. Its owner announces a step with one interlocked operation
/// when the outermost scope opens and one when it closes; another thread's <see cref="Clear"/> empties an idle arena
/// itself and flags a busy one, which its owner empties at the end of the step.
/// </para>
/// </remarks>
internal sealed class TensorArena : IThreadCache
{
    /// <summary>At most this many free tensor objects are kept (a few megabytes).</summary>
    internal const int MaxPooledTensors = 1 << 16;

    /// <summary>A recurring size class stays protected at least this many steps after its last use.</summary>
    private const long MinWindow = 16;

    /// <summary>A size class unused while this many steps allocated is dropped.</summary>
    private const long StaleAfter = 8;

    /// <summary>A step that allocated nothing reviews the free lists every this many steps, when they exceed the cap.</summary>
    private const long ReviewInterval = 16;

    /// <summary>A request takes a free buffer at most this many times longer than it (or <see cref="BorrowSlack"/> floats longer).</summary>
    private const long BorrowFactor = 16;

    private const int BorrowSlack = 4096;

    // The handshake with Clear on another thread.
    private const int Idle = 0, Busy = 1, ClearRequested = 2, Clearing = 3;

    [ThreadStatic]
    private static TensorArena? s_current;

    /// <summary>The shape of a tensor that went back to the arena: <c>(0,)</c>, matching its empty buffer.</summary>
    private static readonly Shape Released = new(0);

    private static readonly Comparison<ArenaSizeClass> s_mostRecentFirst = static (a, b) =>
        a.LastStep != b.LastStep ? b.LastStep.CompareTo(a.LastStep) : a.Length.CompareTo(b.Length);

    private readonly Dictionary<int, ArenaSizeClass> _classes = [];
    private readonly List<ArenaSizeClass> _touched = [];
    private readonly Stack<Tensor> _freeTensors = new();
    private readonly List<Tensor> _lentTensors = [];
    private LentBuffer[] _lent = [];
    private int _lentCount;
    private ArenaSizeClass[] _order = [];
    private int _depth;
    private int _suspended;
    private int _state;
    private long _step;
    private long _generation;
    private long _retainedBytes;
    private bool _allocated;

    private TensorArena()
    {
    }

    /// <summary>
    /// Bytes of free buffers kept beyond the recurring working set (see the remarks): 16 MB. Settable for tests.
    /// </summary>
    internal static long SpareBytesCap { get; set; } = 16L << 20;

    /// <summary>The arena of this thread when a step scope is open (and not suspended), else null.</summary>
    public static TensorArena? Current => s_current is { _depth: > 0, _suspended: 0 } arena ? arena : null;

    /// <summary>This thread's arena, if it has one (for tests and diagnostics).</summary>
    internal static TensorArena? OfCurrentThread => s_current;

    /// <summary>Bytes of the free buffers the arena holds (all its buffers, between steps).</summary>
    internal long RetainedBytes => Volatile.Read(ref _retainedBytes);

    /// <summary>Free tensor objects the arena holds.</summary>
    internal int RetainedTensors => _freeTensors.Count;

    private static TensorArena OfThisThread() => s_current ??= ThreadCaches.Register(new TensorArena());

    /// <summary>Opens a step scope on this thread; dispose it at the end of the step.</summary>
    public static StepScope Step()
    {
        var arena = OfThisThread();
        if (arena._depth++ == 0 && Interlocked.CompareExchange(ref arena._state, Busy, Idle) != Idle)
        {
            arena.WaitUntilCleared();
        }
        return new StepScope(arena, suspend: false);
    }

    /// <summary>Stops handing out arena buffers until disposed (for state that must outlive the step).</summary>
    public static StepScope Suspend()
    {
        var arena = OfThisThread();
        arena._suspended++;
        return new StepScope(arena, suspend: true);
    }

    /// <summary>
    /// Drops this thread's free buffers beyond <see cref="SpareBytesCap"/>, recurring or not: an idle worker thread
    /// calls it before it sleeps, and <c>Predict</c> and <c>Evaluate</c> before they return. Does nothing inside a step.
    /// </summary>
    internal static void TrimCurrentThread()
    {
        if (s_current is { _depth: 0 } arena && arena.RetainedBytes > SpareBytesCap
            && Interlocked.CompareExchange(ref arena._state, Busy, Idle) == Idle)
        {
            arena.Trim(expired: true);
            arena.Leave();
        }
    }

    /// <summary>
    /// A buffer of at least <paramref name="length"/> floats with undefined contents: one of exactly that length when
    /// one is free, else the smallest free one that is not much longer (a short last batch reuses the full batches'
    /// buffers), else a new one.
    /// </summary>
    public float[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        float[] buffer;
        if (_classes.TryGetValue(length, out var sizeClass) && sizeClass.Count > 0)
        {
            buffer = sizeClass.Pop();
            _retainedBytes -= sizeClass.BufferBytes;
        }
        else if (SmallestFreeLongerThan(length) is { } longer)
        {
            sizeClass = longer;
            buffer = longer.Pop();
            _retainedBytes -= longer.BufferBytes;
        }
        else
        {
            if (sizeClass is null)
            {
                _classes[length] = sizeClass = new ArenaSizeClass(length);
            }
            buffer = GC.AllocateUninitializedArray<float>(length);
            _allocated = true;
        }
        if (_lentCount == _lent.Length)
        {
            Array.Resize(ref _lent, Math.Max(16, _lentCount * 2));
        }
        _lent[_lentCount++] = new LentBuffer(buffer, sizeClass);
        return buffer;
    }

    private ArenaSizeClass? SmallestFreeLongerThan(int length)
    {
        ArenaSizeClass? best = null;
        long limit = Math.Max(length * BorrowFactor, length + (long)BorrowSlack);
        foreach (var sizeClass in _classes.Values)
        {
            int size = sizeClass.Length;
            if (size > length && size <= limit && sizeClass.Count > 0 && (best is null || size < best.Length))
            {
                best = sizeClass;
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

    /// <summary>
    /// Releases every free buffer and tensor object now if the arena is idle; if its owner is inside a step, the
    /// owner releases them (and the thread's other caches) when the step ends. Safe from any thread.
    /// </summary>
    public void Clear()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Clearing, Idle) == Idle)
                    {
                        ReleaseAll();
                        Volatile.Write(ref _state, Idle);
                        return;
                    }
                    break;
                case Busy:
                    if (Interlocked.CompareExchange(ref _state, ClearRequested, Busy) == Busy)
                    {
                        return;
                    }
                    break;
                default:
                    return; // already asked, or being cleared
            }
        }
    }

    /// <summary>Another thread is clearing this arena: the owner waits (briefly) before it starts a step.</summary>
    private void WaitUntilCleared()
    {
        var spin = new SpinWait();
        while (Interlocked.CompareExchange(ref _state, Busy, Idle) != Idle)
        {
            spin.SpinOnce();
        }
    }

    /// <summary>Ends the owner's exclusive use; releases everything if a clear was asked for meanwhile.</summary>
    private void Leave()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Busy) != Busy)
        {
            ReleaseAll();
            ThreadCaches.ClearCurrentThread(except: this);
            Volatile.Write(ref _state, Idle);
        }
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
        ReturnBuffers();
        RecycleTensors();
        _step++;
        if (_allocated)
        {
            _generation++;
        }
        foreach (var sizeClass in _touched)
        {
            sizeClass.RecordUse(_step, _generation, StaleAfter);
        }
        _touched.Clear();
        if (_allocated || (_step % ReviewInterval == 0 && _retainedBytes > SpareBytesCap))
        {
            Trim(expired: false);
        }
        _allocated = false;
        Leave();
    }

    private void ReturnBuffers()
    {
        var lent = _lent.AsSpan(0, _lentCount);
        foreach (ref var entry in lent)
        {
            var sizeClass = entry.Class;
            sizeClass.Push(entry.Buffer);
            _retainedBytes += sizeClass.BufferBytes;
            if (sizeClass.Lent++ == 0)
            {
                _touched.Add(sizeClass);
            }
        }
        lent.Clear();
        _lentCount = 0;
        if (_lent.Length > MaxPooledTensors)
        {
            _lent = [];
        }
    }

    private void RecycleTensors()
    {
        // Reverse order, so that the next step gets the same tensor objects in the same order.
        for (int i = _lentTensors.Count - 1; i >= 0; i--)
        {
            var tensor = _lentTensors[i];
            tensor.Reuse([], 0, Released, 0);
            if (_freeTensors.Count < MaxPooledTensors)
            {
                _freeTensors.Push(tensor);
            }
        }
        _lentTensors.Clear();
        if (_lentTensors.Capacity > MaxPooledTensors)
        {
            _lentTensors.Capacity = MaxPooledTensors;
        }
    }

    /// <summary>
    /// Applies the retention policy (see the remarks) to the free lists; with <paramref name="expired"/>, nothing is
    /// protected as recurring.
    /// </summary>
    private void Trim(bool expired)
    {
        if (_order.Length < _classes.Count)
        {
            _order = new ArenaSizeClass[_classes.Count * 2];
        }
        int n = 0;
        long spareBytes = 0;
        foreach (var (length, sizeClass) in _classes)
        {
            if (sizeClass.IsStale(_generation, StaleAfter))
            {
                _retainedBytes -= sizeClass.Drop(sizeClass.Count);
                _classes.Remove(length);
                continue;
            }
            sizeClass.Spare = sizeClass.Count - (expired ? 0 : sizeClass.Protected(_step, MinWindow));
            if (sizeClass.Spare > 0)
            {
                _order[n++] = sizeClass;
                spareBytes += sizeClass.Spare * sizeClass.BufferBytes;
            }
        }
        var spare = _order.AsSpan(0, n);
        if (spareBytes > SpareBytesCap)
        {
            spare.Sort(s_mostRecentFirst);
            long budget = SpareBytesCap;
            foreach (var sizeClass in spare)
            {
                int keep = (int)Math.Min(sizeClass.Spare, budget / sizeClass.BufferBytes);
                budget -= keep * sizeClass.BufferBytes;
                _retainedBytes -= sizeClass.Drop(sizeClass.Spare - keep);
            }
        }
        spare.Clear();
    }

    /// <summary>Drops every free buffer and tensor object and the bookkeeping's capacity (the arena is idle).</summary>
    private void ReleaseAll()
    {
        _classes.Clear();
        _classes.TrimExcess();
        _retainedBytes = 0;
        _freeTensors.Clear();
        _freeTensors.TrimExcess();
        _lentTensors.Capacity = 0;
        _touched.Capacity = 0;
        _lent = [];
        _order = [];
    }

    private readonly record struct LentBuffer(float[] Buffer, ArenaSizeClass Class);

    /// <summary>Closes a step (or a suspension) when disposed.</summary>
    internal readonly struct StepScope(TensorArena arena, bool suspend) : IDisposable
    {
        /// <summary>Ends the step: buffers and tensors go back to the free lists (outermost scope only).</summary>
        public void Dispose() => arena.Close(suspend);
    }
}
