using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Captures the warnings the legacy format writes while a call runs.</summary>
internal static class Warnings
{
    /// <summary>Runs <paramref name="action"/> with the warnings redirected, and returns them in <paramref name="text"/>.</summary>
    public static T Capture<T>(Func<T> action, out string text)
    {
        var writer = new StringWriter();
        LegacyH5Format.t_warnings = writer;
        try
        {
            return action();
        }
        finally
        {
            LegacyH5Format.t_warnings = null;
            text = writer.ToString();
        }
    }
}
