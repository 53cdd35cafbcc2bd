using System.Diagnostics;
using System.Globalization;

namespace KerasSharp.Utils;

/// <summary>
/// Renders DOT text with Graphviz' <c>dot</c> program, found on <c>PATH</c>: the text goes in on standard input, the
/// picture is written to a temporary file next to the target and renamed over it, so a failed or timed-out run never
/// leaves a partial file.
/// </summary>
internal static class Graphviz
{
    /// <summary>The formats <c>dot -T</c> is asked for, by file extension.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["png"] = "png",
        ["svg"] = "svg",
        ["pdf"] = "pdf",
        ["jpg"] = "jpg",
        ["jpeg"] = "jpeg",
        ["gif"] = "gif",
    };

    private static readonly AsyncLocal<string?> s_executable = new();

    /// <summary>
    /// The program to run: a name looked up on <c>PATH</c>, or a path (default <c>dot</c>). Set for the current
    /// thread's flow only, so tests can point it at a missing program without touching other runs; null restores
    /// the default.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    internal static string Executable
    {
        get => s_executable.Value ?? "dot";
        set => s_executable.Value = value;
    }

    /// <summary>How long <c>dot</c> may run before it is killed.</summary>
    internal static TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The full path of <see cref="Executable"/>, or null when it is not installed.</summary>
    internal static string? Find()
    {
        string name = Executable;
        if (name.Contains(Path.DirectorySeparatorChar) || name.Contains(Path.AltDirectorySeparatorChar))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }
        string[] names = OperatingSystem.IsWindows() && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? [name + ".exe", name] : [name];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                string path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }
        return null;
    }

    /// <summary>A hidden temporary file in the same folder as <paramref name="target"/>, so a rename replaces it atomically.</summary>
    internal static string TempPathNextTo(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Runs <c>dot -T<paramref name="format"/></c> on <paramref name="dot"/> and writes the result to <paramref name="toFile"/>.</summary>
    /// <exception cref="InvalidOperationException">Graphviz is not installed, <c>dot</c> failed (its error output is in the message) or timed out.</exception>
    internal static void Render(string dot, string format, string toFile)
    {
        string executable = Find() ?? throw new InvalidOperationException(
            $"You must install Graphviz for `PlotModel` to work: the `{Executable}` program was not found on PATH. " +
            "Install it (e.g. `sudo apt-get install graphviz`, `brew install graphviz`, or see https://graphviz.org/download/), " +
            "or write the graph as DOT text by giving a file name ending in .dot.");
        string target = Path.GetFullPath(toFile);
        string temp = TempPathNextTo(target);
        try
        {
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            info.ArgumentList.Add("-T" + format);
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add(temp);
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start `{executable}`.");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // dot exited before reading everything: its exit code and error output say why
            }
            if (!process.WaitForExit(Timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it exited meanwhile
                }
                throw new InvalidOperationException(
                    $"Graphviz `dot -T{format}` did not finish within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; nothing was written to {toFile}.");
            }
            process.WaitForExit();
            string errors = stderr.GetAwaiter().GetResult().Trim();
            stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0 || !File.Exists(temp))
            {
                throw new InvalidOperationException(
                    $"Graphviz `dot -T{format}` failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {(errors.Length > 0 ? errors : "(no error output)")}");
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
