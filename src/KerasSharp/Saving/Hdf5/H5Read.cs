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
        if (!HasSignature(path))
        {
            throw new InvalidDataException(
                $"The file '{path}' is not an HDF5 file (it does not start with the HDF5 signature), so it is not a legacy Keras .h5 model or weights file.");
        }
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
    public static bool HasSignature(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Signature))
            {
                return true;
            }
        }
        return false;
    }

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
        var shape = Array.ConvertAll(dataset.Space.Dimensions, d => checked((int)d));
        var type = dataset.Type;
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
