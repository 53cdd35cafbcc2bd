namespace KerasSharp.Engine;

/// <summary>
/// The name of the layer running on this thread (set by <c>Layer.Apply</c> around its call and by
/// <c>Layer.EnsureBuilt</c> around its build), so that errors raised deep in the engine, such as a tensor too large to
/// allocate, can say which layer asked for it. Nested layers restore the outer name when they return.
/// </summary>
internal static class LayerContext
{
    [ThreadStatic]
    private static string? t_layer;

    /// <summary>The current layer's name, or null outside any layer.</summary>
    public static string? Current => t_layer;

    /// <summary>Makes <paramref name="layer"/> current and returns the previous name, to give back to <see cref="Exit"/>.</summary>
    public static string? Enter(string layer)
    {
        var previous = t_layer;
        t_layer = layer;
        return previous;
    }

    /// <summary>Restores the name <see cref="Enter"/> returned.</summary>
    public static void Exit(string? previous) => t_layer = previous;

    /// <summary>The subject of a message: <c>Layer "dense" cannot</c> inside a layer, <c>Cannot</c> outside.</summary>
    public static string Cannot() => t_layer is { } name ? $"Layer \"{name}\" cannot" : "Cannot";
}
