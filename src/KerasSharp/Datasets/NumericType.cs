using System.Buffers.Binary;

namespace KerasSharp.Datasets;

/// <summary>
/// A NumPy numeric dtype as an <c>.npy</c> header or a pickle spells it (<c>'&lt;f8'</c>, <c>'|u1'</c>,
/// <c>'&gt;i4'</c>, <c>'|b1'</c>): kind (<c>f</c> float, <c>i</c> signed, <c>u</c> unsigned, <c>b</c> boolean),
/// size in bytes and byte order; decodes raw elements to doubles.
/// </summary>
/// <param name="Kind">The kind character.</param>
/// <param name="Size">The element size in bytes.</param>
/// <param name="BigEndian">True for <c>&gt;</c>.</param>
internal readonly record struct NumericType(char Kind, int Size, bool BigEndian)
{
    /// <summary>Parses a dtype string, with or without its byte-order character; null when it is not a supported
    /// number type (floats of 4 or 8 bytes, integers of 1, 2, 4 or 8 bytes, booleans).</summary>
    /// <param name="descr">The dtype string.</param>
    internal static NumericType? Parse(string descr)
    {
        ReadOnlySpan<char> text = descr;
        bool bigEndian = false;
        if (text.Length > 0 && text[0] is '<' or '>' or '|' or '=')
        {
            bigEndian = text[0] == '>';
            text = text[1..];
        }

        if (text.Length != 2)
        {
            return null;
        }

        int size = text[1] - '0';
        bool supported = text[0] switch
        {
            'f' => size is 4 or 8,
            'i' or 'u' => size is 1 or 2 or 4 or 8,
            'b' => size == 1,
            _ => false,
        };
        return supported ? new NumericType(text[0], size, bigEndian) : null;
    }

    /// <summary>Decodes <paramref name="values"/>.Length elements from the start of <paramref name="data"/>.</summary>
    /// <param name="data">The raw, C-ordered elements; at least <c>values.Length * Size</c> bytes.</param>
    /// <param name="values">Where the values go.</param>
    internal void Decode(ReadOnlySpan<byte> data, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> e = data.Slice(i * Size, Size);
            values[i] = (Kind, Size) switch
            {
                ('f', 8) => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(e) : BinaryPrimitives.ReadDoubleLittleEndian(e),
                ('f', _) => BigEndian ? BinaryPrimitives.ReadSingleBigEndian(e) : BinaryPrimitives.ReadSingleLittleEndian(e),
                ('i', 1) => (sbyte)e[0],
                ('i', 2) => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(e) : BinaryPrimitives.ReadInt16LittleEndian(e),
                ('i', 4) => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(e) : BinaryPrimitives.ReadInt32LittleEndian(e),
                ('i', _) => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(e) : BinaryPrimitives.ReadInt64LittleEndian(e),
                ('u', 2) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(e) : BinaryPrimitives.ReadUInt16LittleEndian(e),
                ('u', 4) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(e) : BinaryPrimitives.ReadUInt32LittleEndian(e),
                ('u', 8) => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(e) : BinaryPrimitives.ReadUInt64LittleEndian(e),
                _ => e[0], // u1, b1
            };
        }
    }
}
