using System.Text;
using KerasSharp.Datasets;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class PickleReaderTests
{
    private const string Source = "Array 'x' in 'test.npz'";

    private static byte[] Pixels(int count)
    {
        var data = new byte[count * 3072];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 7) + (i / 3072));
        }

        return data;
    }

    [Test]
    public void Read_HandBuiltCifarBatch_ReadsDictOfPython2StringsAndUInt8Array()
    {
        byte[] pixels = Pixels(2);
        byte[] pickle = PickleBuilder.CifarBatch(pixels, new Dictionary<string, int[]> { ["labels"] = [3, 300] });

        var dict = (PickleDict)PickleReader.Read(pickle, Source)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dict.KeyNames, Is.EqualTo(new[] { "batch_label", "labels", "data", "filenames" }));
            Assert.That(dict.TryGetValue("labels", out object? labels), Is.True);
            Assert.That(labels, Is.EqualTo(new List<object?> { 3L, 300L }));
            Assert.That(dict.TryGetValue("data", out object? data), Is.True);
            var array = (PickledArray)data!;
            Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3072 }));
            Assert.That(array.Dtype!.Name, Is.EqualTo("u1"));
            Assert.That(array.Dtype.ByteOrder, Is.EqualTo('|'));
            Assert.That(array.Raw, Is.EqualTo(pixels));
            Assert.That(dict.TryGetValue("missing", out _), Is.False);
        }
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Read_NumpyObjectArrayPickledByPython_ReadsListsOfIntegers(int protocol)
    {
        string hex = H5py.Run(
            """
            import sys, pickle, numpy as np
            a = np.empty(4, dtype=object)
            a[0] = [1, 2, 3]; a[1] = []; a[2] = [70000, 2**40, -5]; a[3] = [255, 256, 65535, 65536, -1]
            sys.stdout.write(pickle.dumps(a, protocol=int(sys.argv[1])).hex())
            """,
            protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var array = (PickledArray)PickleReader.Read(Convert.FromHexString(hex.Trim()), Source)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.Shape, Is.EqualTo(new[] { 4 }));
            Assert.That(array.Dtype!.Name, Is.EqualTo("O8"));
            Assert.That(array.Objects, Has.Count.EqualTo(4));
            Assert.That(array.Objects![0], Is.EqualTo(new List<object?> { 1L, 2L, 3L }));
            Assert.That(array.Objects[1], Is.EqualTo(new List<object?>()));
            Assert.That(array.Objects[2], Is.EqualTo(new List<object?> { 70000L, 1L << 40, -5L }));
            Assert.That(array.Objects[3], Is.EqualTo(new List<object?> { 255L, 256L, 65535L, 65536L, -1L }));
        }
    }

    [TestCase(2)]
    [TestCase(4)]
    public void Read_Python3BytesDictWithNumpyArray_ReadsRawDataAndByteOrder(int protocol)
    {
        string hex = H5py.Run(
            """
            import sys, pickle, numpy as np
            d = {b'data': np.arange(6, dtype='<i4').reshape(2, 3), b'labels': [1, 0], 'name': 'batch', 'f': 0.5, 'ok': True}
            sys.stdout.write(pickle.dumps(d, protocol=int(sys.argv[1])).hex())
            """,
            protocol.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var dict = (PickleDict)PickleReader.Read(Convert.FromHexString(hex.Trim()), Source)!;

        dict.TryGetValue("data", out object? data);
        var array = (PickledArray)data!;
        dict.TryGetValue("name", out object? name);
        dict.TryGetValue("f", out object? f);
        dict.TryGetValue("ok", out object? ok);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(array.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(array.Dtype!.Name, Is.EqualTo("i4"));
            Assert.That(array.Dtype.ByteOrder, Is.EqualTo('<'));
            Assert.That(array.Raw, Is.EqualTo(new byte[] { 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0 }));
            Assert.That(name, Is.EqualTo("batch"));
            Assert.That(f, Is.EqualTo(0.5));
            Assert.That(ok, Is.EqualTo(true));
        }
    }

    [Test]
    public void Read_Truncated_ThrowsNamingSource()
    {
        byte[] pickle = PickleBuilder.CifarBatch(Pixels(1), new Dictionary<string, int[]> { ["labels"] = [1] });

        for (int cut = 1; cut < pickle.Length; cut += 97)
        {
            var e = Assert.Throws<InvalidDataException>(() => PickleReader.Read(pickle[..cut], Source), $"cut at {cut}");
            Assert.That(e.Message, Does.StartWith(Source));
        }
    }

    [Test]
    public void Read_HugeDeclaredLength_ThrowsBeforeAllocating()
    {
        // BINSTRING claiming 2 GiB, BINBYTES8 claiming 2**62 bytes, with a few bytes after each
        byte[] binString = new PickleBuilder().Proto(2).Op((byte)'T', 0xff, 0xff, 0xff, 0x7f, 1, 2, 3).ToArray();
        byte[] binBytes8 = new PickleBuilder().Proto(4).Op(0x8e, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 2).ToArray();

        var e1 = Assert.Throws<InvalidDataException>(() => PickleReader.Read(binString, Source));
        var e2 = Assert.Throws<InvalidDataException>(() => PickleReader.Read(binBytes8, Source));

        Assert.That(e1.Message, Does.Contain("2147483647 bytes is declared but only 3 bytes are left").And.Contain(Source));
        Assert.That(e2.Message, Does.Contain("4611686018427387904 bytes is declared but only 2 bytes are left"));
    }

    [Test]
    public void Read_UnknownOpcode_ThrowsNamingOpcodeAndOffset()
    {
        byte[] pickle = new PickleBuilder().Proto(2).Int(1).Op((byte)'i').ToArray(); // INST: not supported

        var e = Assert.Throws<InvalidDataException>(() => PickleReader.Read(pickle, Source));

        Assert.That(e.Message, Does.Contain("unknown or unsupported pickle opcode 0x69").And.Contain("byte 4").And.StartWith(Source));
    }

    [Test]
    public void Read_ForbiddenGlobal_RefusesIt()
    {
        byte[] pickle = new PickleBuilder().Proto(2).Global("os", "system").Str("echo hi").Tuple1().Reduce().Stop().ToArray();

        var e = Assert.Throws<InvalidDataException>(() => PickleReader.Read(pickle, Source));

        Assert.That(e.Message, Does.Contain("refusing to load the Python global `os.system`"));
    }

    [TestCase(new byte[] { 0x80, 2, (byte)'h', 7, (byte)'.' }, "memo entry 7 is used before it is stored")]
    [TestCase(new byte[] { 0x80, 2, (byte)'e', (byte)'.' }, "needs a MARK")]
    [TestCase(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'a', (byte)'.' }, "needs 2 values")]
    [TestCase(new byte[] { 0x80, 2, (byte)'K', 1, (byte)'K', 1, (byte)'.' }, "ends with 2 values")]
    [TestCase(new byte[] { 0x80, 9, (byte)'N', (byte)'.' }, "protocol 9 is not supported")]
    [TestCase(new byte[] { 0x80, 2, (byte)'K', 1, (byte)']', (byte)'a', (byte)'.' }, "expected a List")]
    [TestCase(new byte[] { 0x80, 2, 0x8a, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, (byte)'.' }, "does not fit in 64 bits")]
    public void Read_MalformedStream_ThrowsInvalidData(byte[] pickle, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => PickleReader.Read(pickle, Source));

        Assert.That(e.Message, Does.Contain(expected).And.StartWith(Source));
    }

    [Test]
    public void Read_Long1_ReadsTwosComplement()
    {
        byte[] pickle = new PickleBuilder().Proto(2).EmptyList().Mark()
            .Op(0x8a, 0).Op(0x8a, 1, 0xff).Op(0x8a, 2, 0x00, 0x80).Op(0x8a, 8, 0, 0, 0, 0, 0, 0, 0, 0x80)
            .Appends().Stop().ToArray();

        Assert.That(PickleReader.Read(pickle, Source), Is.EqualTo(new List<object?> { 0L, -1L, -32768L, long.MinValue }));
    }

    [Test]
    public void Read_Utf8Strings_AreDecoded()
    {
        byte[] text = Encoding.UTF8.GetBytes("café");
        byte[] pickle = new PickleBuilder().Proto(4).Op(0x8c, (byte)text.Length).Op(text).Stop().ToArray();

        Assert.That(PickleReader.Read(pickle, Source), Is.EqualTo("café"));
    }
}
