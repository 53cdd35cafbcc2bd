namespace KerasSharp.Engine;

/// <summary>
/// One thread's recyclables for gradient tapes: released <see cref="TapeNode"/>s (at most <see cref="MaxNodes"/>, with
/// their references cleared) and the spare tape that <see cref="GradientTape.RecordStep"/> reuses (kept only while
/// its lists have room for at most <see cref="MaxNodes"/> nodes). Everything is kept until
/// <see cref="Keras.ClearSession"/>.
/// </summary>
/// <remarks>
/// <see cref="Clear"/> may run on any thread: it only detaches the pool and the spare from this object, never touches
/// them, so an owner in the middle of a push or pop finishes on the detached pool (whose nodes the GC then collects)
/// and starts a new pool at its next release.
/// </remarks>
internal sealed class TapeCache : IThreadCache
{
    /// <summary>The most nodes kept (about 10 MB of nodes at most); a step recording more allocates the excess.</summary>
    internal const int MaxNodes = 1 << 16;

    [ThreadStatic]
    private static TapeCache? t_current;

    private Stack<TapeNode>? _nodes;
    private GradientTape? _spare;

    private TapeCache()
    {
    }

    /// <summary>The calling thread's cache (created and registered on first use).</summary>
    public static TapeCache Current => t_current ??= ThreadCaches.Register(new TapeCache());

    /// <summary>The calling thread's cache, if it has one (for tests).</summary>
    internal static TapeCache? OfCurrentThread => t_current;

    /// <summary>Nodes in the pool.</summary>
    internal int NodeCount => Volatile.Read(ref _nodes)?.Count ?? 0;

    /// <summary>Whether a spare tape is kept.</summary>
    internal bool HasSpare => Volatile.Read(ref _spare) is not null;

    /// <summary>A pooled node, or null when the pool is empty.</summary>
    public TapeNode? TryRentNode() => _nodes is { Count: > 0 } nodes ? nodes.Pop() : null;

    /// <summary>Pools a released node, unless the pool is full.</summary>
    public void ReturnNode(TapeNode node)
    {
        var nodes = _nodes;
        if (nodes is null)
        {
            _nodes = nodes = new Stack<TapeNode>();
        }
        if (nodes.Count < MaxNodes)
        {
            nodes.Push(node);
        }
    }

    /// <summary>Takes the spare tape, if any.</summary>
    public GradientTape? TakeSpare()
    {
        var tape = _spare;
        _spare = null;
        return tape;
    }

    /// <summary>Keeps a disposed tape for the next step.</summary>
    public void KeepSpare(GradientTape tape) => _spare = tape;

    /// <summary>Drops the pooled nodes and the spare tape (safe from any thread).</summary>
    public void Clear()
    {
        Volatile.Write(ref _nodes, null);
        Volatile.Write(ref _spare, null);
    }
}
