using System.Net.Http.Headers;
using System.Security.Cryptography;
using KerasSharp.Utils;

namespace KerasSharp.Datasets;

/// <summary>
/// Downloads one file into the Keras cache the way Keras' <c>get_file</c> does: prints
/// <c>Downloading data from &lt;url&gt;</c> and a byte-count progress bar, checks the hash Keras publishes (SHA-256, or
/// MD5 for the 32-digit hashes of older files, Keras' <c>hash_algorithm="auto"</c> rule), and
/// only then makes the file visible. The bytes go to a uniquely named temporary file in the destination folder,
/// which is renamed over the destination (atomic on one file system); on any failure it is deleted, so an
/// interrupted or corrupted download never leaves a file behind.
/// </summary>
internal static class FileDownloader
{
    private const int BufferSize = 1 << 16;

    /// <summary>Downloads <paramref name="origin"/> to <paramref name="destination"/>.</summary>
    /// <param name="origin">The URL.</param>
    /// <param name="destination">The final path; its folder is created when missing.</param>
    /// <param name="sha256">The expected hash of the file, as lowercase or uppercase hex: 64 digits are a SHA-256, any
    /// other length an MD5 (as Keras decides).</param>
    /// <param name="sources">The HTTP handler and progress output.</param>
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an error status.</exception>
    /// <exception cref="IOException">The transfer broke off or the file could not be written.</exception>
    /// <exception cref="InvalidDataException">The downloaded bytes do not have the expected hash.</exception>
    internal static void Download(Uri origin, string destination, string sha256, DatasetSources sources)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.part");
        try
        {
            sources.Output.WriteLine($"Downloading data from {origin}");
            HashAlgorithmName algorithm = sha256.Length == 64 ? HashAlgorithmName.SHA256 : HashAlgorithmName.MD5;
            string name = algorithm == HashAlgorithmName.SHA256 ? "SHA-256" : "MD5";
            string actual = Fetch(origin, temporary, sources, algorithm);
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"The file downloaded from {origin} is corrupted: expected {name} {sha256.ToLowerInvariant()}, " +
                    $"but received a file with {name} {actual}. It was deleted and nothing was written to " +
                    $"'{destination}'. Try again; if it keeps failing, the server's copy has changed.");
            }

            File.Move(temporary, destination, overwrite: true);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    /// <summary>Streams the response body into <paramref name="temporary"/>; returns its hash as lowercase hex.</summary>
    private static string Fetch(Uri origin, string temporary, DatasetSources sources, HashAlgorithmName algorithm)
    {
        using var client = sources.HttpHandler is null ? new HttpClient() : new HttpClient(sources.HttpHandler, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, origin);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("KerasSharp", "1.0"));
        using HttpResponseMessage response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"The server answered {(int)response.StatusCode} ({response.ReasonPhrase}) for {origin}.",
                inner: null,
                response.StatusCode);
        }

        long? length = response.Content.Headers.ContentLength;
        Progbar? progbar = length is > 0 and <= int.MaxValue
            ? new Progbar((int)length.Value, sources.Output, verbose: 1, sources.DynamicDisplay, sources.Ansi, sources.Unicode)
            : null;

        using var hash = IncrementalHash.CreateHash(algorithm);
        long total = 0;
        using (Stream body = response.Content.ReadAsStream())
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
        {
            var buffer = new byte[BufferSize];
            int read;
            try
            {
                while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    file.Write(buffer, 0, read);
                    total += read;
                    if (progbar is not null && total < length)
                    {
                        progbar.Update((int)total);
                    }
                }
            }
            catch when (progbar is not null && sources.DynamicDisplay)
            {
                sources.Output.WriteLine(); // end the half-drawn bar so the error starts on its own line
                throw;
            }

            if (length is long expected && total != expected)
            {
                throw new IOException(
                    $"The download from {origin} broke off: expected {expected} bytes, but received {total}.");
            }

            file.Flush(flushToDisk: true);
        }

        progbar?.Update((int)total, finalize: true);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
