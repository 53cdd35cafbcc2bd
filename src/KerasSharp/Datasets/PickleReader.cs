using System.Buffers.Binary;
using System.Text;

namespace KerasSharp.Datasets;

/// <summary>
/// A minimal, restricted reader of Python pickles (protocols 2 to 5), enough for the NumPy arrays the Keras datasets
/// store as pickles: the object arrays of <c>imdb.npz</c> and <c>reuters.npz</c> and the dicts of the CIFAR batches.
/// </summary>
/// <remarks>
/// <para>Values come back as .NET objects: <c>None</c> as null, <c>bool</c>, <c>int</c> as <see cref="long"/>,
/// <c>float</c> as <see cref="double"/>, <c>str</c> as <see cref="string"/>, <c>bytes</c> and Python 2 <c>str</c>
/// as <see cref="byte"/>[] (what Python's <c>encoding="bytes"</c> gives), <c>list</c> as
/// <see cref="List{T}"/> of object, <c>tuple</c> as <see cref="PickleTuple"/>, <c>dict</c> as
/// <see cref="PickleDict"/>, and a NumPy array as <see cref="PickledArray"/>.</para>
/// <para>Like Keras' restricted unpickler, no code runs: the only globals accepted are <c>numpy.ndarray</c>,
/// <c>numpy.dtype</c> and <c>numpy(._)core.multiarray._reconstruct</c> (and <c>_codecs.encode</c>, with which
/// Python 3 writes <c>bytes</c> in protocol 2), each interpreted here rather than called. Every length the stream
/// declares is checked against the bytes that are left before anything is allocated, so a hostile file cannot make
/// the reader allocate more than about the size of the file; any problem is an <see cref="InvalidDataException"/>
/// naming the file and the byte offset.</para>
/// </remarks>
internal sealed class PickleReader
{
    private const int SmallIntCount = 1 << 17;

    private readonly byte[] _data;
    private readonly string _source;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    // boxes of small non-negative integers, shared by the many word indices of a text dataset
    private readonly object?[] _smallInts = new object?[SmallIntCount];
    private int _position;
    private int _opcodeStart;

    private PickleReader(byte[] data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>Reads the pickle in <paramref name="data"/> (up to its <c>STOP</c>).</summary>
    /// <param name="data">The pickle's bytes.</param>
    /// <param name="source">What the bytes are, for error messages (e.g. <c>'imdb.npz' array 'x_train'</c>).</param>
    /// <returns>The unpickled value.</returns>
    /// <exception cref="InvalidDataException">The bytes are truncated, malformed, use an unsupported opcode or refer to a
    /// global other than the NumPy array ones.</exception>
    internal static object? Read(byte[] data, string source) => new PickleReader(data, source).Run();

    private object? Run()
    {
        while (true)
        {
            _opcodeStart = _position;
            byte opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: // PROTO
                    byte protocol = ReadByte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Error($"pickle protocol {protocol} is not supported (expected 2 to 5)");
                    }

                    break;
                case 0x95: // FRAME: an 8-byte length hint, the frame's bytes follow inline
                    ReadLength(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0)
                    {
                        throw Error($"the pickle ends with {_stack.Count} values on the stack");
                    }

                    return _stack[0];
                case (byte)'(':
                    _marks.Add(_stack.Count);
                    break;
                case (byte)']':
                    Push(new List<object?>());
                    break;
                case (byte)'}':
                    Push(new PickleDict());
                    break;
                case (byte)')':
                    Push(new PickleTuple([]));
                    break;
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case (byte)'J': // BININT
                    Push(Integer(BinaryPrimitives.ReadInt32LittleEndian(Take(4))));
                    break;
                case (byte)'K': // BININT1
                    Push(Integer(ReadByte()));
                    break;
                case (byte)'M': // BININT2
                    Push(Integer(BinaryPrimitives.ReadUInt16LittleEndian(Take(2))));
                    break;
                case 0x8a: // LONG1
                    Push(Integer(ReadLong(ReadByte())));
                    break;
                case 0x8b: // LONG4
                    Push(Integer(ReadLong(ReadLength(4))));
                    break;
                case (byte)'G': // BINFLOAT, big-endian
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'U': // SHORT_BINSTRING (Python 2 str)
                    Push(Take(ReadByte()).ToArray());
                    break;
                case (byte)'T': // BINSTRING
                    Push(Take(ReadLength(4)).ToArray());
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(Take(ReadByte()).ToArray());
                    break;
                case (byte)'B': // BINBYTES
                    Push(Take(ReadLength(4)).ToArray());
                    break;
                case 0x8e: // BINBYTES8
                case 0x96: // BYTEARRAY8
                    Push(Take(ReadLength(8)).ToArray());
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(Utf8(Take(ReadByte())));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(Utf8(Take(ReadLength(4))));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(Utf8(Take(ReadLength(8))));
                    break;
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: // TUPLE3
                    int count = opcode - 0x84;
                    Require(count);
                    Push(new PickleTuple(PopItems(_stack.Count - count)));
                    break;
                case (byte)'t': // TUPLE
                    Push(new PickleTuple(PopItems(PopMark())));
                    break;
                case (byte)'l': // LIST
                    Push(new List<object?>(PopItems(PopMark())));
                    break;
                case (byte)'d': // DICT
                    var dict = new PickleDict();
                    AddPairs(dict, PopItems(PopMark()));
                    Push(dict);
                    break;
                case (byte)'a': // APPEND
                    Require(2);
                    object? item = Pop();
                    Expect<List<object?>>(Peek(), "APPEND").Add(item);
                    break;
                case (byte)'e': // APPENDS
                    object?[] items = PopItems(PopMark());
                    Require(1);
                    Expect<List<object?>>(Peek(), "APPENDS").AddRange(items);
                    break;
                case (byte)'s': // SETITEM
                    Require(3);
                    object? value = Pop();
                    object? key = Pop();
                    Expect<PickleDict>(Peek(), "SETITEM").Add(key, value);
                    break;
                case (byte)'u': // SETITEMS
                    object?[] pairs = PopItems(PopMark());
                    Require(1);
                    AddPairs(Expect<PickleDict>(Peek(), "SETITEMS"), pairs);
                    break;
                case (byte)'0': // POP
                    Require(1);
                    Pop();
                    break;
                case (byte)'1': // POP_MARK
                    PopItems(PopMark());
                    break;
                case (byte)'2': // DUP
                    Require(1);
                    Push(Peek());
                    break;
                case (byte)'q': // BINPUT
                    Memoize(ReadByte());
                    break;
                case (byte)'r': // LONG_BINPUT
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));
                    break;
                case 0x94: // MEMOIZE
                    Memoize(_memo.Count);
                    break;
                case (byte)'h': // BINGET
                    Push(Recall(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case (byte)'c': // GLOBAL: module and name, each ended by a newline
                    string module = ReadLine();
                    Push(Global(module, ReadLine()));
                    break;
                case 0x93: // STACK_GLOBAL
                    Require(2);
                    string name = Expect<string>(Pop(), "STACK_GLOBAL");
                    Push(Global(Expect<string>(Pop(), "STACK_GLOBAL"), name));
                    break;
                case (byte)'R': // REDUCE
                    Require(2);
                    PickleTuple arguments = Expect<PickleTuple>(Pop(), "REDUCE");
                    Push(Reduce(Expect<PickleGlobal>(Pop(), "REDUCE"), arguments));
                    break;
                case (byte)'b': // BUILD
                    Require(2);
                    object? state = Pop();
                    Build(Peek(), state);
                    break;
                default:
                    throw Error($"unknown or unsupported pickle opcode 0x{opcode:x2}");
            }
        }
    }

    private object Integer(long value) =>
        value is >= 0 and < SmallIntCount ? _smallInts[value] ??= value : value;

    private long ReadLong(int length)
    {
        if (length > 8)
        {
            throw Error($"an integer of {length} bytes does not fit in 64 bits");
        }

        ReadOnlySpan<byte> bytes = Take(length);
        if (length == 0)
        {
            return 0;
        }

        long value = (sbyte)bytes[length - 1]; // two's complement, little-endian: the top byte carries the sign
        for (int i = length - 2; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private PickleGlobal Global(string module, string name) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => PickleGlobal.Reconstruct,
        ("numpy", "ndarray") => PickleGlobal.NdArray,
        ("numpy", "dtype") => PickleGlobal.Dtype,
        ("_codecs", "encode") => PickleGlobal.Encode,
        _ => throw Error($"refusing to load the Python global `{module}.{name}`: only NumPy arrays are read"),
    };

    private object Reduce(PickleGlobal callable, PickleTuple arguments)
    {
        object?[] args = arguments.Items;
        switch (callable)
        {
            case PickleGlobal.Reconstruct when args.Length == 3 && args[0] is PickleGlobal.NdArray:
                return new PickledArray();
            case PickleGlobal.Dtype when args.Length >= 1 && args[0] is string or byte[]:
                return new PickledDtype(args[0] is string s ? s : Encoding.Latin1.GetString((byte[])args[0]!));
            case PickleGlobal.Encode when args.Length == 2 && args[0] is string text && args[1] is "latin1" or "latin-1":
                return Encoding.Latin1.GetBytes(text);
            default:
                throw Error($"cannot call {callable} with {args.Length} arguments");
        }
    }

    private void Build(object? target, object? state)
    {
        object?[] items = Expect<PickleTuple>(state, "BUILD").Items;
        switch (target)
        {
            case PickledDtype dtype when items.Length >= 2:
                dtype.ByteOrder = items[1] switch
                {
                    string s when s.Length == 1 => s[0],
                    byte[] b when b.Length == 1 => (char)b[0],
                    _ => throw Error("a NumPy dtype's state has no byte order"),
                };
                break;
            case PickledArray array when items.Length is 4 or 5:
                int first = items.Length - 4; // version 1 states start with the version number
                PickleTuple shape = Expect<PickleTuple>(items[first], "an array's shape");
                array.Shape = new int[shape.Items.Length];
                for (int i = 0; i < array.Shape.Length; i++)
                {
                    array.Shape[i] = shape.Items[i] is long d and >= 0 and <= int.MaxValue ? (int)d : throw Error("an array's shape is not a tuple of sizes");
                }

                array.Dtype = Expect<PickledDtype>(items[first + 1], "an array's dtype");
                if (items[first + 2] is true)
                {
                    throw Error("Fortran-ordered arrays are not supported");
                }

                switch (items[first + 3])
                {
                    case byte[] raw:
                        array.Raw = raw;
                        break;
                    case string text:
                        array.Raw = Encoding.Latin1.GetBytes(text);
                        break;
                    case List<object?> objects:
                        array.Objects = objects;
                        break;
                    default:
                        throw Error("an array's data is neither bytes nor a list");
                }

                break;
            default:
                throw Error($"cannot BUILD a {Describe(target)} from a state of {items.Length} items");
        }
    }

    private void AddPairs(PickleDict dict, object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw Error("a dict has a key without a value");
        }

        for (int i = 0; i < pairs.Length; i += 2)
        {
            dict.Add(pairs[i], pairs[i + 1]);
        }
    }

    private void Memoize(long index)
    {
        Require(1);
        _memo[index] = Peek();
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Error($"memo entry {index} is used before it is stored");

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() => _stack[^1];

    private void Require(int count)
    {
        int floor = _marks.Count == 0 ? 0 : _marks[^1];
        if (_stack.Count - floor < count)
        {
            throw Error($"the opcode needs {count} values but the stack holds {_stack.Count - floor}");
        }
    }

    private int PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Error("the opcode needs a MARK but there is none");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        return mark;
    }

    private object?[] PopItems(int from)
    {
        object?[] items = _stack.GetRange(from, _stack.Count - from).ToArray();
        _stack.RemoveRange(from, _stack.Count - from);
        return items;
    }

    private T Expect<T>(object? value, string what) =>
        value is T typed ? typed : throw Error($"{what} expected a {typeof(T).Name} but found a {Describe(value)}");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PickleGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated(1);
        }

        return _data[_position++];
    }

    private int ReadLength(int width)
    {
        ReadOnlySpan<byte> bytes = Take(width);
        ulong length = width switch
        {
            4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
        int left = _data.Length - _position;
        if (length > (ulong)left)
        {
            throw Error($"a length of {length} bytes is declared but only {left} bytes are left");
        }

        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw Truncated(count);
        }

        var span = new ReadOnlySpan<byte>(_data, _position, count);
        _position += count;
        return span;
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _position, Math.Min(_data.Length - _position, 256));
        if (end < 0)
        {
            throw Error("a GLOBAL name is not ended by a newline within 256 bytes");
        }

        string line = Encoding.ASCII.GetString(_data, _position, end - _position);
        _position = end + 1;
        return line;
    }

    private InvalidDataException Truncated(int needed) =>
        Error($"the pickle is truncated: {needed} more bytes were expected but the data ends");

    private InvalidDataException Error(string what) =>
        new($"{_source} is not a pickle of NumPy arrays that can be read: {what} (opcode at byte {_opcodeStart}).");
}

/// <summary>The few Python globals a dataset pickle may refer to.</summary>
internal enum PickleGlobal
{
    /// <summary><c>numpy.core.multiarray._reconstruct</c>, which makes an empty array to <c>BUILD</c>.</summary>
    Reconstruct,

    /// <summary><c>numpy.ndarray</c>, the class passed to <c>_reconstruct</c>.</summary>
    NdArray,

    /// <summary><c>numpy.dtype</c>.</summary>
    Dtype,

    /// <summary><c>_codecs.encode</c>, with which Python 3 pickles <c>bytes</c> in protocol 2.</summary>
    Encode,
}

/// <summary>A Python tuple read from a pickle.</summary>
/// <param name="Items">The elements.</param>
internal sealed record PickleTuple(object?[] Items);

/// <summary>A Python dict read from a pickle, its pairs in order; keys may be <c>str</c> or <c>bytes</c>.</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object?, object?>> _pairs = [];

    /// <summary>The pairs, in the order they were stored.</summary>
    internal IReadOnlyList<KeyValuePair<object?, object?>> Pairs => _pairs;

    /// <summary>Adds or replaces a pair (Python's <c>d[key] = value</c>).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    internal void Add(object? key, object? value)
    {
        for (int i = 0; i < _pairs.Count; i++)
        {
            if (SameKey(_pairs[i].Key, key))
            {
                _pairs[i] = new(key, value);
                return;
            }
        }

        _pairs.Add(new(key, value));
    }

    /// <summary>Finds the value of a text key, stored as <c>str</c> or as UTF-8 <c>bytes</c> (what Python 2 pickles
    /// hold and Keras decodes).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    internal bool TryGetValue(string key, out object? value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key is string s ? s == key : pair.Key is byte[] b && Encoding.UTF8.GetString(b) == key)
            {
                value = pair.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The keys as text, for error messages.</summary>
    internal IEnumerable<string> KeyNames => _pairs.Select(p => p.Key switch
    {
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => Convert.ToString(p.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "None",
    });

    private static bool SameKey(object? a, object? b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };
}

/// <summary>A NumPy dtype read from a pickle: its name (<c>u1</c>, <c>i8</c>, <c>O8</c>) and byte order.</summary>
/// <param name="name">The name passed to <c>numpy.dtype</c>.</param>
internal sealed class PickledDtype(string name)
{
    /// <summary>The name passed to <c>numpy.dtype</c>, e.g. <c>u1</c> or <c>O8</c>.</summary>
    internal string Name { get; } = name;

    /// <summary>The byte order of the state: <c>&lt;</c>, <c>&gt;</c>, <c>|</c> (not applicable) or <c>=</c>.</summary>
    internal char ByteOrder { get; set; } = '|';
}

/// <summary>A NumPy array read from a pickle: shape, dtype and either its raw bytes or, for an object array, its
/// elements.</summary>
internal sealed class PickledArray
{
    /// <summary>The shape; empty until the array's state is read.</summary>
    internal int[] Shape { get; set; } = [];

    /// <summary>The dtype, or null until the array's state is read.</summary>
    internal PickledDtype? Dtype { get; set; }

    /// <summary>The C-ordered element bytes of a numeric array.</summary>
    internal byte[]? Raw { get; set; }

    /// <summary>The elements of an object array.</summary>
    internal List<object?>? Objects { get; set; }
}
