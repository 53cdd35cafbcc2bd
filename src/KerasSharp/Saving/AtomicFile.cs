namespace KerasSharp.Saving;

/// <summary>
/// Writes a file so that it is either wholly replaced or left as it was: the content goes to a temporary file in the
/// target's folder, which is then renamed over the target. A crash or an error mid-save leaves the old file intact.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with the path of a fresh temporary file beside <paramref name="path"/>, then
    /// renames it to <paramref name="path"/> (replacing an existing file); the temporary file is deleted when
    /// <paramref name="write"/> throws. The folder is created when needed.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
            throw;
        }
    }

    /// <summary>Like <see cref="Write(string, Action{string})"/>, with a seekable stream on the temporary file.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, temp =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        write(stream);
        stream.Flush(flushToDisk: true);
    });
}
