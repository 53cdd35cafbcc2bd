namespace KerasSharp.Engine;

/// <summary>
/// Memory that one thread keeps for reuse (its step arena, convolution scratch, recycled tape nodes), registered with
/// <see cref="ThreadCaches"/> so that <see cref="Keras.ClearSession"/> can release it on every thread.
/// </summary>
internal interface IThreadCache
{
    /// <summary>
    /// Releases what the cache holds, or, while its owner thread is using it, asks the owner to release it as soon as
    /// it can. Safe to call from any thread at any time; the owner keeps working and gives the same results.
    /// </summary>
    void Clear();
}
