using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Models;
using KerasSharp.Saving.Hdf5;
using PureHDF;
using PureHDF.VOL.Native;

namespace KerasSharp.Saving.Keras3;

/// <summary>
/// Keras 3's native <c>.keras</c> file (<c>keras/src/saving/saving_lib.py</c>): a zip holding
/// <c>metadata.json</c> (Keras version, date), <c>config.json</c> (the model's serialized config with its
/// <c>build_config</c> and <c>compile_config</c>) and <c>model.weights.h5</c> (see <see cref="WeightsFile"/>), stored
/// uncompressed as Keras writes it. Reading accepts deflated entries too, and guards against hostile archives:
/// entries with <c>..</c> or absolute paths, members that declare far more bytes than they store, and oversized configs
/// are refused with a message naming the file.
/// </summary>
internal static class KerasArchive
{
    /// <summary>The Keras version recorded in <c>metadata.json</c>: the release whose config format the writer follows.</summary>
    public const string KerasVersion = "3.10.0";

    private const string MetadataEntry = "metadata.json";
    private const string ConfigEntry = "config.json";
    private const string WeightsEntry = "model.weights.h5";

    // a config is text; tens of megabytes would already be an absurd model description
    private const long MaxConfigBytes = 64L << 20;

    // Keras' zip-bomb rule: a member larger than the floor that expands more than 100× its stored size
    private const long BombFloorBytes = 256L << 20;
    private const long MaxExpansion = 100;

    /// <summary>Writes the model as a <c>.keras</c> archive, atomically.</summary>
    public static void Save(Model model, string path)
    {
        var config = Serialize(model);
        var weights = new H5File();
        WeightsFile.Write(weights, model);
        long weightBytes = model.Weights.Sum(w => (long)w.Value.Size * sizeof(float))
            + (model.Optimizer is { Built: true } o ? o.Variables.Sum(v => (long)v.Value.Size * sizeof(float)) : 0);
        var h5 = new MemoryStream((int)Math.Min(Array.MaxLength, weightBytes + (1 << 20)));
        try
        {
            weights.Write(h5, new H5WriteOptions(PreferCompactDatasetLayout: false));
        }
        catch (Exception e) when (e is not (IOException or OutOfMemoryException))
        {
            throw new InvalidOperationException($"Could not write the weights of '{path}': {e.Message}", e);
        }
        var metadata = new JsonObject
        {
            ["keras_version"] = KerasVersion,
            ["date_saved"] = DateTime.Now.ToString("yyyy-MM-dd@HH:mm:ss", CultureInfo.InvariantCulture),
        };
        AtomicFile.Write(path, (Stream stream) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            WriteEntry(zip, MetadataEntry, Encoding.UTF8.GetBytes(metadata.ToJsonString()));
            WriteEntry(zip, ConfigEntry, Encoding.UTF8.GetBytes(config.ToJsonString()));
            var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression);
            using var target = entry.Open();
            h5.Position = 0;
            h5.CopyTo(target);
        });
    }

    /// <summary>The model's entry of <c>config.json</c>: its serialized config with build and compile configs.</summary>
    public static JsonObject Serialize(Model model)
    {
        var config = ObjectRegistry.SerializeLayer(model);
        if (model.IsCompiled)
        {
            config["compile_config"] = CompileConfig.Write(model);
        }
        return config;
    }

    /// <summary>Loads a model from a <c>.keras</c> archive (Keras' <c>load_model</c>).</summary>
    /// <exception cref="InvalidDataException">The archive is not a valid Keras file (the message names it and the problem).</exception>
    public static Model Load(string path, LoadOptions options)
    {
        using var zip = Open(path);
        var config = ReadJson(zip, ConfigEntry, path) as JsonObject
            ?? throw new InvalidDataException($"The '{ConfigEntry}' of '{path}' is not a JSON object.");
        Model model;
        // every weight is assigned from model.weights.h5 below, or the load fails
        using (LoadBudget.Limit(path, new FileInfo(path).Length, skipInitializers: true))
        using (ObjectRegistry.UseCustomObjects(options.CustomObjects))
        {
            model = ModelConfig.Build(config, path);
        }
        if (options.Compile)
        {
            CompileConfig.Compile(model, config["compile_config"], options, path);
        }
        using var weights = OpenWeights(zip, path);
        WeightsFile.Read(weights, model, skipMismatch: false, path);
        return model;
    }

    /// <summary>Loads the weights stored in a <c>.keras</c> archive into a built model (Keras' <c>load_weights("m.keras")</c>).</summary>
    public static void LoadWeights(Model model, string path, bool skipMismatch)
    {
        using var zip = Open(path);
        using var weights = OpenWeights(zip, path);
        WeightsFile.Read(weights, model, skipMismatch, path);
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static ZipArchive Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No file or directory found at {path}", path);
        }
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The file '{path}' is not a valid .keras archive (a zip file): {e.Message}", e);
        }
        try
        {
            foreach (var entry in zip.Entries)
            {
                string name = entry.FullName.Replace('\\', '/');
                if (name.StartsWith('/') || name.Split('/').Contains("..") || (name.Length > 1 && name[1] == ':'))
                {
                    throw new InvalidDataException(
                        $"The archive '{path}' has an entry with an unsafe path ('{entry.FullName}'): a .keras file's entries stay inside the archive.");
                }
            }
            return zip;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, string path, long limit)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException(
            $"The archive '{path}' has no '{name}': it is not a Keras 3 .keras file (its entries: {string.Join(", ", zip.Entries.Take(10).Select(e => e.FullName))}).");
        long declared = entry.Length;
        if (declared > limit)
        {
            throw new InvalidDataException($"The entry '{name}' of '{path}' declares {declared} bytes, more than the {limit} a model file's {name} can hold.");
        }
        if (declared > BombFloorBytes && declared > MaxExpansion * entry.CompressedLength)
        {
            throw new InvalidDataException(
                $"Not allowed: the entry '{name}' of '{path}' declares {declared} bytes but only {entry.CompressedLength} are stored; refusing to load a potential decompression bomb.");
        }
        var bytes = new byte[declared];
        try
        {
            using var stream = entry.Open();
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != bytes.Length || stream.ReadByte() != -1)
            {
                throw new InvalidDataException($"The entry '{name}' of '{path}' does not hold the {declared} bytes its header declares.");
            }
        }
        catch (InvalidDataException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The entry '{name}' of '{path}' is corrupt: {e.Message}", e);
        }
        return bytes;
    }

    private static JsonNode? ReadJson(ZipArchive zip, string name, string path)
    {
        var bytes = ReadEntry(zip, name, path, MaxConfigBytes);
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The '{name}' of '{path}' is not valid JSON: {e.Message}", e);
        }
    }

    private static NativeFile OpenWeights(ZipArchive zip, string path)
    {
        var bytes = ReadEntry(zip, WeightsEntry, path, Array.MaxLength);
        return H5Read.Open(new MemoryStream(bytes, writable: false), $"{path}/{WeightsEntry}");
    }
}
