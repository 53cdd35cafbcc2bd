using System.Reflection;

namespace KerasSharp.Utils;

/// <summary>
/// Tells KerasSharp's own objects from user-written ones (a custom layer, loss, metric, activation, optimizer,
/// callback). Tensors made inside a step come from the step arena, which recycles them when the step ends; that is
/// safe only while no user code can see and keep them, so the trainer uses the arena only when every object taking
/// part in a step is the library's own.
/// </summary>
internal static class LibraryCode
{
    private static readonly Assembly Library = typeof(LibraryCode).Assembly;

    /// <summary>
    /// True when <paramref name="value"/> is null, or an instance of a KerasSharp type that does not call a user's
    /// function (<see cref="IWrapsUserCode"/>).
    /// </summary>
    public static bool Is(object? value) => value is null || (value.GetType().Assembly == Library && value is not IWrapsUserCode);
}

/// <summary>Marks a library type that calls a function the user gave (a wrapped loss, metric or activation).</summary>
internal interface IWrapsUserCode
{
}
