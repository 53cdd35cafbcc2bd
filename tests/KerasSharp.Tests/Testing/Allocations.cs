namespace KerasSharp.Tests.Testing;

/// <summary>What a piece of code allocates on the calling thread, for tests that an error comes before any large buffer.</summary>
public static class Allocations
{
    /// <summary>The machine's worth of memory (23.5 GB) the memory-limit tests pretend to have, so messages are the same everywhere.</summary>
    public const long Machine = 25_275_990_016;

    /// <summary>Asserts that <paramref name="code"/> throws <typeparamref name="T"/> and returns it with the bytes allocated meanwhile.</summary>
    /// <param name="code">The code under test.</param>
    public static (T Exception, long Bytes) Throws<T>(TestDelegate code)
        where T : Exception
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Assert.Throws<T>(code);
        return (exception!, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
