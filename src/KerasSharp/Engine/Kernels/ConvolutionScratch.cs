namespace KerasSharp.Engine.Kernels;

/// <summary>
/// One thread's scratch for <see cref="Convolution"/>: a block of the column matrix and a block of the masked output
/// gradient. A block is about 1 MB (the convolution sizes its blocks so), and each array is kept between calls as long
/// as it holds at most <see cref="MaxKeptFloats"/> floats (4 MB); a larger one (a patch so large that one row of the
/// column matrix exceeds a block) is dropped when the part that needed it ends. <see cref="Clear"/> (from
/// <see cref="Keras.ClearSession"/>) drops both, from any thread: the owner reads each array once per block, so it
/// keeps using the array it holds and allocates a new one at its next block.
/// </summary>
internal sealed class ConvolutionScratch : IThreadCache
{
    /// <summary>The largest array kept after use, in floats.</summary>
    internal const int MaxKeptFloats = 1 << 20;

    [ThreadStatic]
    private static ConvolutionScratch? t_current;

    private float[]? _columns;
    private float[]? _gradient;

    private ConvolutionScratch()
    {
    }

    /// <summary>The scratch of the calling thread, if it has one (for tests).</summary>
    internal static ConvolutionScratch? OfCurrentThread => t_current;

    /// <summary>Floats held by the two arrays.</summary>
    internal long RetainedFloats => (Volatile.Read(ref _columns)?.Length ?? 0L) + (Volatile.Read(ref _gradient)?.Length ?? 0L);

    private static ConvolutionScratch OfThisThread() => t_current ??= ThreadCaches.Register(new ConvolutionScratch());

    /// <summary><paramref name="length"/> floats of this thread's column-matrix scratch, with undefined contents.</summary>
    public static Span<float> Columns(int length) => Get(ref OfThisThread()._columns, length);

    /// <summary><paramref name="length"/> floats of this thread's output-gradient scratch, with undefined contents.</summary>
    public static Span<float> Gradient(int length) => Get(ref OfThisThread()._gradient, length);

    private static Span<float> Get(ref float[]? field, int length)
    {
        var buffer = Volatile.Read(ref field);
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<float>(Math.Max(length, 1024));
            Volatile.Write(ref field, buffer);
        }
        return buffer.AsSpan(0, length);
    }

    /// <summary>Drops this thread's arrays that are longer than <see cref="MaxKeptFloats"/> (after a part that used them).</summary>
    public static void ReleaseOversized()
    {
        if (t_current is not { } scratch)
        {
            return;
        }
        if (scratch._columns is { Length: > MaxKeptFloats })
        {
            Volatile.Write(ref scratch._columns, null);
        }
        if (scratch._gradient is { Length: > MaxKeptFloats })
        {
            Volatile.Write(ref scratch._gradient, null);
        }
    }

    /// <summary>Drops both arrays (safe from any thread; a part running on the owner finishes with the one it holds).</summary>
    public void Clear()
    {
        Volatile.Write(ref _columns, null);
        Volatile.Write(ref _gradient, null);
    }
}
