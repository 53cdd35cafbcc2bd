using PureHDF;
using PureHDF.VOL.Native;

namespace KerasSharp.Saving.Hdf5;

/// <summary>
/// Reading the parts of an HDF5 file that Keras' legacy format uses, in every variant real files have: string
/// attributes stored with variable or fixed length (ASCII or UTF-8), string lists split over numbered attributes
/// (<c>layer_names0</c>, <c>layer_names1</c>, …), empty lists stored as float64 arrays, float32/float64/float16 and
/// integer datasets, and link names written on Windows with backslashes instead of nested groups.
/// </summary>
internal static class H5Read
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Opens an HDF5 file for reading, with an error that names the file when it is missing or not HDF5.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an HDF5 file, or PureHDF cannot read it.</exception>
    public static NativeFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file or directory found at {path}", path);
        }
        long superblock = SignatureOffset(path);
        if (superblock < 0)
        {
            throw new InvalidDataException(
                $"The file '{path}' is not an HDF5 file (it does not start with the HDF5 signature), so it is not a legacy Keras .h5 model or weights file.");
        }
        CheckLength(path, superblock);
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception e) when (e is not (IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new InvalidDataException($"The HDF5 file '{path}' could not be read: {e.Message}", e);
        }
    }

    /// <summary>Opens HDF5 content held in a seekable stream (an archive's entry); <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">The content is not HDF5, or PureHDF cannot read it.</exception>
    public static NativeFile Open(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[8];
        stream.Position = 0;
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) != 8 || !head.SequenceEqual(Signature))
        {
            throw new InvalidDataException($"'{name}' is not an HDF5 file (it does not start with the HDF5 signature).");
        }
        stream.Position = 0;
        try
        {
            return H5File.Open(stream, leaveOpen: false);
        }
        catch (Exception e) when (e is not (IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new InvalidDataException($"The HDF5 file '{name}' could not be read: {e.Message}", e);
        }
    }

    /// <summary>True when the file starts with the HDF5 signature (at offset 0 or after a user block of 512·2ⁿ bytes).</summary>
    public static bool HasSignature(string path) => SignatureOffset(path) >= 0;

    /// <summary>Where the HDF5 signature (and the superblock) starts: 0, or after a user block of 512·2ⁿ bytes; -1 when it is absent.</summary>
    private static long SignatureOffset(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Signature))
            {
                return offset;
            }
        }
        return -1;
    }

    /// <summary>
    /// Compares the file's length with the end-of-file address its superblock records, so that a truncated file
    /// fails at once with a clear message rather than somewhere inside the HDF5 reader.
    /// </summary>
    /// <exception cref="InvalidDataException">The superblock is cut off or unknown, or the file is shorter than it says.</exception>
    private static void CheckLength(string path, long superblock)
    {
        using var stream = File.OpenRead(path);
        Span<byte> block = stackalloc byte[64];
        stream.Position = superblock;
        int read = stream.ReadAtLeast(block, block.Length, throwOnEndOfStream: false);
        int version = read > 8 ? block[8] : -1;
        // superblock v0/v1: sizes at bytes 13 and 14, addresses from byte 24 (v0) or 28 (v1); v2/v3: size at byte 9, addresses from byte 12
        int offsetSize = version switch { 0 or 1 => read > 13 ? block[13] : 0, 2 or 3 => read > 9 ? block[9] : 0, _ => -1 };
        if (offsetSize < 0)
        {
            throw new InvalidDataException($"The HDF5 file '{path}' has a superblock of unknown version {version}, so it cannot be read.");
        }
        int addresses = version switch { 0 => 24, 1 => 28, _ => 12 };
        // base address, then (v0/v1) the free-space address or (v2/v3) the superblock extension, then the end of file
        int end = addresses + 3 * offsetSize;
        if (offsetSize is not (2 or 4 or 8) || read < end)
        {
            throw new InvalidDataException($"The HDF5 file '{path}' is truncated or damaged: its superblock is incomplete.");
        }
        ulong baseAddress = Address(block.Slice(addresses, offsetSize));
        ulong endOfFile = Address(block.Slice(addresses + 2 * offsetSize, offsetSize));
        if (endOfFile == Undefined(offsetSize) || baseAddress == Undefined(offsetSize))
        {
            return;
        }
        if (endOfFile > (ulong)long.MaxValue || baseAddress > (ulong)long.MaxValue - endOfFile || (long)(baseAddress + endOfFile) > stream.Length)
        {
            throw new InvalidDataException(
                $"The HDF5 file '{path}' is truncated: its superblock says it is {baseAddress + endOfFile} bytes long, but it has {stream.Length} bytes.");
        }
    }

    private static ulong Address(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }
        return value;
    }

    private static ulong Undefined(int size) => size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;

    /// <summary>
    /// Checks, before anything is read, that a dataset or attribute of <paramref name="dimensions"/> items of
    /// <paramref name="itemSize"/> bytes can be stored in the file: uncompressed data must fit in the file's length,
    /// compressed data in the most a deflate stream expands to.
    /// </summary>
    /// <exception cref="InvalidDataException">The declared size cannot be real, or exceeds what one array holds.</exception>
    public static int CheckedCount(ulong[] dimensions, long itemSize, bool compressed, string what, string file)
    {
        double elements = 1;
        foreach (var d in dimensions)
        {
            elements *= d;
        }
        // the file's length bounds uncompressed data (when the name given for messages is not a path, only the array limit applies)
        long length = File.Exists(file) ? new FileInfo(file).Length : long.MaxValue;
        double limit = length * (compressed ? MaxDeflateRatio : 1.0);
        if (elements * Math.Max(1, itemSize) > limit || elements > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"The file '{file}' is damaged: {what} declares the shape ({string.Join(", ", dimensions)}) of {itemSize}-byte values, more than the {length}-byte file can hold.");
        }
        return (int)elements;
    }

    // deflate expands at most about 1032 : 1
    private const double MaxDeflateRatio = 1100;

    /// <summary>A string attribute (scalar, or the first entry of a one-element array), or null when it is missing.</summary>
    /// <exception cref="InvalidDataException">The attribute is not a string.</exception>
    public static string? String(IH5Object owner, string name, string file)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }
        var attribute = owner.Attribute(name);
        if (!IsString(attribute.Type))
        {
            throw new InvalidDataException(
                $"The attribute '{name}' of '{Where(owner)}' in '{file}' should be a string, but it is stored as {attribute.Type.Class}.");
        }
        if (attribute.Space.Type == H5DataspaceType.Scalar)
        {
            return Clean(attribute.Read<string>());
        }
        CheckedCount(attribute.Space.Dimensions, attribute.Type.Size, compressed: false, $"the attribute '{name}' of '{Where(owner)}'", file);
        var values = attribute.Read<string[]>();
        return values.Length > 0 ? Clean(values[0]) : "";
    }

    /// <summary>
    /// A list of strings stored as Keras does (<c>load_attributes_from_hdf5_group</c>): the attribute
    /// <paramref name="name"/>, or the numbered chunks <c>{name}0</c>, <c>{name}1</c>, … when it was too large for one
    /// attribute; empty when neither exists or the list was stored as an empty (float64) array.
    /// </summary>
    public static List<string> Strings(IH5Object owner, string name, string file)
    {
        var values = new List<string>();
        if (owner.AttributeExists(name))
        {
            AddStrings(owner.Attribute(name), values, owner, file);
            return values;
        }
        for (int chunk = 0; owner.AttributeExists($"{name}{chunk}"); chunk++)
        {
            AddStrings(owner.Attribute($"{name}{chunk}"), values, owner, file);
        }
        return values;
    }

    /// <summary>True when <paramref name="owner"/> has the attribute <paramref name="name"/> or its first numbered chunk.</summary>
    public static bool HasList(IH5Object owner, string name) => owner.AttributeExists(name) || owner.AttributeExists($"{name}0");

    /// <summary>
    /// The group or dataset at <paramref name="path"/> below <paramref name="group"/>, or null. Besides the nested
    /// path, it accepts a link named with backslashes in one piece (<c>dense\kernel:0</c>), which files written on
    /// Windows contain, and the reverse.
    /// </summary>
    public static IH5Object? Find(IH5Group group, string path)
    {
        if (path.Length == 0)
        {
            return null;
        }
        if (!path.Contains('\\') && group.LinkExists(path))
        {
            return group.Get(path);
        }
        // walk the links, comparing names with backslashes read as separators
        string wanted = path.Replace('\\', '/').Trim('/');
        foreach (var child in group.Children())
        {
            string name = child.Name.Replace('\\', '/');
            if (name == wanted)
            {
                return child;
            }
            if (child is IH5Group sub && wanted.StartsWith(name + "/", StringComparison.Ordinal))
            {
                if (Find(sub, wanted[(name.Length + 1)..]) is { } found)
                {
                    return found;
                }
            }
        }
        return null;
    }

    /// <summary>The dataset's values as float32, whatever numeric type it is stored with, and its shape.</summary>
    /// <exception cref="InvalidDataException">The dataset is not numeric.</exception>
    public static (float[] Values, int[] Shape) Floats(IH5Dataset dataset, string what, string file)
    {
        var type = dataset.Type;
        var layout = dataset.Layout.Class;
        if (layout == H5DataLayoutClass.VirtualStorage)
        {
            throw new NotSupportedException($"The weight {what} in '{file}' is a virtual dataset (it refers to other files), which cannot be loaded.");
        }
        CheckedCount(dataset.Space.Dimensions, type.Size, compressed: layout == H5DataLayoutClass.Chunked, $"the weight {what}", file);
        var shape = Array.ConvertAll(dataset.Space.Dimensions, d => (int)d);
        float[] values = (type.Class, type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
            (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
            (H5DataTypeClass.FloatingPoint, 2) => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 8) => type.FixedPoint.IsSigned
                ? Array.ConvertAll(dataset.Read<long[]>(), v => (float)v)
                : Array.ConvertAll(dataset.Read<ulong[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 4) => type.FixedPoint.IsSigned
                ? Array.ConvertAll(dataset.Read<int[]>(), v => (float)v)
                : Array.ConvertAll(dataset.Read<uint[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 2) => type.FixedPoint.IsSigned
                ? Array.ConvertAll(dataset.Read<short[]>(), v => (float)v)
                : Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            (H5DataTypeClass.FixedPoint, 1) => type.FixedPoint.IsSigned
                ? Array.ConvertAll(dataset.Read<sbyte[]>(), v => (float)v)
                : Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            _ => throw new InvalidDataException(
                $"The weight {what} in '{file}' is stored as {type.Class} of {type.Size} bytes; only float and integer weights can be loaded."),
        };
        return (values, shape);
    }

    /// <summary>The path of an object for messages (<c>/</c> for the root group).</summary>
    public static string Where(IH5Object owner) => owner is NativeFile ? "/" : owner.Name;

    private static void AddStrings(IH5Attribute attribute, List<string> values, IH5Object owner, string file)
    {
        if (!IsString(attribute.Type))
        {
            // Keras writes an empty list as a float64 array of shape (0,)
            if (attribute.Space.Dimensions.Length == 1 && attribute.Space.Dimensions[0] == 0)
            {
                return;
            }
            throw new InvalidDataException(
                $"The attribute '{attribute.Name}' of '{Where(owner)}' in '{file}' should be a list of names, but it is stored as {attribute.Type.Class}.");
        }
        if (attribute.Space.Type == H5DataspaceType.Scalar)
        {
            values.Add(Clean(attribute.Read<string>()));
            return;
        }
        CheckedCount(attribute.Space.Dimensions, attribute.Type.Size, compressed: false, $"the attribute '{attribute.Name}' of '{Where(owner)}'", file);
        foreach (var value in attribute.Read<string[]>())
        {
            values.Add(Clean(value));
        }
    }

    // a variable-length string is a variable-length sequence of one-byte characters
    private static bool IsString(IH5DataType type) =>
        type.Class == H5DataTypeClass.String
        || (type.Class == H5DataTypeClass.VariableLength
            && type.VariableLength.BaseType is { Size: 1, Class: H5DataTypeClass.FixedPoint or H5DataTypeClass.String });

    // fixed-length strings come back with their padding
    private static string Clean(string? value) => value is null ? "" : value.TrimEnd('\0');
}
