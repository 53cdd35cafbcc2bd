using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads unsigned-byte arrays from a NumPy <c>.npz</c> archive (a zip of <c>.npy</c> files, stored or deflated),
/// such as the <c>mnist.npz</c> Keras caches.
/// </summary>
/// <remarks>
/// An <c>.npy</c> file is the magic <c>\x93NUMPY</c>, a version (major, minor), a little-endian header length
/// (2 bytes in version 1, 4 bytes in versions 2 and 3), a Python dict literal with <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, then the raw elements.
/// </remarks>
internal static partial class NpzReader
{
    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the Keras MNIST arrays <c>x_train</c>, <c>y_train</c>, <c>x_test</c> and <c>y_test</c>.</summary>
    /// <param name="path">The <c>.npz</c> file.</param>
    internal static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) ReadMnist(string path)
    {
        using ZipArchive archive = OpenArchive(path);
        var xTrain = ReadImages(archive, path, "x_train");
        var yTrain = ReadLabels(archive, path, "y_train");
        var xTest = ReadImages(archive, path, "x_test");
        var yTest = ReadLabels(archive, path, "y_test");
        CheckCounts(path, "train", xTrain, yTrain);
        CheckCounts(path, "test", xTest, yTest);
        return ((xTrain, yTrain), (xTest, yTest));
    }

    /// <summary>Reads a rank-3 unsigned-byte array named <paramref name="name"/> (entry <c>name.npy</c>).</summary>
    internal static byte[,,] ReadImages(ZipArchive archive, string path, string name)
    {
        using Stream stream = OpenEntry(archive, path, name);
        int[] shape = ReadHeader(stream, path, name, expectedRank: 3);
        var images = new byte[shape[0], shape[1], shape[2]];
        ReadData(stream, path, name, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length));
        return images;
    }

    /// <summary>Reads a rank-1 unsigned-byte array named <paramref name="name"/> (entry <c>name.npy</c>).</summary>
    internal static byte[] ReadLabels(ZipArchive archive, string path, string name)
    {
        using Stream stream = OpenEntry(archive, path, name);
        int[] shape = ReadHeader(stream, path, name, expectedRank: 1);
        var labels = new byte[shape[0]];
        ReadData(stream, path, name, labels);
        return labels;
    }

    private static ZipArchive OpenArchive(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new InvalidDataException($"File '{path}' is not an .npz archive (a zip of .npy files): {e.Message}", e);
        }
    }

    private static Stream OpenEntry(ZipArchive archive, string path, string name)
    {
        ZipArchiveEntry? entry = archive.GetEntry(name + ".npy") ?? archive.GetEntry(name);
        if (entry is null)
        {
            var found = new List<string>();
            foreach (var e in archive.Entries)
            {
                found.Add(e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName);
            }

            throw new InvalidDataException(
                $"Archive '{path}' has no array named '{name}': expected the arrays x_train, y_train, x_test and y_test, " +
                $"but found [{string.Join(", ", found)}].");
        }

        return entry.Open();
    }

    private static int[] ReadHeader(Stream stream, string path, string name, int expectedRank)
    {
        Span<byte> prefix = stackalloc byte[12];
        int read = stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false);
        if (read < 10 || !prefix[..6].SequenceEqual(NpyMagic))
        {
            throw new InvalidDataException($"Array '{name}' in '{path}' is not an .npy file: it does not start with the magic bytes \\x93NUMPY.");
        }

        byte major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
        }
        else if (major is 2 or 3)
        {
            if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
            {
                throw Truncated(path, name, "its header");
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
            headerLength = length > 1 << 20 ? throw Corrupt(path, name, $"its header claims {length} bytes") : (int)length;
        }
        else
        {
            throw Corrupt(path, name, $"expected .npy format version 1, 2 or 3, but found version {major}.{prefix[7]}");
        }

        var header = new byte[headerLength];
        if (stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            throw Truncated(path, name, "its header");
        }

        return ParseHeader(Encoding.Latin1.GetString(header), path, name, expectedRank);
    }

    private static int[] ParseHeader(string header, string path, string name, int expectedRank)
    {
        Match descr = DescrPattern().Match(header);
        Match order = FortranOrderPattern().Match(header);
        Match shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
        {
            throw Corrupt(path, name, $"cannot read its header {header.Trim()}");
        }

        string dtype = descr.Groups[1].Value;
        if (dtype is not ("|u1" or "<u1" or ">u1" or "u1"))
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' has the wrong dtype: expected uint8 ('|u1'), but found '{dtype}'.");
        }

        if (order.Groups[1].Value == "True")
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' is stored in Fortran (column-major) order; expected C (row-major) order.");
        }

        var dims = new List<int>();
        foreach (string part in shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string digits = part.TrimEnd('L');
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int dim))
            {
                throw Corrupt(path, name, $"cannot read its shape ({shape.Groups[1].Value})");
            }

            dims.Add(dim);
        }

        if (dims.Count != expectedRank)
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' has the wrong rank: expected {expectedRank} dimensions, but found shape " +
                $"({shape.Groups[1].Value.Trim()}).");
        }

        long size = 1;
        foreach (int d in dims)
        {
            size *= d;
        }

        if (size > Array.MaxLength)
        {
            throw Corrupt(path, name, $"its shape ({shape.Groups[1].Value.Trim()}) is larger than one array can hold");
        }

        return [.. dims];
    }

    private static void ReadData(Stream stream, string path, string name, Span<byte> data)
    {
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' is truncated: expected {data.Length} bytes of data, but found only {read} bytes.");
        }
    }

    private static void CheckCounts(string path, string split, byte[,,] images, byte[] labels)
    {
        if (images.GetLength(0) != labels.Length)
        {
            throw new InvalidDataException(
                $"Archive '{path}' does not match: expected one label per image, but x_{split} holds {images.GetLength(0)} " +
                $"images and y_{split} holds {labels.Length} labels.");
        }
    }

    private static InvalidDataException Truncated(string path, string name, string what) =>
        new($"Array '{name}' in '{path}' is truncated: the file ends inside {what}.");

    private static InvalidDataException Corrupt(string path, string name, string what) =>
        new($"Array '{name}' in '{path}' is not a valid .npy file: {what}.");

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrderPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
