using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// Writes pickle opcodes by hand, from the pickle format description, to build the Python 2 protocol-2 pickles the
/// CIFAR batches are and hostile variants of them, without Python.
/// </summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    internal PickleBuilder Op(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    internal PickleBuilder Proto(byte version) => Op(0x80, version);

    internal PickleBuilder Mark() => Op((byte)'(');

    internal PickleBuilder EmptyDict() => Op((byte)'}');

    internal PickleBuilder EmptyList() => Op((byte)']');

    internal PickleBuilder Put(byte index) => Op((byte)'q', index);

    internal PickleBuilder Get(byte index) => Op((byte)'h', index);

    internal PickleBuilder Int(int value)
    {
        if (value is >= 0 and < 256)
        {
            return Op((byte)'K', (byte)value);
        }

        if (value is >= 0 and < 65536)
        {
            return Op((byte)'M', (byte)value, (byte)(value >> 8));
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return Op((byte)'J').Op(bytes);
    }

    /// <summary>A Python 2 <c>str</c> (SHORT_BINSTRING or BINSTRING).</summary>
    internal PickleBuilder Str(string text) => Str(Encoding.Latin1.GetBytes(text));

    /// <summary>A Python 2 <c>str</c> of raw bytes.</summary>
    internal PickleBuilder Str(byte[] bytes)
    {
        if (bytes.Length < 256)
        {
            return Op((byte)'U', (byte)bytes.Length).Op(bytes);
        }

        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        return Op((byte)'T').Op(length).Op(bytes);
    }

    internal PickleBuilder Global(string module, string name) => Op((byte)'c').Op(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    internal PickleBuilder None() => Op((byte)'N');

    internal PickleBuilder False() => Op(0x89);

    internal PickleBuilder Tuple1() => Op(0x85);

    internal PickleBuilder Tuple2() => Op(0x86);

    internal PickleBuilder Tuple3() => Op(0x87);

    internal PickleBuilder Tuple() => Op((byte)'t');

    internal PickleBuilder Reduce() => Op((byte)'R');

    internal PickleBuilder Build() => Op((byte)'b');

    internal PickleBuilder Appends() => Op((byte)'e');

    internal PickleBuilder SetItems() => Op((byte)'u');

    internal PickleBuilder Stop() => Op((byte)'.');

    /// <summary>A NumPy uint8 array of the given shape and raw bytes, as Python 2's cPickle writes it.</summary>
    internal PickleBuilder UInt8Array(int rows, int cols, byte[] data) =>
        Global("numpy.core.multiarray", "_reconstruct")
            .Global("numpy", "ndarray").Int(0).Tuple1().Str("b").Tuple3().Reduce()
            .Mark().Int(1).Int(rows).Int(cols).Tuple2()
            .Global("numpy", "dtype").Str("u1").Int(0).Int(1).Tuple3().Reduce()
            .Mark().Int(3).Str("|").None().None().None().Int(-1).Int(-1).Int(0).Tuple().Build()
            .False().Str(data).Tuple().Build();

    internal byte[] ToArray() => [.. _bytes];

    /// <summary>
    /// A CIFAR batch as the "python version" archives hold it: a protocol-2 dict of Python 2 strings with
    /// <c>batch_label</c>, each label key of <paramref name="labels"/>, <c>data</c> (count x 3072 uint8) and
    /// <c>filenames</c>.
    /// </summary>
    internal static byte[] CifarBatch(byte[] pixels, IReadOnlyDictionary<string, int[]> labels)
    {
        int count = pixels.Length / 3072;
        var b = new PickleBuilder().Proto(2).EmptyDict().Put(1).Mark().Str("batch_label").Str("testing batch 1 of 1");
        foreach (var (key, values) in labels)
        {
            b.Str(key).EmptyList().Mark();
            foreach (int v in values)
            {
                b.Int(v);
            }

            b.Appends();
        }

        b.Str("data").UInt8Array(count, 3072, pixels);
        b.Str("filenames").EmptyList().Mark();
        for (int i = 0; i < count; i++)
        {
            b.Str($"image_{i}.png");
        }

        return b.Appends().SetItems().Stop().ToArray();
    }
}
