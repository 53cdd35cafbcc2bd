using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Saving;
using KerasSharp.Saving.Keras3;
using KerasSharp.Saving.LegacyH5;
using KerasSharp.Saving.Tfjs;

namespace KerasSharp.Models;

public partial class Model
{
    /// <summary>
    /// Saves the whole model — architecture, weights, compile configuration and optimizer state — to one file
    /// (Keras' <c>model.save(filepath)</c>). A path ending in <c>.keras</c> gets Keras 3's native archive, which Keras
    /// 3 loads with <c>keras.models.load_model</c>; <c>.h5</c> or <c>.hdf5</c> gets Keras 2's legacy HDF5 format. The
    /// file is written beside the target and renamed over it, so a failed save leaves any previous file intact.
    /// </summary>
    /// <param name="filepath">The file to write; its folder is created when needed.</param>
    /// <param name="overwrite">Whether to replace an existing file; when false and the file exists, nothing is written and an <see cref="IOException"/> is thrown.</param>
    /// <exception cref="ArgumentException">The extension is neither <c>.keras</c> nor <c>.h5</c>/<c>.hdf5</c>.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="NotSupportedException">The legacy format was asked for a subclassed model, which has no config.</exception>
    /// <example>
    /// <code>
    /// model.Save("model.keras");
    /// var again = Model.Load("model.keras");
    /// </code>
    /// </example>
    public void Save(string filepath, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        bool archive = filepath.EndsWith(".keras", StringComparison.OrdinalIgnoreCase);
        if (!archive && !IsH5(filepath))
        {
            throw new ArgumentException(
                "Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras format (recommended) or a `.h5` extension. " +
                $"Use model.Export(filepath, format) to export for ONNX Runtime or TF.js. Received: filepath={filepath}.", nameof(filepath));
        }
        CheckOverwrite(filepath, overwrite);
        using var gate = Gate.Enter(this, "Save");
        if (archive)
        {
            KerasArchive.Save(this, filepath);
        }
        else
        {
            LegacyH5Format.Save(this, filepath);
        }
    }

    /// <summary>
    /// Loads a model saved by KerasSharp, Keras 3, Keras 2 / tf.keras or TF.js (Keras' <c>keras.models.load_model</c>):
    /// a <c>.keras</c> archive, a legacy <c>.h5</c> file, or a TF.js <c>model.json</c> (or its folder). The format is
    /// told from the file's bytes, not its name.
    /// </summary>
    /// <param name="filepath">The file, or a folder holding a TF.js <c>model.json</c>.</param>
    /// <param name="compile">Whether to compile the model with the optimizer, loss and metrics saved with it (and restore the optimizer's state).</param>
    /// <param name="customObjects">
    /// Factories for classes the library does not know, by the class name in the file (Keras' <c>custom_objects</c>):
    /// each takes the object's config and returns the layer, loss, metric or optimizer. Layers can also be registered
    /// once for all loads with <see cref="ObjectRegistry.RegisterLayer"/>.
    /// </param>
    /// <returns>The model, built, with the saved weights.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="filepath"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a model file, or it is damaged (the message names the file and the problem).</exception>
    /// <exception cref="NotSupportedException">The file uses a class that is neither built in nor given in <paramref name="customObjects"/> (the message names it and how to register it).</exception>
    public static Model Load(string filepath, bool compile = true, IReadOnlyDictionary<string, Func<JsonObject, object>>? customObjects = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        var options = new LoadOptions(compile, customObjects);
        using var budget = LoadBudget.Limit(filepath, StoredBytes(filepath));
        return Guarded(filepath, () => ModelFiles.Detect(filepath) switch
        {
            ModelFileKind.KerasArchive => KerasArchive.Load(filepath, options),
            ModelFileKind.LegacyModel => LegacyH5Format.Load(filepath, options),
            ModelFileKind.Tfjs => TfjsFormat.Load(filepath, options),
            ModelFileKind.LegacyWeights or ModelFileKind.Keras3Weights => throw new InvalidDataException(
                $"The file '{filepath}' holds only weights (as SaveWeights writes them), not a model. Build the model, then call LoadWeights(\"{filepath}\")."),
            _ => throw new InvalidDataException(
                $"The file '{filepath}' is a JSON model config without weights. Read it with Model.FromJson(File.ReadAllText(path)), then load weights with LoadWeights."),
        });
    }

    /// <summary>
    /// Saves the weights only (Keras' <c>model.save_weights(filepath)</c>): a name ending in <c>.weights.h5</c> gets
    /// Keras 3's layout (the optimizer's state included once it has one), another <c>.h5</c>/<c>.hdf5</c> name Keras 2's
    /// legacy weights layout. Written atomically.
    /// </summary>
    /// <param name="filepath">The file to write.</param>
    /// <param name="overwrite">Whether to replace an existing file.</param>
    /// <exception cref="ArgumentException">The name does not end in <c>.weights.h5</c>, <c>.h5</c> or <c>.hdf5</c>.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false.</exception>
    public void SaveWeights(string filepath, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        if (!IsH5(filepath))
        {
            throw new ArgumentException(
                $"The filename must end in `.weights.h5` (or `.h5` for Keras 2's legacy weights layout). Received: filepath={filepath}", nameof(filepath));
        }
        CheckOverwrite(filepath, overwrite);
        using var gate = Gate.Enter(this, "SaveWeights");
        if (filepath.EndsWith(".weights.h5", StringComparison.OrdinalIgnoreCase))
        {
            WeightsFile.Save(this, filepath);
        }
        else
        {
            LegacyH5Format.SaveWeights(this, filepath);
        }
    }

    /// <summary>
    /// Loads weights into this model (Keras' <c>model.load_weights(filepath)</c>) from a Keras 3 <c>.weights.h5</c>
    /// file or <c>.keras</c> archive, or a legacy <c>.h5</c> file (weights only or a full model), told apart by their
    /// bytes. Keras 3 files match layers by position in the model's structure; a legacy file by order, or by layer
    /// name with <paramref name="byName"/>. Nothing changes when a weight does not fit, unless
    /// <paramref name="skipMismatch"/> skips it with a warning. The optimizer's saved state is restored when the model
    /// is compiled.
    /// </summary>
    /// <param name="filepath">The file.</param>
    /// <param name="skipMismatch">Skip, with a warning, layers whose saved weights differ in number or shape.</param>
    /// <param name="byName">For legacy files: match saved layers by name (Keras 2's <c>by_name=True</c>); unmatched layers keep their weights.</param>
    /// <exception cref="InvalidOperationException">The model is not built yet.</exception>
    /// <exception cref="InvalidDataException">The file holds no weights, or they do not fit the model (the message names the layer and the shapes).</exception>
    public void LoadWeights(string filepath, bool skipMismatch = false, bool byName = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        if (!Built)
        {
            throw new InvalidOperationException(
                $"Model \"{Name}\" is not built yet, so it has no weights to load into. Build it first (give it an input shape or call EnsureBuilt), then load the weights.");
        }
        var kind = ModelFiles.Detect(filepath);
        if (byName && kind is not (ModelFileKind.LegacyModel or ModelFileKind.LegacyWeights))
        {
            throw new ArgumentException(
                $"byName: true is only supported for legacy .h5 weight files; '{filepath}' is a Keras 3 file, whose weights are matched by the model's structure.", nameof(byName));
        }
        using var gate = Gate.Enter(this, "LoadWeights");
        Guarded(filepath, () => LoadWeightsOf(kind, filepath, skipMismatch, byName));
    }

    private bool LoadWeightsOf(ModelFileKind kind, string filepath, bool skipMismatch, bool byName)
    {
        switch (kind)
        {
            case ModelFileKind.KerasArchive:
                KerasArchive.LoadWeights(this, filepath, skipMismatch);
                break;
            case ModelFileKind.Keras3Weights:
                WeightsFile.Load(this, filepath, skipMismatch);
                break;
            case ModelFileKind.LegacyModel or ModelFileKind.LegacyWeights:
                LegacyH5Format.LoadWeights(this, filepath, byName, skipMismatch);
                break;
            default:
                throw new InvalidDataException($"The file '{filepath}' holds no weights KerasSharp can load (it is a {kind} file).");
        }
        return true;
    }

    /// <summary>
    /// The model's architecture as Keras 3 JSON (Keras' <c>model.to_json()</c>): what <see cref="FromJson"/> and
    /// Keras' <c>keras.models.model_from_json</c> rebuild, without weights.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer of the model has no config (a user layer without <c>GetConfig</c>).</exception>
    public string ToJson()
    {
        var serialized = ObjectRegistry.SerializeLayer(this);
        return serialized.ToJsonString();
    }

    /// <summary>
    /// Rebuilds a model, with fresh weights, from its JSON config (Keras' <c>keras.models.model_from_json</c>):
    /// Keras 3's form (<c>module</c>, <c>class_name</c>, <c>config</c>) or Keras 2's (with <c>keras_version</c>).
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="customObjects">Factories for classes the library does not know, by class name.</param>
    /// <exception cref="ArgumentException">The text is not a JSON object.</exception>
    /// <exception cref="NotSupportedException">It uses a class that is neither built in nor given in <paramref name="customObjects"/>.</exception>
    /// <exception cref="InvalidDataException">The config is malformed.</exception>
    public static Model FromJson(string json, IReadOnlyDictionary<string, Func<JsonObject, object>>? customObjects = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject serialized;
        try
        {
            serialized = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) as JsonObject
                ?? throw new ArgumentException("A model's JSON config must be a JSON object.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The text is not valid JSON: {e.Message}", nameof(json), e);
        }
        using (ObjectRegistry.UseCustomObjects(customObjects))
        {
            return ModelConfig.Build(serialized, "the JSON config");
        }
    }

    // a damaged file can trip the HDF5 or zip readers, or a layer's config reader, in ways they do not anticipate: the
    // user gets one kind of error that names the file, whatever failed inside
    private static T Guarded<T>(string path, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is not (InvalidDataException or NotSupportedException or FileNotFoundException
            or DirectoryNotFoundException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new InvalidDataException($"The file '{path}' could not be loaded, it is damaged or not a model file: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static long StoredBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length)
        : File.Exists(path) ? new FileInfo(path).Length
        : 0;

    private static bool IsH5(string path) =>
        path.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".hdf5", StringComparison.OrdinalIgnoreCase);

    private static void CheckOverwrite(string path, bool overwrite)
    {
        if (!overwrite && File.Exists(path))
        {
            throw new IOException($"The file '{path}' already exists and overwrite is false; nothing was written.");
        }
    }
}
