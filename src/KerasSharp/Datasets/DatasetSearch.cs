using System.Text;

namespace KerasSharp.Datasets;

/// <summary>
/// One search for a dataset's files: remembers every place looked in and what was missing there, so that when
/// nothing is found the error lists all of them and says how to install the data.
/// </summary>
internal sealed class DatasetSearch
{
    private readonly string _datasetName;
    private readonly List<string> _lookedIn = [];

    /// <summary>Starts a search.</summary>
    /// <param name="datasetName">The dataset's display name, e.g. <c>Fashion-MNIST</c>.</param>
    internal DatasetSearch(string datasetName) => _datasetName = datasetName;

    /// <summary>The places looked in so far, one line each.</summary>
    internal IReadOnlyList<string> LookedIn => _lookedIn;

    /// <summary>
    /// Finds all of <paramref name="fileNames"/> in <paramref name="directory"/>; a <c>.gz</c> name also matches the
    /// same file stored uncompressed (without the suffix). Returns the paths in order, or null (and records what was
    /// missing) when any file is absent.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="fileNames">The file names, in the order the paths are returned.</param>
    /// <param name="label">What the folder is, for the error message (e.g. <c>Keras cache</c>).</param>
    internal string[]? FindFiles(string directory, IReadOnlyList<string> fileNames, string label)
    {
        if (!Directory.Exists(directory))
        {
            _lookedIn.Add($"{label} {directory}: the folder does not exist");
            return null;
        }

        var paths = new string[fileNames.Count];
        var missing = new List<string>();
        for (int i = 0; i < fileNames.Count; i++)
        {
            string? found = Locate(directory, fileNames[i]);
            if (found is null)
            {
                missing.Add(fileNames[i]);
            }
            else
            {
                paths[i] = found;
            }
        }

        if (missing.Count == 0)
        {
            return paths;
        }

        _lookedIn.Add($"{label} {directory}: missing {string.Join(", ", missing)}");
        return null;
    }

    /// <summary>Returns <paramref name="path"/> when the file exists; otherwise records it and returns null.</summary>
    /// <param name="path">The file.</param>
    /// <param name="label">What the file is, for the error message.</param>
    internal string? FindFile(string path, string label)
    {
        if (File.Exists(path))
        {
            return path;
        }

        _lookedIn.Add($"{label} {path}: the file does not exist");
        return null;
    }

    /// <summary>
    /// Downloads each of <paramref name="files"/> whose destination does not exist yet, checking its SHA-256, and
    /// returns the paths of all of them (an existing <c>x.gz</c> may also be present uncompressed as <c>x</c>).
    /// Network and file errors end the search with the not-found error; a checksum mismatch is thrown as it is.
    /// </summary>
    /// <param name="files">What to download and where to.</param>
    /// <param name="sources">The HTTP handler and progress output.</param>
    /// <param name="howToInstall">The install advice for the not-found error.</param>
    internal string[] Download(IReadOnlyList<RemoteFile> files, DatasetSources sources, string howToInstall)
    {
        var paths = new string[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            RemoteFile file = files[i];
            string directory = Path.GetDirectoryName(Path.GetFullPath(file.Destination))!;
            string? cached = Locate(directory, Path.GetFileName(file.Destination));
            if (cached is not null)
            {
                paths[i] = cached;
                continue;
            }

            try
            {
                FileDownloader.Download(file.Origin, file.Destination, file.Sha256, sources);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException
                && e is not InvalidDataException)
            {
                _lookedIn.Add($"download from {file.Origin}: {Describe(e)}");
                throw NotFound(howToInstall, e);
            }

            paths[i] = file.Destination;
        }

        return paths;
    }

    /// <summary>
    /// The path of one file Keras' <c>get_file</c> caches: <paramref name="path"/> under the Keras cache's
    /// <c>datasets</c> folder when it is there, else downloaded to it from <paramref name="origin"/> and checked
    /// against <paramref name="hash"/>. When neither works the error names the URL and where to save the file.
    /// </summary>
    /// <param name="datasetName">The dataset's display name, for the error.</param>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">The file, relative to the cache's <c>datasets</c> folder (an absolute path is used as it is).</param>
    /// <param name="origin">The URL Keras downloads it from.</param>
    /// <param name="hash">The SHA-256 (or, for 32 digits, MD5) Keras checks.</param>
    internal static string CachedOrDownloaded(string datasetName, DatasetSources sources, string path, string origin, string hash)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var search = new DatasetSearch(datasetName);
        string cached = Path.Combine(sources.CacheDatasetsDirectory, path);
        return search.FindFile(cached, "Keras cache")
            ?? search.Download([new RemoteFile(cached, new Uri(origin), hash)], sources, HowToInstall(origin, cached))[0];
    }

    /// <summary>The install advice for one file Keras downloads: where from, and where to save it.</summary>
    /// <param name="origin">The URL.</param>
    /// <param name="destination">The path the file must have.</param>
    internal static string HowToInstall(string origin, string destination) =>
        $"To install it, download {origin} on a machine with network access and save it as {destination}.";

    /// <summary>The error for a dataset found nowhere: every place looked in, and how to install it.</summary>
    /// <param name="howToInstall">One or more sentences of install advice.</param>
    /// <param name="inner">The download error, if a download was tried.</param>
    internal FileNotFoundException NotFound(string howToInstall, Exception? inner)
    {
        var message = new StringBuilder();
        message.Append("Could not load the ").Append(_datasetName).Append(" dataset: it is not on this machine and could not be downloaded. Looked in:");
        for (int i = 0; i < _lookedIn.Count; i++)
        {
            message.Append('\n').Append("  ").Append(i + 1).Append(". ").Append(_lookedIn[i]);
        }

        message.Append('\n').Append(howToInstall);
        return new FileNotFoundException(message.ToString(), inner);
    }

    private static string? Locate(string directory, string fileName)
    {
        string path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            return path;
        }

        if (fileName.EndsWith(".gz", StringComparison.Ordinal))
        {
            string plain = path[..^3];
            if (File.Exists(plain))
            {
                return plain;
            }
        }

        return null;
    }

    private static string Describe(Exception e)
    {
        var text = new StringBuilder(e.Message);
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text.Append(" (").Append(inner.Message).Append(')');
        }

        return text.ToString();
    }

    /// <summary>A file to download: where it goes, where it comes from and its expected SHA-256.</summary>
    /// <param name="Destination">The path in the Keras cache.</param>
    /// <param name="Origin">The URL.</param>
    /// <param name="Sha256">The expected SHA-256, as hex.</param>
    internal readonly record struct RemoteFile(string Destination, Uri Origin, string Sha256);
}
