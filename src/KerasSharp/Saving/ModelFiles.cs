using System.Text;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Saving;

/// <summary>The kinds of model file the library reads.</summary>
internal enum ModelFileKind
{
    /// <summary>A Keras 3 <c>.keras</c> zip archive.</summary>
    KerasArchive,

    /// <summary>A legacy Keras 2 HDF5 file with a model config (architecture, weights, training config).</summary>
    LegacyModel,

    /// <summary>A legacy Keras 2 HDF5 weights file (<c>layer_names</c> at the root).</summary>
    LegacyWeights,

    /// <summary>A Keras 3 HDF5 weights file (<c>.weights.h5</c>: groups <c>layers/…/vars</c>).</summary>
    Keras3Weights,

    /// <summary>A TF.js layers model: a <c>model.json</c>, or a folder holding one.</summary>
    Tfjs,

    /// <summary>A JSON file that is a Keras model config (what <c>to_json</c> writes), without weights.</summary>
    KerasJson,
}

/// <summary>
/// Tells a model file's format from its bytes, not its name: real <c>.keras</c> files that are HDF5 exist (Keras 2.x
/// wrote its HDF5 format under any name), and a weights file may be called anything.
/// </summary>
internal static class ModelFiles
{
    /// <summary>The format of the file or folder at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists there.</exception>
    /// <exception cref="InvalidDataException">The bytes match no format the library reads (the message shows the first ones).</exception>
    public static ModelFileKind Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, "model.json")))
            {
                return ModelFileKind.Tfjs;
            }
            throw new InvalidDataException(
                $"'{path}' is a folder without a model.json. KerasSharp reads .keras archives, legacy .h5 files, .weights.h5 files and TF.js model folders (with model.json); TensorFlow SavedModel folders are not supported.");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file or directory found at {path}", path);
        }
        Span<byte> head = stackalloc byte[16];
        int count;
        using (var stream = File.OpenRead(path))
        {
            count = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        head = head[..count];
        if (count == 0)
        {
            throw new InvalidDataException($"The file '{path}' is empty: it holds no model (a save that never finished, or a file that was truncated).");
        }
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return ModelFileKind.KerasArchive;
        }
        if (H5Read.HasSignature(path))
        {
            using var file = H5Read.Open(path);
            if (!LegacyH5Format.IsLegacy(file))
            {
                // Keras 3's store: top-level groups "vars", "layers", "optimizer" (named "layers\dense" when written on Windows)
                if (file.Children().Any(c => c.Name is "vars" or "layers" or "optimizer" || c.Name.StartsWith("layers\\", StringComparison.Ordinal)))
                {
                    return ModelFileKind.Keras3Weights;
                }
                throw new InvalidDataException(
                    $"The file '{path}' is an HDF5 file but not a Keras model or weights file: it has neither a legacy 'model_config' or 'layer_names' attribute nor Keras 3's 'layers' and 'vars' groups.");
            }
            return file.AttributeExists("model_config") ? ModelFileKind.LegacyModel : ModelFileKind.LegacyWeights;
        }
        if (LooksLikeJson(head))
        {
            return IsTfjs(path) ? ModelFileKind.Tfjs : ModelFileKind.KerasJson;
        }
        throw new InvalidDataException(
            $"File format not supported: filepath={path}. KerasSharp reads Keras 3 .keras archives (zip), legacy Keras .h5 files and Keras 3 .weights.h5 files (HDF5), and TF.js model.json files; " +
            $"this file starts with the bytes {Convert.ToHexString(head[..Math.Min(8, head.Length)])}.");
    }

    private static bool LooksLikeJson(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }
        head = head.TrimStart(" \t\r\n"u8);
        return head.Length > 0 && head[0] == (byte)'{';
    }

    // a TF.js model.json has "modelTopology" (and "weightsManifest") at its top level; read a bounded prefix only
    private static bool IsTfjs(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(stream.Length, 1 << 20)];
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        string text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Contains("\"modelTopology\"", StringComparison.Ordinal) || text.Contains("\"weightsManifest\"", StringComparison.Ordinal);
    }
}
