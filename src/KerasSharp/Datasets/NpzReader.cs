using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads arrays from a NumPy <c>.npz</c> archive (a zip of <c>.npy</c> files, stored or deflated), such as the
/// <c>mnist.npz</c>, <c>boston_housing.npz</c> and <c>imdb.npz</c> Keras caches: unsigned-byte images and labels,
/// numeric arrays of any integer or float dtype, and object arrays of integer lists (stored as pickles).
/// </summary>
/// <remarks>
/// An <c>.npy</c> file is the magic <c>\x93NUMPY</c>, a version (major, minor), a little-endian header length
/// (2 bytes in version 1, 4 bytes in versions 2 and 3), a Python dict literal with <c>descr</c>,
/// <c>fortran_order</c> and <c>shape</c>, then the raw elements, or for dtype <c>|O</c> a pickle of the array
/// (read by <see cref="PickleReader"/>, which runs no code).
/// </remarks>
internal static partial class NpzReader
{
    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly string[] MnistArrays = ["x_train", "y_train", "x_test", "y_test"];

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
        using Stream stream = OpenEntry(archive, path, name, MnistArrays);
        int[] shape = ReadUInt8Header(stream, path, name, expectedRank: 3);
        var images = new byte[shape[0], shape[1], shape[2]];
        ReadData(stream, path, name, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length));
        return images;
    }

    /// <summary>Reads a rank-1 unsigned-byte array named <paramref name="name"/> (entry <c>name.npy</c>).</summary>
    internal static byte[] ReadLabels(ZipArchive archive, string path, string name)
    {
        using Stream stream = OpenEntry(archive, path, name, MnistArrays);
        int[] shape = ReadUInt8Header(stream, path, name, expectedRank: 1);
        var labels = new byte[shape[0]];
        ReadData(stream, path, name, labels);
        return labels;
    }

    /// <summary>
    /// Reads a numeric array of any integer, boolean or float dtype (either byte order) as doubles, row-major; the
    /// rank must be <paramref name="expectedRank"/>.
    /// </summary>
    /// <param name="archive">The open archive.</param>
    /// <param name="path">The archive's path, for error messages.</param>
    /// <param name="name">The array's name (entry <c>name.npy</c>).</param>
    /// <param name="expectedRank">The number of dimensions the array must have.</param>
    /// <param name="expectedNames">All the arrays the dataset needs, for the error when one is missing.</param>
    /// <returns>The values and the shape.</returns>
    internal static (double[] Values, int[] Shape) ReadNumbers(
        ZipArchive archive, string path, string name, int expectedRank, IReadOnlyList<string> expectedNames)
    {
        using Stream stream = OpenEntry(archive, path, name, expectedNames);
        (string descr, int[] shape) = ReadHeader(stream, path, name, expectedRank);
        NumericType type = NumericType.Parse(descr) ?? throw new InvalidDataException(
            $"Array '{name}' in '{path}' has the wrong dtype: expected a number type (integers, booleans or floats), but found '{descr}'.");
        byte[] data = ReadRest(stream);
        long expected = Size(shape) * type.Size;
        if (data.Length < expected)
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' is truncated: expected {expected} bytes of data, but found only {data.Length} bytes.");
        }

        var values = new double[Size(shape)];
        type.Decode(data, values);
        return (values, shape);
    }

    /// <summary>
    /// Reads a rank-1 object array whose elements are lists of integers (how Keras stores the ragged IMDB and Reuters
    /// sequences), each list as an <see cref="int"/>[].
    /// </summary>
    /// <param name="archive">The open archive.</param>
    /// <param name="path">The archive's path, for error messages.</param>
    /// <param name="name">The array's name (entry <c>name.npy</c>).</param>
    /// <param name="expectedNames">All the arrays the dataset needs, for the error when one is missing.</param>
    internal static int[][] ReadSequences(ZipArchive archive, string path, string name, IReadOnlyList<string> expectedNames)
    {
        using Stream stream = OpenEntry(archive, path, name, expectedNames);
        (string descr, int[] shape) = ReadHeader(stream, path, name, expectedRank: 1);
        if (descr != "|O")
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' has the wrong dtype: expected an object array ('|O') of integer lists, but found '{descr}'.");
        }

        string source = $"Array '{name}' in '{path}'";
        object? value = PickleReader.Read(ReadRest(stream), source);
        if (value is not PickledArray { Objects: { } objects } || objects.Count != shape[0])
        {
            throw new InvalidDataException(
                $"{source} does not hold what its header declares: expected a pickled object array of {shape[0]} lists.");
        }

        var sequences = new int[objects.Count][];
        for (int i = 0; i < sequences.Length; i++)
        {
            sequences[i] = ToIntegers(objects[i], source, i);
        }

        return sequences;
    }

    /// <summary>A list (or tuple) of Python integers that fit in 32 bits, as an array.</summary>
    /// <param name="value">An unpickled value.</param>
    /// <param name="source">What holds it, for error messages.</param>
    /// <param name="index">Its index in the holder, for error messages.</param>
    internal static int[] ToIntegers(object? value, string source, int index)
    {
        IReadOnlyList<object?> items = value switch
        {
            List<object?> list => list,
            PickleTuple tuple => tuple.Items,
            _ => throw new InvalidDataException($"{source}: element {index} is not a list of integers."),
        };
        var result = new int[items.Count];
        for (int k = 0; k < result.Length; k++)
        {
            result[k] = items[k] is long n and >= int.MinValue and <= int.MaxValue
                ? (int)n
                : throw new InvalidDataException($"{source}: element {index} holds {Describe(items[k])} where a 32-bit integer was expected.");
        }

        return result;
    }

    /// <summary>Opens an archive; a file that is not a zip is an <see cref="InvalidDataException"/> naming it.</summary>
    /// <param name="path">The <c>.npz</c> file.</param>
    internal static ZipArchive OpenArchive(string path)
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

    /// <summary>Everything left in <paramref name="stream"/>; the buffer grows with the bytes actually read, so a
    /// hostile size field cannot make it allocate more than the data.</summary>
    /// <param name="stream">The stream.</param>
    internal static byte[] ReadRest(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        long n => n.ToString(CultureInfo.InvariantCulture),
        _ => $"a {value.GetType().Name}",
    };

    private static Stream OpenEntry(ZipArchive archive, string path, string name, IReadOnlyList<string> expectedNames)
    {
        ZipArchiveEntry? entry = archive.GetEntry(name + ".npy") ?? archive.GetEntry(name);
        if (entry is null)
        {
            var found = new List<string>();
            foreach (var e in archive.Entries)
            {
                found.Add(e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName);
            }

            string expected = expectedNames.Count == 1
                ? $"the array {expectedNames[0]}"
                : $"the arrays {string.Join(", ", expectedNames.Take(expectedNames.Count - 1))} and {expectedNames[^1]}";
            throw new InvalidDataException(
                $"Archive '{path}' has no array named '{name}': expected {expected}, but found [{string.Join(", ", found)}].");
        }

        return entry.Open();
    }

    private static int[] ReadUInt8Header(Stream stream, string path, string name, int expectedRank)
    {
        (string dtype, int[] shape) = ReadHeader(stream, path, name, expectedRank);
        if (dtype is not ("|u1" or "<u1" or ">u1" or "u1"))
        {
            throw new InvalidDataException(
                $"Array '{name}' in '{path}' has the wrong dtype: expected uint8 ('|u1'), but found '{dtype}'.");
        }

        return shape;
    }

    private static (string Descr, int[] Shape) ReadHeader(Stream stream, string path, string name, int expectedRank)
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

        string text = major == 3 ? Encoding.UTF8.GetString(header) : Encoding.Latin1.GetString(header);
        return ParseHeader(text, path, name, expectedRank);
    }

    private static (string Descr, int[] Shape) ParseHeader(string header, string path, string name, int expectedRank)
    {
        Match descr = DescrPattern().Match(header);
        Match order = FortranOrderPattern().Match(header);
        Match shape = ShapePattern().Match(header);
        if (!descr.Success || !order.Success || !shape.Success)
        {
            throw Corrupt(path, name, $"cannot read its header {header.Trim()}");
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

        if (Size([.. dims]) > Array.MaxLength)
        {
            throw Corrupt(path, name, $"its shape ({shape.Groups[1].Value.Trim()}) is larger than one array can hold");
        }

        return (descr.Groups[1].Value, [.. dims]);
    }

    private static long Size(int[] shape)
    {
        long size = 1;
        foreach (int d in shape)
        {
            size = Math.Min(size * d, 1L + int.MaxValue); // stays above Array.MaxLength once there, never overflows
        }

        return size;
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
