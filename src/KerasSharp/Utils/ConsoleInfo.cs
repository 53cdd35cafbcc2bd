using System.Globalization;

namespace KerasSharp.Utils;

/// <summary>
/// Facts about the process's standard output that decide how progress bars and summaries are drawn.
/// </summary>
internal static class ConsoleInfo
{
    /// <summary>Column count assumed when no terminal width is known (the same fallback Keras uses).</summary>
    internal const int FallbackColumns = 80;

    /// <summary>
    /// True when standard output is an interactive terminal: it is not redirected and <c>TERM</c> is not <c>dumb</c>.
    /// </summary>
    internal static bool IsTerminal =>
        !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when ANSI colour and bold sequences may be written: standard output is a terminal and
    /// <c>NO_COLOR</c> is unset or empty.
    /// </summary>
    internal static bool SupportsAnsi =>
        IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>True when the console output encoding is a Unicode (UTF) encoding, so box and bar characters print.</summary>
    internal static bool IsUtf8
    {
        get
        {
            try
            {
                var encoding = Console.OutputEncoding;
                return encoding.CodePage == 65001
                    || encoding.WebName.StartsWith("utf", StringComparison.OrdinalIgnoreCase);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Width of the terminal in columns: the <c>COLUMNS</c> variable when it holds a positive number, else the
    /// console window width when standard output is a terminal, else <see cref="FallbackColumns"/>.
    /// </summary>
    internal static int Columns
    {
        get
        {
            if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out int fromEnv)
                && fromEnv > 0)
            {
                return fromEnv;
            }

            if (!Console.IsOutputRedirected)
            {
                try
                {
                    int width = Console.WindowWidth;
                    if (width > 0)
                    {
                        return width;
                    }
                }
                catch (IOException)
                {
                }
                catch (PlatformNotSupportedException)
                {
                }
            }

            return FallbackColumns;
        }
    }
}
