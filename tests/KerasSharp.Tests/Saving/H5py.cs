using System.Diagnostics;

namespace KerasSharp.Tests.Saving;

/// <summary>
/// Runs a Python script with h5py and numpy (Debian's <c>python3-h5py</c>, <c>python3-numpy</c>) to read back the
/// files the library writes with the reader Keras itself uses.
/// </summary>
internal static class H5py
{
    // Debian's interpreter first: a python3 earlier on PATH (a virtual environment, pyenv) may lack Debian's packages
    private static readonly string[] s_candidates = ["/usr/bin/python3", "python3"];

    private static readonly Lazy<string?> s_python = new(Find);

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> as <c>sys.argv[1:]</c> and returns its standard output; fails the test when it exits with an error.</summary>
    public static string Run(string script, params string[] args)
    {
        string python = s_python.Value
            ?? throw new AssertionException("No python3 with h5py and numpy found (install python3-h5py and python3-numpy).");
        var (code, output, error) = Start(python, ["-c", script, .. args]);
        Assert.That(code, Is.EqualTo(0), $"the h5py script failed:\n{error}\n{output}");
        return output;
    }

    private static string? Find()
    {
        foreach (var candidate in s_candidates)
        {
            try
            {
                if (Start(candidate, ["-c", "import h5py, numpy"]).Code == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }
        return null;
    }

    private static (int Code, string Output, string Error) Start(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{program} did not finish within a minute");
        }
        return (process.ExitCode, output, error.Result);
    }
}
