using System.Formats.Tar;
using System.IO.Compression;

namespace KerasSharp.Datasets;

/// <summary>
/// Finds and reads the CIFAR-10 and CIFAR-100 "python version" batches: Python 2 pickles (protocol 2) of a dict with
/// <c>data</c>, a <c>uint8</c> array (count, 3072) of 32x32 images stored channel by channel (1024 red, 1024 green,
/// 1024 blue values, row-major), and a list of labels, shipped in a <c>.tar.gz</c>.
/// </summary>
/// <remarks>
/// The batches are looked for, in order: extracted where Keras 3 extracts them
/// (<c>&lt;cache&gt;/&lt;folder&gt;-target/&lt;folder&gt;</c>), extracted where Keras 2 did and where
/// <c>tar -xzf</c> in the cache puts them (<c>&lt;cache&gt;/&lt;folder&gt;</c>), inside the archive Keras 3 downloads
/// (<c>&lt;cache&gt;/&lt;folder&gt;-target_archive</c>) or under its own name (e.g.
/// <c>&lt;cache&gt;/cifar-10-python.tar.gz</c>), and last downloaded to Keras 3's archive path. Archives are read
/// as they are, without extracting them.
/// </remarks>
internal static class CifarReader
{
    private const int Side = 32;
    private const int Channels = 3;
    private const int ImageSize = Side * Side * Channels;

    /// <summary>Where a CIFAR dataset lives and what its files are called.</summary>
    /// <param name="Name">The display name, e.g. <c>CIFAR-10</c>.</param>
    /// <param name="Folder">The folder inside the archive, e.g. <c>cifar-10-batches-py</c>.</param>
    /// <param name="KerasName">The <c>fname</c> Keras passes to <c>get_file</c>, e.g. <c>cifar-10-batches-py-target</c>.</param>
    /// <param name="ArchiveName">The archive's own name, e.g. <c>cifar-10-python.tar.gz</c>.</param>
    /// <param name="Origin">Where Keras downloads the archive.</param>
    /// <param name="Sha256">The SHA-256 Keras checks.</param>
    /// <param name="TrainFiles">The training batches, in order.</param>
    /// <param name="TestFile">The test batch.</param>
    internal sealed record Layout(
        string Name, string Folder, string KerasName, string ArchiveName, string Origin, string Sha256, string[] TrainFiles, string TestFile);

    /// <summary>Finds the batches (or downloads the archive) and reads the training and test splits.</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="layout">The dataset's files.</param>
    /// <param name="labelKey">The dict key of the labels: <c>labels</c>, <c>fine_labels</c> or <c>coarse_labels</c>.</param>
    internal static ((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) Load(
        DatasetSources sources, Layout layout, string labelKey)
    {
        var search = new DatasetSearch(layout.Name);
        string cache = sources.CacheDatasetsDirectory;
        string[] names = [.. layout.TrainFiles, layout.TestFile];
        string[]? paths = search.FindFiles(Path.Combine(cache, layout.KerasName, layout.Folder), names, "Keras cache (extracted)")
            ?? search.FindFiles(Path.Combine(cache, layout.Folder), names, "Keras cache (extracted)");
        Func<string, byte[]> read;
        if (paths is not null)
        {
            read = name => File.ReadAllBytes(paths[Array.IndexOf(names, name)]);
        }
        else
        {
            string kerasArchive = Path.Combine(cache, layout.KerasName + "_archive");
            string archive = search.FindFile(kerasArchive, "Keras cache (archive)")
                ?? search.FindFile(Path.Combine(cache, layout.ArchiveName), "Keras cache (archive)")
                ?? search.Download(
                    [new DatasetSearch.RemoteFile(kerasArchive, new Uri(layout.Origin), layout.Sha256)],
                    sources,
                    $"To install it, download {layout.Origin} on a machine with network access and save it as " +
                    $"{Path.Combine(cache, layout.ArchiveName)} (or extract it there, which makes the folder {Path.Combine(cache, layout.Folder)}).")[0];
            Dictionary<string, byte[]> members = ReadArchive(archive, layout.Folder, names);
            read = name => members[name];
        }

        var train = new List<(byte[] Images, byte[] Labels)>();
        foreach (string name in layout.TrainFiles)
        {
            train.Add(ReadBatch(read(name), $"CIFAR batch '{name}'", labelKey));
        }

        var test = ReadBatch(read(layout.TestFile), $"CIFAR batch '{layout.TestFile}'", labelKey);
        return (ToChannelsLast(train), ToChannelsLast([test]));
    }

    /// <summary>The bytes of the members <c>&lt;folder&gt;/&lt;name&gt;</c> of a <c>.tar.gz</c> (or plain
    /// <c>.tar</c>).</summary>
    /// <param name="path">The archive.</param>
    /// <param name="folder">The folder the members are in.</param>
    /// <param name="names">The members needed.</param>
    internal static Dictionary<string, byte[]> ReadArchive(string path, string folder, IReadOnlyList<string> names)
    {
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
            file.Position = 0;
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var tar = new TarReader(stream);
            while (tar.GetNextEntry() is { } entry)
            {
                string member = entry.Name.Replace('\\', '/').TrimStart('.', '/');
                int slash = member.LastIndexOf('/');
                string name = member[(slash + 1)..];
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && entry.DataStream is not null && member == $"{folder}/{name}" && names.Contains(name))
                {
                    members[name] = NpzReader.ReadRest(entry.DataStream);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"File '{path}' is not a readable .tar.gz archive of the CIFAR batches: {e.Message}", e);
        }

        var missing = names.Where(n => !members.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"Archive '{path}' lacks the CIFAR batches {string.Join(", ", missing.Select(n => $"{folder}/{n}"))}.");
        }

        return members;
    }

    /// <summary>Reads one batch: its images (count x 3072, channels first) and labels.</summary>
    /// <param name="pickle">The batch file's bytes.</param>
    /// <param name="source">What the batch is, for error messages.</param>
    /// <param name="labelKey">The dict key of the labels.</param>
    internal static (byte[] Images, byte[] Labels) ReadBatch(byte[] pickle, string source, string labelKey)
    {
        if (PickleReader.Read(pickle, source) is not PickleDict batch)
        {
            throw new InvalidDataException($"{source} is not a CIFAR batch: expected a pickled dict.");
        }

        if (!batch.TryGetValue("data", out object? data) || !batch.TryGetValue(labelKey, out object? labels))
        {
            throw new InvalidDataException(
                $"{source} is not a CIFAR batch: expected the keys 'data' and '{labelKey}', but found [{string.Join(", ", batch.KeyNames)}].");
        }

        if (data is not PickledArray { Raw: { } raw, Dtype.Name: "u1", Shape: [int count, ImageSize] } || raw.Length != count * ImageSize)
        {
            throw new InvalidDataException($"{source}: 'data' is not a uint8 array of shape (count, {ImageSize}).");
        }

        int[] values = NpzReader.ToIntegers(labels, source + " labels", 0);
        if (values.Length != count)
        {
            throw new InvalidDataException($"{source} does not match: expected one label per image, but it holds {count} images and {values.Length} labels.");
        }

        var result = new byte[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = values[i] is >= 0 and <= byte.MaxValue
                ? (byte)values[i]
                : throw new InvalidDataException($"{source}: label {values[i]} at {i} is not between 0 and 255.");
        }

        return (raw, result);
    }

    /// <summary>Stacks batches into (count, 32, 32, 3) images, as Keras' <c>transpose(0, 2, 3, 1)</c> for
    /// <c>channels_last</c>, and (count, 1) labels.</summary>
    private static (byte[,,,] X, byte[,] Y) ToChannelsLast(IReadOnlyList<(byte[] Images, byte[] Labels)> batches)
    {
        int total = batches.Sum(b => b.Labels.Length);
        var x = new byte[total, Side, Side, Channels];
        var y = new byte[total, 1];
        int n = 0;
        foreach (var (images, labels) in batches)
        {
            for (int i = 0; i < labels.Length; i++, n++)
            {
                y[n, 0] = labels[i];
                int image = i * ImageSize;
                for (int c = 0; c < Channels; c++)
                {
                    for (int r = 0; r < Side; r++)
                    {
                        for (int col = 0; col < Side; col++)
                        {
                            x[n, r, col, c] = images[image + (c * Side * Side) + (r * Side) + col];
                        }
                    }
                }
            }
        }

        return (x, y);
    }
}
