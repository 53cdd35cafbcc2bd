using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace KerasSharp.Datasets;

/// <summary>
/// Reads the IDX files MNIST and Fashion-MNIST ship in: a big-endian header (magic number <c>0x0000TTDD</c> with
/// element type <c>TT</c> and dimension count <c>DD</c>, then one 32-bit size per dimension) followed by the
/// row-major elements. Files may be plain or gzip-compressed; gzip is recognised by its magic bytes <c>1f 8b</c>,
/// not by the file name.
/// </summary>
/// <remarks>Only unsigned-byte images (<c>0x00000803</c>) and labels (<c>0x00000801</c>) are accepted.</remarks>
internal static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned-byte images (count, rows, columns).</summary>
    internal const uint ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned-byte labels (count).</summary>
    internal const uint LabelsMagic = 0x00000801;

    private const byte UnsignedByteType = 0x08;

    /// <summary>
    /// The four IDX files of an MNIST-style dataset, in the order Keras lists them: training labels, training images,
    /// test labels, test images.
    /// </summary>
    internal static readonly string[] KerasFileNames =
    [
        "train-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
    ];

    /// <summary>
    /// Reads the training and test splits of an MNIST-style dataset from its four files (in the order of
    /// <see cref="KerasFileNames"/>) and checks that every image is <paramref name="rows"/> x <paramref name="cols"/>.
    /// </summary>
    /// <param name="paths">Training labels, training images, test labels, test images.</param>
    /// <param name="rows">The expected image height.</param>
    /// <param name="cols">The expected image width.</param>
    internal static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) ReadSplits(
        IReadOnlyList<string> paths, int rows = 28, int cols = 28)
    {
        var (xTrain, yTrain) = ReadImagesAndLabels(paths[1], paths[0]);
        CheckImageSize(paths[1], xTrain, rows, cols);
        var (xTest, yTest) = ReadImagesAndLabels(paths[3], paths[2]);
        CheckImageSize(paths[3], xTest, rows, cols);
        return ((xTrain, yTrain), (xTest, yTest));
    }

    /// <summary>Reads an images file and a labels file and checks that they hold the same number of examples.</summary>
    /// <param name="imagesPath">Path of the <c>idx3-ubyte</c> images file (plain or gzip).</param>
    /// <param name="labelsPath">Path of the <c>idx1-ubyte</c> labels file (plain or gzip).</param>
    internal static (byte[,,] Images, byte[] Labels) ReadImagesAndLabels(string imagesPath, string labelsPath)
    {
        byte[] labels = ReadLabels(labelsPath);
        byte[,,] images = ReadImages(imagesPath);
        if (images.GetLength(0) != labels.Length)
        {
            throw new InvalidDataException(
                $"IDX files '{imagesPath}' and '{labelsPath}' do not match: expected one label per image, but the images " +
                $"file holds {images.GetLength(0)} images and the labels file holds {labels.Length} labels.");
        }

        return (images, labels);
    }

    /// <summary>Reads an IDX file of unsigned-byte images, shape (count, rows, columns).</summary>
    /// <param name="path">The file, plain or gzip-compressed.</param>
    internal static byte[,,] ReadImages(string path)
    {
        using Stream stream = Open(path, out long? plainLength);
        int[] dims = ReadHeader(stream, path, ImagesMagic);
        long size = (long)dims[0] * dims[1] * dims[2];
        CheckSize(path, size, plainLength, 16, DescribeImages(dims));
        var images = new byte[dims[0], dims[1], dims[2]];
        Span<byte> data = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(images), images.Length);
        ReadData(stream, path, data, DescribeImages(dims));
        return images;
    }

    /// <summary>Reads an IDX file of unsigned-byte labels, shape (count,).</summary>
    /// <param name="path">The file, plain or gzip-compressed.</param>
    internal static byte[] ReadLabels(string path)
    {
        using Stream stream = Open(path, out long? plainLength);
        int[] dims = ReadHeader(stream, path, LabelsMagic);
        string what = string.Create(CultureInfo.InvariantCulture, $"{dims[0]} labels");
        CheckSize(path, dims[0], plainLength, 8, what);
        var labels = new byte[dims[0]];
        ReadData(stream, path, labels, what);
        return labels;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading, decompressing it when it starts with the gzip magic bytes.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="plainLength">The file's length when it is not compressed (so sizes can be checked up front).</param>
    internal static Stream Open(string path, out long? plainLength)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                plainLength = null;
                return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
            }

            plainLength = file.Length;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void CheckImageSize(string path, byte[,,] images, int rows, int cols)
    {
        if (images.GetLength(1) != rows || images.GetLength(2) != cols)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' has images of the wrong size: expected {rows}x{cols} pixels, but found " +
                $"{images.GetLength(1)}x{images.GetLength(2)}.");
        }
    }

    private static int[] ReadHeader(Stream stream, string path, uint expectedMagic)
    {
        int expectedRank = (int)(expectedMagic & 0xFF);
        int headerLength = 4 + (4 * expectedRank);
        Span<byte> header = stackalloc byte[headerLength];
        int read = ReadFully(stream, path, header[..4]);
        if (read < 4)
        {
            throw Truncated(path, $"a {headerLength}-byte IDX header", read);
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(header);
        CheckMagic(path, magic, expectedMagic);

        read = ReadFully(stream, path, header[4..]);
        if (read < headerLength - 4)
        {
            throw Truncated(path, $"a {headerLength}-byte IDX header", 4 + read);
        }

        var dims = new int[expectedRank];
        for (int i = 0; i < expectedRank; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4 + (4 * i), 4));
            if (dim > int.MaxValue)
            {
                throw new InvalidDataException(
                    $"IDX file '{path}' is corrupt: dimension {i} of its header is {dim}, which is larger than any array can hold.");
            }

            dims[i] = (int)dim;
        }

        return dims;
    }

    private static void CheckMagic(string path, uint magic, uint expected)
    {
        if (magic == expected)
        {
            return;
        }

        string expectedText = Describe(expected);
        byte type = (byte)(magic >> 8);
        string? typeName = TypeName(type);
        if ((magic >> 16) != 0 || typeName is null)
        {
            throw new InvalidDataException(
                $"File '{path}' is not an IDX file: expected magic number 0x{expected:X8} ({expectedText}), " +
                $"but found 0x{magic:X8}.");
        }

        if (type != UnsignedByteType)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' has the wrong element type: expected unsigned byte (0x08, magic number 0x{expected:X8}), " +
                $"but found {typeName} (0x{type:X2}, magic number 0x{magic:X8}).");
        }

        int rank = (int)(magic & 0xFF);
        string hint = rank == 1 ? " It looks like a labels file." : rank == 3 ? " It looks like an images file." : string.Empty;
        throw new InvalidDataException(
            $"IDX file '{path}' has the wrong number of dimensions: expected {expected & 0xFF} ({expectedText}, magic number " +
            $"0x{expected:X8}), but found {rank} (magic number 0x{magic:X8}).{hint}");
    }

    private static void CheckSize(string path, long size, long? plainLength, int headerLength, string what)
    {
        if (size > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' is corrupt: its header declares {what} ({size} bytes), more than one array can hold.");
        }

        if (plainLength is long length && length - headerLength < size)
        {
            throw Truncated(path, $"{size} bytes of data after the {headerLength}-byte header for {what}", length - headerLength);
        }
    }

    private static void ReadData(Stream stream, string path, Span<byte> data, string what)
    {
        int read = ReadFully(stream, path, data);
        if (read < data.Length)
        {
            throw Truncated(path, $"{data.Length} bytes of data for {what}", read);
        }

        Span<byte> extra = stackalloc byte[1];
        if (ReadFully(stream, path, extra) != 0)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' is corrupt: expected exactly {data.Length} bytes of data for {what}, " +
                "but the file goes on after them.");
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    private static int ReadFully(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"File '{path}' is not a valid gzip file: {e.Message}", e);
        }
    }

    private static InvalidDataException Truncated(string path, string expected, long found) =>
        new($"IDX file '{path}' is truncated: expected {expected}, but found only {found} bytes.");

    private static string DescribeImages(int[] dims) =>
        string.Create(CultureInfo.InvariantCulture, $"{dims[0]} images of {dims[1]}x{dims[2]} pixels");

    private static string Describe(uint magic) =>
        magic == ImagesMagic ? "unsigned-byte images: count, rows, columns" : "unsigned-byte labels: count";

    private static string? TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "short (16-bit integer)",
        0x0C => "int (32-bit integer)",
        0x0D => "float (32-bit)",
        0x0E => "double (64-bit)",
        _ => null,
    };
}
