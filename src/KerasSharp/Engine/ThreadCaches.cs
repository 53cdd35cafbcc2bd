namespace KerasSharp.Engine;

/// <summary>
/// The registry of every thread's caches (<see cref="IThreadCache"/>), behind <see cref="Keras.ClearSession"/>.
/// Caches are held by weak references: a thread's caches live in its thread-static fields, so when the thread ends
/// they are collected, and their entries are pruned at the next registration or clear.
/// </summary>
/// <remarks>
/// Registering takes a lock, once per cache (so once per thread and kind of cache); the caches' own hot paths never
/// touch the registry.
/// </remarks>
internal static class ThreadCaches
{
    private static readonly object s_gate = new();
    private static readonly List<Entry> s_entries = [];

    /// <summary>Adds <paramref name="cache"/>, owned by the calling thread, to the registry; returns it.</summary>
    public static T Register<T>(T cache) where T : class, IThreadCache
    {
        lock (s_gate)
        {
            Prune();
            s_entries.Add(new Entry(new WeakReference<IThreadCache>(cache), Environment.CurrentManagedThreadId));
        }
        return cache;
    }

    /// <summary>
    /// Releases the caches of every thread: idle ones now, busy ones when their owner's current step ends
    /// (see <see cref="IThreadCache.Clear"/>).
    /// </summary>
    public static void ClearAll() => Clear(allThreads: true, except: null);

    /// <summary>Releases the calling thread's caches, except <paramref name="except"/> (the one asking).</summary>
    public static void ClearCurrentThread(IThreadCache? except) => Clear(allThreads: false, except);

    /// <summary>The live caches of type <typeparamref name="T"/> on all threads (for tests and diagnostics).</summary>
    public static List<T> Live<T>() where T : class, IThreadCache
    {
        var live = new List<T>();
        lock (s_gate)
        {
            foreach (var entry in s_entries)
            {
                if (entry.Cache.TryGetTarget(out var cache) && cache is T typed)
                {
                    live.Add(typed);
                }
            }
        }
        return live;
    }

    private static void Clear(bool allThreads, IThreadCache? except)
    {
        int thread = Environment.CurrentManagedThreadId;
        lock (s_gate)
        {
            Prune();
            foreach (var entry in s_entries)
            {
                if ((allThreads || entry.ThreadId == thread) && entry.Cache.TryGetTarget(out var cache) && !ReferenceEquals(cache, except))
                {
                    cache.Clear();
                }
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
    private static void Prune() => s_entries.RemoveAll(static e => !e.Cache.TryGetTarget(out _));

    private readonly record struct Entry(WeakReference<IThreadCache> Cache, int ThreadId);
}
