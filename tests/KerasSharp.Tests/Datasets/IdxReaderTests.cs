using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class IdxReaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ks-idx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadImages_PlainOrGzip_ReturnsPixelsRowMajor(bool gzip)
    {
        byte[] idx = ImagesIdx(seed: 4, count: 3, rows: 2, cols: 5);
        string path = Write("images", gzip ? Gzip(idx) : idx);

        byte[,,] images = IdxReader.ReadImages(path);

        Assert.That(new[] { images.GetLength(0), images.GetLength(1), images.GetLength(2) }, Is.EqualTo(new[] { 3, 2, 5 }));
        for (int i = 0; i < 3; i++)
        {
            for (int r = 0; r < 2; r++)
            {
                for (int c = 0; c < 5; c++)
                {
                    Assert.That(images[i, r, c], Is.EqualTo(Pixel(4, i, r, c)), $"pixel ({i}, {r}, {c})");
                }
            }
        }
    }

    [Test]
    public void ReadImages_GzipDetectedByMagicNotName_ReadsFileNamedWithoutGz()
    {
        string path = Write("train-images-idx3-ubyte", Gzip(ImagesIdx(1, 2, 3, 3)));

        byte[,,] images = IdxReader.ReadImages(path);

        Assert.That(images[1, 2, 2], Is.EqualTo(Pixel(1, 1, 2, 2)));
    }

    [Test]
    public void ReadImages_PlainFileNamedGz_ReadsItUncompressed()
    {
        string path = Write("train-images-idx3-ubyte.gz", ImagesIdx(1, 2, 3, 3));

        Assert.That(IdxReader.ReadImages(path)[0, 1, 1], Is.EqualTo(Pixel(1, 0, 1, 1)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadLabels_PlainOrGzip_ReturnsLabels(bool gzip)
    {
        byte[] idx = LabelsIdx(seed: 7, count: 13);
        string path = Write("labels", gzip ? Gzip(idx) : idx);

        Assert.That(IdxReader.ReadLabels(path), Is.EqualTo(new byte[] { 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }));
    }

    [Test]
    public void ReadImages_ZeroImages_ReturnsEmptyArray()
    {
        string path = Write("empty", Idx(0x00000803, [0, 28, 28], []));

        byte[,,] images = IdxReader.ReadImages(path);

        Assert.That(new[] { images.GetLength(0), images.GetLength(1), images.GetLength(2) }, Is.EqualTo(new[] { 0, 28, 28 }));
    }

    [Test]
    public void ReadImages_LabelsFile_ThrowsNamingDimensions()
    {
        string path = Write("labels.idx", LabelsIdx(0, 4));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.That(e.Message, Does.Contain(path)
            .And.Contain("wrong number of dimensions")
            .And.Contain("expected 3")
            .And.Contain("found 1")
            .And.Contain("0x00000803")
            .And.Contain("0x00000801")
            .And.Contain("labels file"));
    }

    [Test]
    public void ReadLabels_ImagesFile_ThrowsNamingDimensions()
    {
        string path = Write("images.idx", ImagesIdx(0, 1, 2, 2));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("expected 1").And.Contain("found 3").And.Contain("images file"));
    }

    [Test]
    public void ReadImages_FloatElements_ThrowsNamingElementType()
    {
        string path = Write("float.idx", Idx(0x00000D03, [1, 1, 1], [0, 0, 0, 0]));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.That(e.Message, Does.Contain(path)
            .And.Contain("wrong element type")
            .And.Contain("expected unsigned byte (0x08")
            .And.Contain("found float (32-bit) (0x0D")
            .And.Contain("0x00000D03"));
    }

    [TestCase(0x89504E47u)] // a PNG file
    [TestCase(0x00000F03u)] // an unknown element type
    public void ReadImages_NotIdx_ThrowsNamingMagicNumbers(uint magic)
    {
        string path = Write("not-idx", Idx(magic, [1, 1, 1], [0]));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.That(e.Message, Does.Contain(path)
            .And.Contain("is not an IDX file")
            .And.Contain("expected magic number 0x00000803")
            .And.Contain($"found 0x{magic:X8}"));
    }

    [TestCase(0, "a 16-byte IDX header", "found only 0 bytes")]
    [TestCase(3, "a 16-byte IDX header", "found only 3 bytes")]
    [TestCase(10, "a 16-byte IDX header", "found only 10 bytes")]
    public void ReadImages_TruncatedHeader_ThrowsTruncated(int keep, string expected, string found)
    {
        byte[] idx = ImagesIdx(0, 2, 2, 2)[..keep];

        foreach (bool gzip in new[] { false, true })
        {
            string path = Write(gzip ? "short.gz" : "short", gzip ? Gzip(idx) : idx);

            var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

            Assert.That(e.Message, Does.Contain(path).And.Contain("is truncated").And.Contain(expected).And.Contain(found));
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadImages_TruncatedData_ThrowsNamingExpectedAndFoundBytes(bool gzip)
    {
        byte[] idx = ImagesIdx(0, 3, 4, 5);
        byte[] cut = idx[..(idx.Length - 7)];
        string path = Write("cut", gzip ? Gzip(cut) : cut);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.That(e.Message, Does.Contain(path)
            .And.Contain("is truncated")
            .And.Contain("expected 60 bytes")
            .And.Contain("3 images of 4x5 pixels")
            .And.Contain("found only 53 bytes"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadLabels_TruncatedData_ThrowsNamingCount(bool gzip)
    {
        byte[] idx = LabelsIdx(0, 10)[..15];
        string path = Write("cut-labels", gzip ? Gzip(idx) : idx);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("expected 10 bytes").And.Contain("10 labels").And.Contain("found only 7 bytes"));
    }

    [Test]
    public void ReadImages_TruncatedGzipStream_ThrowsTruncatedOrInvalidGzip()
    {
        byte[] gz = Gzip(ImagesIdx(0, 50, 28, 28));
        string path = Write("cut.gz", gz[..(gz.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Message, Does.Contain(path));
            Assert.That(e.Message, Does.Contain("is truncated").Or.Contain("is not a valid gzip file"));
        }
    }

    [Test]
    public void ReadLabels_TrailingData_Throws()
    {
        string path = Write("long", [.. LabelsIdx(0, 4), 1, 2]);

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("expected exactly 4 bytes").And.Contain("goes on after them"));
    }

    [Test]
    public void ReadImagesAndLabels_CountsDiffer_ThrowsNamingBothFilesAndCounts()
    {
        string images = Write("images", ImagesIdx(0, 3, 2, 2));
        string labels = Write("labels", LabelsIdx(0, 4));

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImagesAndLabels(images, labels));

        Assert.That(e.Message, Does.Contain(images).And.Contain(labels).And.Contain("3 images").And.Contain("4 labels"));
    }

    [Test]
    public void ReadSplits_WrongImageSize_ThrowsNamingExpectedSize()
    {
        string[] paths =
        [
            Write("a", LabelsIdx(0, 2)), Write("b", ImagesIdx(0, 2, 32, 32)),
            Write("c", LabelsIdx(0, 1)), Write("d", ImagesIdx(0, 1, 32, 32)),
        ];

        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadSplits(paths));

        Assert.That(e.Message, Does.Contain(paths[1]).And.Contain("expected 28x28").And.Contain("found 32x32"));
    }

    [Test]
    public void ReadImages_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(Path.Combine(_dir, "nope")));
    }
}
