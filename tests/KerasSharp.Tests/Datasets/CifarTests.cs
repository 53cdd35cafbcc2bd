using System.Formats.Tar;
using System.IO.Compression;
using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

/// <summary>CIFAR-10 and CIFAR-100 (one reader, <see cref="CifarReader"/>): tiny batches built in C#.</summary>
[TestFixture]
public class CifarTests : DatasetFixture
{
    private const string Origin10 = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz";

    /// <summary>The value of image <paramref name="i"/> of batch <paramref name="batch"/> at (row, column, channel).</summary>
    private static byte Value(int batch, int i, int row, int col, int channel) => (byte)((batch * 50) + (i * 11) + (row * 5) + (col * 3) + (channel * 101));

    /// <summary>Channels-first pixels, as the batches store them.</summary>
    private static byte[] Pixels(int batch, int count)
    {
        var data = new byte[count * 3072];
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int r = 0; r < 32; r++)
                {
                    for (int col = 0; col < 32; col++)
                    {
                        data[(i * 3072) + (c * 1024) + (r * 32) + col] = Value(batch, i, r, col, c);
                    }
                }
            }
        }

        return data;
    }

    private static int[] Labels(int batch, int count, int modulo) => [.. Enumerable.Range(0, count).Select(i => ((batch * 3) + i) % modulo)];

    /// <summary>The CIFAR-10 batch files: batches 1-5 of 2 images and a test batch (index 6) of 3.</summary>
    private static Dictionary<string, byte[]> Cifar10Files()
    {
        var files = new Dictionary<string, byte[]>();
        for (int b = 1; b <= 5; b++)
        {
            files[$"data_batch_{b}"] = PickleBuilder.CifarBatch(Pixels(b, 2), new Dictionary<string, int[]> { ["labels"] = Labels(b, 2, 10) });
        }

        files["test_batch"] = PickleBuilder.CifarBatch(Pixels(6, 3), new Dictionary<string, int[]> { ["labels"] = Labels(6, 3, 10) });
        return files;
    }

    private static byte[] TarGz(string folder, IReadOnlyDictionary<string, byte[]> files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder + "/"));
            foreach (var (name, bytes) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{folder}/{name}") { DataStream = new MemoryStream(bytes) });
            }
        }

        return output.ToArray();
    }

    private static void AssertCifar10(((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) data)
    {
        var ((xTrain, yTrain), (xTest, yTest)) = data;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { xTrain.GetLength(0), xTrain.GetLength(1), xTrain.GetLength(2), xTrain.GetLength(3) }, Is.EqualTo(new[] { 10, 32, 32, 3 }));
            Assert.That(new[] { yTrain.GetLength(0), yTrain.GetLength(1) }, Is.EqualTo(new[] { 10, 1 }));
            Assert.That(new[] { xTest.GetLength(0), yTest.GetLength(0) }, Is.EqualTo(new[] { 3, 3 }));
            // image 1 of batch 3 is training image 5; channels_last: [n, row, col, channel]
            Assert.That(xTrain[5, 7, 30, 2], Is.EqualTo(Value(3, 1, 7, 30, 2)));
            Assert.That(xTrain[0, 0, 0, 0], Is.EqualTo(Value(1, 0, 0, 0, 0)));
            Assert.That(xTrain[9, 31, 31, 1], Is.EqualTo(Value(5, 1, 31, 31, 1)));
            Assert.That(xTest[2, 4, 9, 1], Is.EqualTo(Value(6, 2, 4, 9, 1)));
            Assert.That(Enumerable.Range(0, 10).Select(i => (int)yTrain[i, 0]), Is.EqualTo(Enumerable.Range(1, 5).SelectMany(b => Labels(b, 2, 10))));
            Assert.That(yTest[2, 0], Is.EqualTo(Labels(6, 3, 10)[2]));
        }
    }

    [Test]
    public void Cifar10_ExtractedByKeras3_ReadsAndTransposesToChannelsLast()
    {
        WriteAll(Path.Combine(DatasetsDir, "cifar-10-batches-py-target", "cifar-10-batches-py"), Cifar10Files());

        AssertCifar10(Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));
    }

    [Test]
    public void Cifar10_ExtractedWithTar_ReadsIt()
    {
        WriteAll(Path.Combine(DatasetsDir, "cifar-10-batches-py"), Cifar10Files());

        AssertCifar10(Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));
    }

    [Test]
    public void Cifar10_ArchiveUnderItsOwnName_ReadsItWithoutExtracting()
    {
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "cifar-10-python.tar.gz"), TarGz("cifar-10-batches-py", Cifar10Files()));

        AssertCifar10(Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));
        Assert.That(Directory.GetFileSystemEntries(DatasetsDir), Has.Length.EqualTo(1));
    }

    [Test]
    public void Cifar10_Nowhere_DownloadsToKerasArchivePathWithHashCheck()
    {
        byte[] archive = TarGz("cifar-10-batches-py", Cifar10Files());
        var handler = new FakeHttpHandler().Serve(Origin10, archive);

        AssertCifar10(Cifar10.LoadData(Sources(Root, handler), Cifar10.Layout with { Sha256 = Sha256(archive) }));

        Assert.That(handler.Requests, Is.EqualTo(new[] { Origin10 }));
        Assert.That(File.ReadAllBytes(Path.Combine(DatasetsDir, "cifar-10-batches-py-target_archive")), Is.EqualTo(archive));
    }

    [Test]
    public void Cifar10_DownloadWithWrongHash_ThrowsNamingKerasHash()
    {
        var handler = new FakeHttpHandler().Serve(Origin10, TarGz("cifar-10-batches-py", Cifar10Files()));

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(Sources(Root, handler)));

        Assert.That(e.Message, Does.Contain("expected SHA-256 6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"));
    }

    [Test]
    public void Cifar10_NowhereAndNoNetwork_NamesUrlAndWhereToPutTheArchive()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.StartWith("Could not load the CIFAR-10 dataset")
            .And.Contain($"download {Origin10} on a machine with network access and save it as {Path.Combine(DatasetsDir, "cifar-10-python.tar.gz")}")
            .And.Contain(Path.Combine(DatasetsDir, "cifar-10-batches-py-target", "cifar-10-batches-py")));
    }

    [Test]
    public void Cifar10_ArchiveMissingABatch_ThrowsNamingIt()
    {
        var files = Cifar10Files();
        files.Remove("data_batch_4");
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "cifar-10-python.tar.gz"), TarGz("cifar-10-batches-py", files));

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain("lacks the CIFAR batches cifar-10-batches-py/data_batch_4"));
    }

    [Test]
    public void Cifar10_CorruptArchive_ThrowsInvalidDataNamingFile()
    {
        Directory.CreateDirectory(DatasetsDir);
        string path = Path.Combine(DatasetsDir, "cifar-10-python.tar.gz");
        byte[] archive = TarGz("cifar-10-batches-py", Cifar10Files());
        File.WriteAllBytes(path, archive[..(archive.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain(path));
    }

    [Test]
    public void Cifar10_BatchWithoutLabels_ThrowsListingKeys()
    {
        var files = Cifar10Files();
        files["test_batch"] = PickleBuilder.CifarBatch(Pixels(6, 1), new Dictionary<string, int[]> { ["fine_labels"] = [1] });
        WriteAll(Path.Combine(DatasetsDir, "cifar-10-batches-py"), files);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.LoadData(Sources(Root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain("'test_batch'").And.Contain("expected the keys 'data' and 'labels'").And.Contain("[batch_label, fine_labels, data, filenames]"));
    }

    [TestCase("fine", 100)]
    [TestCase("coarse", 20)]
    public void Cifar100_LabelMode_PicksFineOrCoarseLabels(string labelMode, int modulo)
    {
        Dictionary<string, int[]> LabelsOf(int batch, int count) => new()
        {
            ["fine_labels"] = Labels(batch, count, 100).Select(v => (v * 7) % 100).ToArray(),
            ["coarse_labels"] = Labels(batch, count, 20),
        };
        var files = new Dictionary<string, byte[]>
        {
            ["train"] = PickleBuilder.CifarBatch(Pixels(1, 4), LabelsOf(1, 4)),
            ["test"] = PickleBuilder.CifarBatch(Pixels(2, 2), LabelsOf(2, 2)),
        };
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "cifar-100-python-target_archive"), TarGz("cifar-100-python", files));

        var ((xTrain, yTrain), (xTest, yTest)) = Cifar100.LoadData(Sources(Root, new FakeHttpHandler()), labelMode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Enumerable.Range(0, 4).Select(i => (int)yTrain[i, 0]), Is.EqualTo(LabelsOf(1, 4)[$"{labelMode}_labels"]));
            Assert.That(yTest[1, 0], Is.EqualTo(LabelsOf(2, 2)[$"{labelMode}_labels"][1]));
            Assert.That(xTrain[3, 1, 2, 2], Is.EqualTo(Value(1, 3, 1, 2, 2)));
            Assert.That(xTest.GetLength(0), Is.EqualTo(2));
            Assert.That(modulo, Is.GreaterThan(yTrain.Cast<byte>().Max()));
        }
    }

    [Test]
    public void Cifar100_UnknownLabelMode_ThrowsKerasMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => Cifar100.LoadData(Sources(Root, new FakeHttpHandler()), "medium"));

        Assert.That(e.Message, Does.StartWith("`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode=medium."));
    }

    [Test]
    public void Cifar10_PythonMadeBatch_IsRead()
    {
        // a batch pickled by Python 3 in protocol 2 with bytes keys, as the archives are written (bytes via _codecs.encode)
        string dir = Path.Combine(DatasetsDir, "cifar-10-batches-py");
        var files = Cifar10Files();
        WriteAll(dir, files);
        Saving.H5py.Run(
            """
            import sys, pickle, numpy as np
            data = np.arange(2 * 3072, dtype=np.int64).astype(np.uint8).reshape(2, 3072)
            with open(sys.argv[1], 'wb') as f:
                pickle.dump({b'batch_label': b'test', b'labels': [4, 9], b'data': data}, f, protocol=2)
            """,
            Path.Combine(dir, "test_batch"));

        var (_, (xTest, yTest)) = Cifar10.LoadData(Sources(Root, new FakeHttpHandler()));

        Assert.That((yTest[0, 0], yTest[1, 0]), Is.EqualTo(((byte)4, (byte)9)));
        // channel 1 (green) of image 1, row 2, column 3: flat index 3072 + 1024 + 64 + 3
        Assert.That(xTest[1, 2, 3, 1], Is.EqualTo((byte)((3072 + 1024 + 64 + 3) % 256)));
    }

    [Test]
    public void ToTensor_ImagesAndLabels_KeepShapes()
    {
        var x = new byte[2, 32, 32, 3];
        x[1, 2, 3, 2] = 255;
        var y = new byte[,] { { 3 }, { 7 } };

        var tx = x.ToTensor(divisor: 255.0);
        var ty = y.ToTensor();

        Assert.That(tx.Shape.ToString(), Is.EqualTo(new KerasSharp.Engine.Shape(2, 32, 32, 3).ToString()));
        Assert.That(tx.ToArray()[3072 + (2 * 96) + (3 * 3) + 2], Is.EqualTo(1f));
        Assert.That(ty.ToArray(), Is.EqualTo(new[] { 3f, 7f }));
        Assert.That(ty.Shape.ToString(), Is.EqualTo(new KerasSharp.Engine.Shape(2, 1).ToString()));
    }
}
