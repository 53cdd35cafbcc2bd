using KerasSharp.Utils;

namespace KerasSharp.Datasets;

/// <summary>
/// Where the dataset loaders look and how they download: the Keras cache folder, the folder Debian's
/// <c>dataset-*</c> packages install into, the HTTP handler and the progress output. Tests build their own so they
/// never depend on the machine or the network.
/// </summary>
internal sealed class DatasetSources
{
    /// <summary>The folder Debian's dataset packages install into (<c>dataset-fashion-mnist</c> →
    /// <c>/usr/share/datasets/fashion-mnist</c>).</summary>
    internal const string DebianDatasetsDirectory = "/usr/share/datasets";

    /// <summary>The Keras home folder: <c>$KERAS_HOME</c>, else <c>~/.keras</c>. Files are cached under its
    /// <c>datasets</c> folder, as Keras' <c>get_file</c> does.</summary>
    internal required string KerasHome { get; init; }

    /// <summary>The folder of system-installed datasets, or null to skip it.</summary>
    internal string? SystemDatasetsDirectory { get; init; } = DebianDatasetsDirectory;

    /// <summary>The HTTP handler used for downloads; null uses a default <see cref="HttpClient"/>.</summary>
    internal HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Where "Downloading data from …" and the progress bar are written.</summary>
    internal TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>True when <see cref="Output"/> is a terminal that honours <c>\r</c>.</summary>
    internal bool DynamicDisplay { get; init; }

    /// <summary>True to colour the progress bar with ANSI sequences.</summary>
    internal bool Ansi { get; init; }

    /// <summary>True to draw the progress bar with <c>━</c>.</summary>
    internal bool Unicode { get; init; }

    /// <summary>The Keras cache folder for datasets: <c>&lt;KerasHome&gt;/datasets</c>.</summary>
    internal string CacheDatasetsDirectory => Path.Combine(KerasHome, "datasets");

    /// <summary>The sources a user's program sees: the environment's Keras home, Debian's folder, the network,
    /// progress on standard output.</summary>
    internal static DatasetSources FromEnvironment() => new()
    {
        KerasHome = ResolveKerasHome(
            Environment.GetEnvironmentVariable("KERAS_HOME"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
        Output = Console.Out,
        DynamicDisplay = ConsoleInfo.IsTerminal,
        Ansi = ConsoleInfo.SupportsAnsi,
        Unicode = ConsoleInfo.IsUtf8,
    };

    /// <summary>Keras' rule: <c>KERAS_HOME</c> when it is set and not empty, else <c>.keras</c> in the user's home
    /// (the temp folder when there is no home).</summary>
    /// <param name="kerasHomeVariable">The value of <c>KERAS_HOME</c>, or null.</param>
    /// <param name="userHome">The user's home folder, or empty when unknown.</param>
    internal static string ResolveKerasHome(string? kerasHomeVariable, string? userHome)
    {
        if (!string.IsNullOrEmpty(kerasHomeVariable))
        {
            return kerasHomeVariable;
        }

        string home = string.IsNullOrEmpty(userHome) ? Path.GetTempPath() : userHome;
        return Path.Combine(home, ".keras");
    }
}
