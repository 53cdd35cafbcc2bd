using System.Collections.Concurrent;

namespace KerasSharp.Engine;

/// <summary>
/// Shares one dimension array among equal shapes, so that ops which create a shape on every step (a batch of 32,
/// a reduced axis, a broadcast) find the array made the first time instead of allocating a new one. Shape arrays are
/// never written after creation, which makes sharing them safe across threads.
/// </summary>
internal static class ShapeCache
{
    /// <summary>Distinct shapes kept; beyond this new shapes are still correct, just not shared.</summary>
    private const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<int[], int[]> s_table = new(DimsComparer.Instance);
    private static readonly ConcurrentDictionary<int[], int[]>.AlternateLookup<ReadOnlySpan<int>> s_lookup =
        s_table.GetAlternateLookup<ReadOnlySpan<int>>();
    private static int s_count;

    /// <summary>The shared array equal to <paramref name="dims"/>, made on first use.</summary>
    public static int[] Intern(ReadOnlySpan<int> dims)
    {
        if (dims.IsEmpty)
        {
            return [];
        }
        if (s_lookup.TryGetValue(dims, out var shared))
        {
            return shared;
        }
        var array = dims.ToArray();
        if (Volatile.Read(ref s_count) < MaxEntries)
        {
            if (s_table.TryAdd(array, array))
            {
                Interlocked.Increment(ref s_count);
            }
            else if (s_lookup.TryGetValue(dims, out shared))
            {
                return shared;
            }
        }
        return array;
    }

    private sealed class DimsComparer : IEqualityComparer<int[]>, IAlternateEqualityComparer<ReadOnlySpan<int>, int[]>
    {
        public static readonly DimsComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] dims) => GetHashCode(dims.AsSpan());

        public bool Equals(ReadOnlySpan<int> alternate, int[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<int> alternate)
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(alternate));
            return h.ToHashCode();
        }

        public int[] Create(ReadOnlySpan<int> alternate) => alternate.ToArray();
    }
}
