using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using KerasSharp.Datasets;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// Writes small IDX and .npz files by hand (from the format description, not with the code under test) and fakes
/// HTTP, so the dataset tests never touch the machine's datasets or the network.
/// </summary>
internal static class DatasetTestData
{
    /// <summary>The pixel value every generated image set uses at (image, row, column).</summary>
    internal static byte Pixel(int seed, int image, int row, int col) => (byte)((seed * 31) + (image * 7) + (row * 3) + col);

    /// <summary>The label every generated label set uses for example <paramref name="index"/>.</summary>
    internal static byte Label(int seed, int index) => (byte)((seed + index) % 10);

    /// <summary>IDX bytes: a big-endian magic number and dimensions, then <paramref name="data"/>.</summary>
    internal static byte[] Idx(uint magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), (uint)dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    /// <summary>The pixels of <paramref name="count"/> generated images, row-major.</summary>
    internal static byte[] ImageData(int seed, int count, int rows, int cols)
    {
        var data = new byte[count * rows * cols];
        int k = 0;
        for (int i = 0; i < count; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    data[k++] = Pixel(seed, i, r, c);
                }
            }
        }

        return data;
    }

    /// <summary>An IDX images file (magic 0x00000803) of generated images.</summary>
    internal static byte[] ImagesIdx(int seed, int count, int rows = 28, int cols = 28) =>
        Idx(0x00000803, [count, rows, cols], ImageData(seed, count, rows, cols));

    /// <summary>The generated labels.</summary>
    internal static byte[] LabelData(int seed, int count)
    {
        var data = new byte[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = Label(seed, i);
        }

        return data;
    }

    /// <summary>An IDX labels file (magic 0x00000801) of generated labels.</summary>
    internal static byte[] LabelsIdx(int seed, int count) => Idx(0x00000801, [count], LabelData(seed, count));

    /// <summary>Gzip-compresses <paramref name="data"/>.</summary>
    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The four gzip files of a tiny MNIST-style dataset keyed by Keras' file names: 3 training and 2 test images of
    /// 28x28, with training seed <paramref name="seed"/> and test seed <paramref name="seed"/> + 1.
    /// </summary>
    internal static Dictionary<string, byte[]> KerasFiles(int seed, int trainCount = 3, int testCount = 2) => new()
    {
        ["train-labels-idx1-ubyte.gz"] = Gzip(LabelsIdx(seed, trainCount)),
        ["train-images-idx3-ubyte.gz"] = Gzip(ImagesIdx(seed, trainCount)),
        ["t10k-labels-idx1-ubyte.gz"] = Gzip(LabelsIdx(seed + 1, testCount)),
        ["t10k-images-idx3-ubyte.gz"] = Gzip(ImagesIdx(seed + 1, testCount)),
    };

    /// <summary>Writes each file of <paramref name="files"/> into <paramref name="directory"/> (created if needed).</summary>
    internal static void WriteAll(string directory, IReadOnlyDictionary<string, byte[]> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in files)
        {
            File.WriteAllBytes(Path.Combine(directory, name), bytes);
        }
    }

    /// <summary>A version 1.0 .npy file of unsigned bytes with the given shape.</summary>
    internal static byte[] Npy(int[] shape, byte[] data, string descr = "|u1", bool fortranOrder = false)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        int padding = (64 - (total % 64)) % 64;
        header = header + new string(' ', padding) + "\n";
        var bytes = new byte[10 + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 10);
        data.CopyTo(bytes, 10 + header.Length);
        return bytes;
    }

    /// <summary>An .npz archive (deflated zip) of the given named .npy files.</summary>
    internal static byte[] Npz(IReadOnlyDictionary<string, byte[]> arrays)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in arrays)
            {
                using Stream entry = zip.CreateEntry(name + ".npy", CompressionLevel.Fastest).Open();
                entry.Write(bytes);
            }
        }

        return output.ToArray();
    }

    /// <summary>A Keras-style mnist.npz of 3 training and 2 test images of 28x28.</summary>
    internal static byte[] MnistNpz(int seed) => Npz(new Dictionary<string, byte[]>
    {
        ["x_train"] = Npy([3, 28, 28], ImageData(seed, 3, 28, 28)),
        ["y_train"] = Npy([3], LabelData(seed, 3)),
        ["x_test"] = Npy([2, 28, 28], ImageData(seed + 1, 2, 28, 28)),
        ["y_test"] = Npy([2], LabelData(seed + 1, 2)),
    });

    /// <summary>The SHA-256 of <paramref name="data"/> as lowercase hex.</summary>
    internal static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Sources rooted in <paramref name="root"/>: its <c>keras</c> folder is the Keras home and its
    /// <c>system</c> folder stands for <c>/usr/share/datasets</c>.</summary>
    internal static DatasetSources Sources(string root, HttpMessageHandler handler, TextWriter? output = null) => new()
    {
        KerasHome = Path.Combine(root, "keras"),
        SystemDatasetsDirectory = Path.Combine(root, "system"),
        HttpHandler = handler,
        Output = output ?? TextWriter.Null,
    };

    /// <summary>Asserts that the loaded split holds the generated training (seed) and test (seed + 1) data.</summary>
    internal static void AssertGenerated(
        ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) data, int seed, int trainCount = 3, int testCount = 2)
    {
        var ((xTrain, yTrain), (xTest, yTest)) = data;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { xTrain.GetLength(0), xTrain.GetLength(1), xTrain.GetLength(2) }, Is.EqualTo(new[] { trainCount, 28, 28 }));
            Assert.That(new[] { xTest.GetLength(0), xTest.GetLength(1), xTest.GetLength(2) }, Is.EqualTo(new[] { testCount, 28, 28 }));
            Assert.That(yTrain, Is.EqualTo(LabelData(seed, trainCount)));
            Assert.That(yTest, Is.EqualTo(LabelData(seed + 1, testCount)));
            Assert.That(xTrain[trainCount - 1, 27, 5], Is.EqualTo(Pixel(seed, trainCount - 1, 27, 5)));
            Assert.That(xTrain[0, 0, 0], Is.EqualTo(Pixel(seed, 0, 0, 0)));
            Assert.That(xTest[1, 13, 20], Is.EqualTo(Pixel(seed + 1, 1, 13, 20)));
        }
    }
}
