namespace KerasSharp.Engine.Kernels;

/// <summary>Process-wide settings of <see cref="Gemm"/>.</summary>
internal static class GemmOptions
{
    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The most threads one large product may use (default <see cref="Environment.ProcessorCount"/>). Results do
    /// not depend on it: tests set it to 1 and 2 and compare bits.
    /// </summary>
    public static int MaxThreads
    {
        get => _maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxThreads));
            _maxThreads = value;
        }
    }
}
