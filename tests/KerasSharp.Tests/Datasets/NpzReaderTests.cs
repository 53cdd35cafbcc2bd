using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class NpzReaderTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "ks-npz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Write(byte[] bytes)
    {
        string path = Path.Combine(_dir, "mnist.npz");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Dictionary<string, byte[]> Arrays(int seed) => new()
    {
        ["x_train"] = Npy([3, 28, 28], ImageData(seed, 3, 28, 28)),
        ["y_train"] = Npy([3], LabelData(seed, 3)),
        ["x_test"] = Npy([2, 28, 28], ImageData(seed + 1, 2, 28, 28)),
        ["y_test"] = Npy([2], LabelData(seed + 1, 2)),
    };

    [Test]
    public void ReadMnist_KerasLayout_ReturnsAllFourArrays()
    {
        string path = Write(MnistNpz(seed: 5));

        AssertGenerated(NpzReader.ReadMnist(path), seed: 5);
    }

    [Test]
    public void ReadMnist_Version2Header_IsRead()
    {
        var arrays = Arrays(2);
        byte[] v1 = arrays["y_train"];
        int headerLength = v1[8] | (v1[9] << 8);
        // Version 2.0: the same header with a 4-byte length.
        byte[] v2 = [.. v1[..6], 2, 0, (byte)headerLength, (byte)(headerLength >> 8), 0, 0, .. v1[10..]];
        arrays["y_train"] = v2;
        string path = Write(Npz(arrays));

        AssertGenerated(NpzReader.ReadMnist(path), seed: 2);
    }

    [Test]
    public void ReadMnist_MissingArray_ThrowsListingArraysFound()
    {
        var arrays = Arrays(0);
        arrays.Remove("y_test");
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("'y_test'").And.Contain("[x_train, y_train, x_test]"));
    }

    [Test]
    public void ReadMnist_WrongDtype_ThrowsNamingDtype()
    {
        var arrays = Arrays(0);
        arrays["y_train"] = Npy([3], new byte[24], descr: "<i8");
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain("'y_train'").And.Contain(path).And.Contain("expected uint8 ('|u1')").And.Contain("found '<i8'"));
    }

    [Test]
    public void ReadMnist_FortranOrder_Throws()
    {
        var arrays = Arrays(0);
        arrays["x_test"] = Npy([2, 28, 28], ImageData(1, 2, 28, 28), fortranOrder: true);
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain("'x_test'").And.Contain("Fortran"));
    }

    [Test]
    public void ReadMnist_WrongRank_ThrowsNamingShape()
    {
        var arrays = Arrays(0);
        arrays["x_train"] = Npy([3, 784], ImageData(0, 3, 28, 28));
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain("'x_train'").And.Contain("expected 3 dimensions").And.Contain("(3, 784)"));
    }

    [Test]
    public void ReadMnist_TruncatedArray_ThrowsNamingBytes()
    {
        var arrays = Arrays(0);
        byte[] full = arrays["x_train"];
        arrays["x_train"] = full[..(full.Length - 100)];
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain("'x_train'").And.Contain("truncated").And.Contain("expected 2352 bytes").And.Contain("found only 2252 bytes"));
    }

    [Test]
    public void ReadMnist_CountsDiffer_ThrowsNamingCounts()
    {
        var arrays = Arrays(0);
        arrays["y_train"] = Npy([4], LabelData(0, 4));
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("x_train holds 3 images").And.Contain("y_train holds 4 labels"));
    }

    [Test]
    public void ReadMnist_NotAZip_Throws()
    {
        string path = Write(LabelsIdx(0, 3));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain(path).And.Contain("is not an .npz archive"));
    }

    [Test]
    public void ReadMnist_EntryNotNpy_Throws()
    {
        var arrays = Arrays(0);
        arrays["x_train"] = ImagesIdx(0, 3);
        string path = Write(Npz(arrays));

        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadMnist(path));

        Assert.That(e.Message, Does.Contain("'x_train'").And.Contain("is not an .npy file"));
    }

    [TestCase(">i4")]
    [TestCase("<f4")]
    [TestCase("<u2")]
    [TestCase("|b1")]
    [TestCase(">f8")]
    [TestCase("|i1")]
    public void ReadNumbers_AnyNumericDtype_DecodesAsNumpyDoes(string dtype)
    {
        string path = Path.Combine(_dir, "n.npz");
        string expected = KerasSharp.Tests.Saving.H5py.Run(
            """
            import sys, numpy as np
            a = (np.arange(6).reshape(2, 3) * 37 - 50).astype(sys.argv[2])
            np.savez(sys.argv[1], y=a)
            print(' '.join(repr(float(v)) for v in a.ravel()))
            """,
            path,
            dtype);

        using var archive = NpzReader.OpenArchive(path);
        var (values, shape) = NpzReader.ReadNumbers(archive, path, "y", expectedRank: 2, ["y"]);

        Assert.That(shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(values, Is.EqualTo(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void ReadSequences_HeaderCountDiffersFromPickle_ThrowsNamingArray()
    {
        string path = Path.Combine(_dir, "s.npz");
        KerasSharp.Tests.Saving.H5py.Run(
            """
            import sys, io, zipfile, pickle, numpy as np
            a = np.empty(2, dtype=object); a[0] = [1]; a[1] = [2, 3]
            buf = io.BytesIO(); np.save(buf, a, allow_pickle=True)
            raw = buf.getvalue().replace(b"'shape': (2,)", b"'shape': (5,)")
            with zipfile.ZipFile(sys.argv[1], 'w') as z:
                z.writestr('x.npy', raw)
            """,
            path);

        using var archive = NpzReader.OpenArchive(path);
        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadSequences(archive, path, "x", ["x"]));

        Assert.That(e.Message, Does.Contain("Array 'x'").And.Contain(path).And.Contain("object array of 5 lists"));
    }

    [Test]
    public void ReadSequences_NumericArray_ThrowsNamingDtype()
    {
        string path = Write(Npz(new Dictionary<string, byte[]> { ["x"] = Npy([3], [1, 2, 3]) }));

        using var archive = NpzReader.OpenArchive(path);
        var e = Assert.Throws<InvalidDataException>(() => NpzReader.ReadSequences(archive, path, "x", ["x"]));

        Assert.That(e.Message, Does.Contain("expected an object array ('|O') of integer lists, but found '|u1'"));
    }
}
