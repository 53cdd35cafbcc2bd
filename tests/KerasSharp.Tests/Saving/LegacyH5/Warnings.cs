
namespace KerasSharp.Tests.Saving.LegacyH5;

/// <summary>Captures the warnings a load or save writes while a call runs.</summary>
internal static class Warnings
{
    /// <summary>Runs <paramref name="action"/> with the warnings redirected, and returns them in <paramref name="text"/>.</summary>
    public static T Capture<T>(Func<T> action, out string text)
    {
        var writer = new StringWriter();
        try
        {
            using (KerasSharp.Utils.Warnings.To(writer))
            {
                return action();
            }
        }
        finally
        {
            text = writer.ToString();
        }
    }
}
