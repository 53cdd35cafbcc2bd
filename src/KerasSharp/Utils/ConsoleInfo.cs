using System.Globalization;
using System.Reflection;

namespace KerasSharp.Utils;

/// <summary>
/// Facts about the process's standard output that decide how progress bars and summaries are drawn.
/// </summary>
internal static class ConsoleInfo
{
    /// <summary>Column count assumed when no terminal width is known (the same fallback Keras uses).</summary>
    internal const int FallbackColumns = 80;

    /// <summary>The assembly a .NET Interactive kernel (Polyglot Notebooks, Jupyter's .NET kernels) runs on.</summary>
    internal const string NotebookHostAssembly = "Microsoft.DotNet.Interactive";

    private static volatile bool s_notebook;

    /// <summary>
    /// True when the code runs in a notebook: a .NET Interactive kernel is loaded in the process. Such a kernel
    /// captures standard output per cell, so progress is written as one line per epoch, without <c>\r</c> or colours.
    /// </summary>
    /// <remarks>Once found, the kernel stays loaded, so a positive answer is kept.</remarks>
    internal static bool IsNotebook
    {
        get
        {
            if (!s_notebook && IsNotebookHost(AppDomain.CurrentDomain.GetAssemblies()))
            {
                s_notebook = true;
            }
            return s_notebook;
        }
    }

    /// <summary>True when one of <paramref name="assemblies"/> is the .NET Interactive kernel's.</summary>
    /// <param name="assemblies">The assemblies loaded in the process.</param>
    internal static bool IsNotebookHost(IEnumerable<Assembly> assemblies) =>
        assemblies.Any(a => string.Equals(a.GetName().Name, NotebookHostAssembly, StringComparison.Ordinal));

    /// <summary>
    /// True when standard output is an interactive terminal: it is not redirected, <c>TERM</c> is not <c>dumb</c>, and
    /// the code does not run in a notebook.
    /// </summary>
    internal static bool IsTerminal => IsTerminalFor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"), IsNotebook);

    /// <summary>The rule behind <see cref="IsTerminal"/>, for given facts.</summary>
    /// <param name="outputRedirected">Standard output goes to a file or a pipe.</param>
    /// <param name="term">The value of <c>TERM</c>, or null.</param>
    /// <param name="notebook">The code runs in a notebook.</param>
    internal static bool IsTerminalFor(bool outputRedirected, string? term, bool notebook) =>
        !outputRedirected && !notebook && !string.Equals(term, "dumb", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when ANSI colour and bold sequences may be written: standard output is a terminal and
    /// <c>NO_COLOR</c> is unset or empty.
    /// </summary>
    internal static bool SupportsAnsi =>
        IsTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>
    /// True when the console output encoding is a Unicode (UTF) encoding, so box and bar characters print; always in a
    /// notebook, whose cells keep output as text.
    /// </summary>
    internal static bool IsUtf8
    {
        get
        {
            if (IsNotebook)
            {
                return true;
            }
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
    /// console window width when standard output is a terminal (not a notebook), else <see cref="FallbackColumns"/>.
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

            if (!Console.IsOutputRedirected && !IsNotebook)
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
