using System.Text;
using PureHDF;

namespace KerasSharp.Saving.Hdf5;

/// <summary>
/// Building an HDF5 file the way Keras' legacy writer lays it out (nested groups for the <c>/</c> in weight names,
/// float32 datasets, string lists split over numbered attributes when too large) and writing it atomically.
/// </summary>
internal static class H5Write
{
    /// <summary>The largest attribute Keras writes in one piece (<c>HDF5_OBJECT_HEADER_LIMIT</c>).</summary>
    public const int AttributeLimit = 64512;

    // the size of one variable-length string's reference inside an attribute
    private const int VariableLengthReference = 16;

    private static readonly H5WriteOptions s_options = new(PreferCompactDatasetLayout: false);

    /// <summary>The group at <paramref name="path"/> below <paramref name="parent"/> (segments split at <c>/</c>), created as needed.</summary>
    /// <exception cref="InvalidOperationException">A segment already names a dataset.</exception>
    public static H5Group Group(H5Group parent, string path)
    {
        var group = parent;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!group.TryGetValue(segment, out var child))
            {
                var created = new H5Group();
                group[segment] = created;
                group = created;
            }
            else
            {
                group = child as H5Group
                    ?? throw new InvalidOperationException($"Cannot create the group '{path}': '{segment}' is already a dataset.");
            }
        }
        return group;
    }

    /// <summary>Adds a float32 dataset at <paramref name="path"/> (groups created for its <c>/</c>-separated segments).</summary>
    /// <exception cref="InvalidOperationException">The path is already used.</exception>
    public static void Dataset(H5Group group, string path, ReadOnlySpan<float> values, ReadOnlySpan<int> shape)
    {
        int slash = path.LastIndexOf('/');
        var parent = slash < 0 ? group : Group(group, path[..slash]);
        string name = path[(slash + 1)..];
        if (parent.ContainsKey(name))
        {
            throw new InvalidOperationException($"Cannot write the dataset '{path}': the name is already used.");
        }
        parent[name] = shape.Length == 0
            ? new H5Dataset(values[0])
            : new H5Dataset(values.ToArray(), fileDims: Array.ConvertAll(shape.ToArray(), d => (ulong)d));
    }

    /// <summary>Adds a scalar int64 dataset (Keras' optimizer iteration counter).</summary>
    public static void Scalar(H5Group group, string path, long value)
    {
        int slash = path.LastIndexOf('/');
        var parent = slash < 0 ? group : Group(group, path[..slash]);
        parent[path[(slash + 1)..]] = new H5Dataset(value);
    }

    /// <summary>
    /// Writes a list of strings as Keras' <c>save_attributes_to_hdf5_group</c> does: one attribute, or, when that
    /// would exceed <see cref="AttributeLimit"/> bytes, numbered chunks <c>{name}0</c>, <c>{name}1</c>, … of equal
    /// length (the first ones one longer), as many as needed. An empty list is an empty float64 array, as Keras writes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">One string alone is larger than the limit.</exception>
    public static void Strings(H5Object owner, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            owner.Attributes[name] = Array.Empty<double>();
            return;
        }
        int longest = 1;
        foreach (var value in values)
        {
            longest = Math.Max(longest, Encoding.UTF8.GetByteCount(value));
        }
        if (longest > AttributeLimit)
        {
            var bad = values.Where(v => Encoding.UTF8.GetByteCount(v) > AttributeLimit).Select(v => v.Length > 80 ? v[..80] + "…" : v);
            throw new InvalidOperationException(
                $"The following attributes cannot be saved to HDF5 file because they are larger than {AttributeLimit} bytes: [{string.Join(", ", bad)}]");
        }
        // Keras sizes a chunk as fixed-length strings of the longest one; a variable-length string costs its reference
        int itemSize = Math.Max(longest, VariableLengthReference);
        int chunks = 1;
        while ((values.Count + chunks - 1) / chunks * (long)itemSize > AttributeLimit)
        {
            chunks++;
        }
        if (chunks == 1)
        {
            owner.Attributes[name] = values.ToArray();
            return;
        }
        int start = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            // numpy.array_split: the first (count % chunks) chunks take one more
            int length = values.Count / chunks + (chunk < values.Count % chunks ? 1 : 0);
            owner.Attributes[$"{name}{chunk}"] = values.Skip(start).Take(length).ToArray();
            start += length;
        }
    }

    /// <summary>
    /// Writes the file to a temporary file in the target's folder, then renames it over <paramref name="path"/>, so
    /// that a failed save leaves any previous file intact. Creates the folder when needed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The HDF5 writer rejected the content (the message names the file).</exception>
    public static void Atomically(H5File file, string path) => AtomicFile.Write(path, (string temp) =>
    {
        try
        {
            file.Write(temp, s_options);
        }
        catch (Exception e) when (e is not (IOException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new InvalidOperationException($"Could not write the HDF5 file '{path}': {e.Message}", e);
        }
    });
}
