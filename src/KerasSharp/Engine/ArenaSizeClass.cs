namespace KerasSharp.Engine;

/// <summary>
/// The free buffers of one length in a <see cref="TensorArena"/>, and how the arena's steps have used that length:
/// what <see cref="TensorArena"/>'s retention policy decides on.
/// </summary>
internal sealed class ArenaSizeClass(int length)
{
    private float[]?[] _buffers = new float[]?[2];

    /// <summary>The length of every buffer of the class, in floats.</summary>
    public int Length { get; } = length;

    /// <summary>The bytes of one buffer.</summary>
    public long BufferBytes => Length * (long)sizeof(float);

    /// <summary>Free buffers.</summary>
    public int Count { get; private set; }

    /// <summary>Buffers of the class the current step has given back so far (counted when the step closes).</summary>
    public int Lent { get; set; }

    /// <summary>The arena's step count when the class was last used (0: never).</summary>
    public long LastStep { get; private set; }

    /// <summary>The arena's allocation count (steps that allocated) when the class was last used.</summary>
    public long LastGeneration { get; private set; }

    /// <summary>Whether its last use repeated an earlier one that was not stale: part of a recurring working set.</summary>
    public bool Recurring { get; private set; }

    /// <summary>Buffers a step has needed at once, at most, since the class became recurring.</summary>
    public int Demand { get; private set; }

    /// <summary>The longest run of steps between two uses since the class became recurring.</summary>
    public long LongestGap { get; private set; }

    /// <summary>Free buffers the current trim may drop (set by <see cref="TensorArena"/> while it trims).</summary>
    public int Spare { get; set; }

    public float[] Pop()
    {
        var buffer = _buffers[--Count]!;
        _buffers[Count] = null;
        return buffer;
    }

    public void Push(float[] buffer)
    {
        if (Count == _buffers.Length)
        {
            Array.Resize(ref _buffers, Count * 2);
        }
        _buffers[Count++] = buffer;
    }

    /// <summary>Drops <paramref name="count"/> free buffers; returns the bytes released.</summary>
    public long Drop(int count)
    {
        for (int i = 0; i < count; i++)
        {
            _buffers[--Count] = null;
        }
        if (Count == 0 && _buffers.Length > 2)
        {
            _buffers = new float[]?[2];
        }
        return count * BufferBytes;
    }

    /// <summary>Records the use of the class by step <paramref name="step"/> (which gave back <see cref="Lent"/> buffers).</summary>
    public void RecordUse(long step, long generation, long staleAfter)
    {
        bool recurring = LastStep > 0 && !IsStale(generation, staleAfter);
        if (recurring)
        {
            LongestGap = Math.Max(LongestGap, step - LastStep);
            Demand = Math.Max(Demand, Lent);
        }
        else
        {
            LongestGap = 0;
            Demand = Lent;
        }
        Recurring = recurring;
        LastStep = step;
        LastGeneration = generation;
        Lent = 0;
    }

    /// <summary>Whether more than <paramref name="staleAfter"/> allocating steps have run since the class was last used.</summary>
    public bool IsStale(long generation, long staleAfter) => generation - LastGeneration > staleAfter;

    /// <summary>
    /// The free buffers kept whatever the byte cap: up to <see cref="Demand"/> for a recurring class used within
    /// its window (<paramref name="minWindow"/> steps, or twice its longest gap if longer), else none.
    /// </summary>
    public int Protected(long step, long minWindow) =>
        Recurring && step - LastStep <= Math.Max(minWindow, 2 * LongestGap) ? Math.Min(Count, Demand) : 0;
}
