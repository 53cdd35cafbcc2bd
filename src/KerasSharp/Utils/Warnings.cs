namespace KerasSharp.Utils;

/// <summary>
/// The library's warnings, as Keras' <c>warnings.warn</c>: what a load or save did differently from what the file asked
/// (a skipped optimizer state, an ignored option), or a training input that ran out of data. They go to the standard
/// error, or to a writer set for the current thread.
/// </summary>
internal static class Warnings
{
    [ThreadStatic]
    private static TextWriter? t_writer;

    /// <summary>Writes one warning line.</summary>
    public static void Warn(string message) => (t_writer ?? Console.Error).WriteLine($"Warning: {message}");

    /// <summary>Sends this thread's warnings to <paramref name="writer"/> until the result is disposed.</summary>
    public static Redirect To(TextWriter writer)
    {
        var outer = t_writer;
        t_writer = writer;
        return new Redirect(outer);
    }

    /// <summary>Restores the previous destination when disposed.</summary>
    internal readonly struct Redirect(TextWriter? outer) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => t_writer = outer;
    }
}
