namespace KerasSharp.Layers;

/// <summary>
/// The names of the wrapper layers whose build is running on this thread (Keras' name scopes), which prefix the paths
/// of the weights their inner layers create: <c>bidirectional/forward_lstm/kernel</c>.
/// </summary>
internal static class WeightScope
{
    [ThreadStatic]
    private static string? t_prefix;

    /// <summary>The path of a new weight <paramref name="weight"/> of layer <paramref name="layer"/>.</summary>
    public static string Path(string layer, string weight) =>
        t_prefix is { } prefix ? $"{prefix}/{layer}/{weight}" : $"{layer}/{weight}";

    /// <summary>Opens the scope of <paramref name="layer"/> until the result is disposed.</summary>
    public static Scope Enter(string layer)
    {
        var outer = t_prefix;
        t_prefix = outer is null ? layer : $"{outer}/{layer}";
        return new Scope(outer);
    }

    /// <summary>Restores the enclosing scope when disposed.</summary>
    public readonly struct Scope(string? outer) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => t_prefix = outer;
    }
}
