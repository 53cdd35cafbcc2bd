using KerasSharp.Utils;
using KerasSharp.Engine;
using KerasSharp.Saving.Hdf5;
using KerasSharp.Models;
using PureHDF;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>
/// Keras 2's HDF5 model format (<c>model.save("model.h5")</c>, <c>save_weights("weights.h5")</c>;
/// <c>keras/src/legacy/saving/legacy_h5_format.py</c>), read and written.
/// </summary>
/// <remarks>
/// <para>
/// A full model file has the root attributes <c>model_config</c> (the architecture as JSON), <c>training_config</c>
/// (when compiled), <c>keras_version</c> and <c>backend</c>, the group <c>model_weights</c> (see
/// <see cref="LegacyWeights"/>) and, after training, <c>optimizer_weights</c>. A weights-only file has the content of
/// <c>model_weights</c> at its root.
/// </para>
/// <para>
/// Reading accepts the files of Keras 2.0 to 3 (tf.keras included): Keras 2.1's bare-list Sequential configs,
/// fixed- and variable-length strings, <c>:0</c> suffixes, Keras 3's nested weight paths, backslash link names of
/// Windows-written files, any file name. Written files follow tf.keras 2's layout, which Keras 2 and Keras 3's legacy
/// loader read; h5py sees the attribute names, values and dataset shapes Keras expects. Saving is atomic: the file is
/// written beside the target and then renamed over it.
/// </para>
/// </remarks>
internal static class LegacyH5Format
{
    /// <summary>The <c>backend</c> attribute written (the weights' layout is TensorFlow's: channels last, no kernel flips).</summary>
    public const string Backend = "tensorflow";

    /// <summary>
    /// The <c>keras_version</c> attribute written: the Keras version whose file layout and config format the writer
    /// follows. Readers use it only to convert Keras 1 files; tools such as the TF.js converter accept only Keras 2 files.
    /// </summary>
    public const string KerasVersion = "2.15.0";

    /// <summary>Loads a full model (Keras' <c>load_model</c> on a legacy <c>.h5</c> file): architecture, weights and, when asked, the compile state.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Whether to compile, and factories for custom classes.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">It is not a legacy Keras model file, or its content does not fit together.</exception>
    /// <exception cref="NotSupportedException">It uses a layer, optimizer, loss or metric the library does not have.</exception>
    internal static Model Load(string path, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Reading(path, () => LoadModel(path, options));
    }

    private static Model LoadModel(string path, LoadOptions options)
    {
        using var file = H5Read.Open(path);
        string? modelConfig = H5Read.String(file, "model_config", path);
        if (modelConfig is null)
        {
            throw new InvalidDataException(H5Read.HasList(file, "layer_names")
                ? $"No model config found in the file at {path}: it holds only weights (a legacy weights file, as save_weights writes). Build the model, then load them with LoadWeights."
                : $"No model config found in the file at {path}: it is an HDF5 file but not a legacy Keras model (no 'model_config' attribute).");
        }
        var weightsGroup = H5Read.Find(file, "model_weights") as IH5Group
            ?? throw new InvalidDataException($"The file '{path}' has a model config but no 'model_weights' group.");
        // the weights are read first, so that the architecture cannot ask for more memory than the file holds
        var weights = LegacyWeights.Read(weightsGroup, path);
        Model model;
        // every weight is assigned from model_weights below, or the load fails
        using (LoadBudget.LimitTo(path, weights.Elements + UnsavedWeightAllowance, skipInitializers: true))
        using (ObjectRegistry.UseCustomObjects(options.CustomObjects))
        {
            model = LegacyModelConfig.Read(modelConfig, path);
        }
        LegacyWeights.Load(weights, model, skipMismatch: false, path);
        if (options.Compile)
        {
            if (H5Read.String(file, "training_config", path) is not { } trainingConfig)
            {
                Warnings.Warn($"No training configuration found in the save file '{path}', so the model was *not* compiled. Compile it manually.");
            }
            else
            {
                LegacyTrainingConfig.Compile(model, trainingConfig, options.CustomObjects, path);
                LegacyOptimizerWeights.Load(file, model, path);
            }
        }
        return model;
    }

    /// <summary>Saves a Sequential or Functional model in the legacy format (Keras 2's <c>model.save("model.h5")</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file; written atomically, its folder created when needed.</param>
    /// <exception cref="NotSupportedException">The model is subclassed (it has no config).</exception>
    internal static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (model is not Sequential && !model.IsFunctional)
        {
            throw new NotSupportedException(
                $"Saving the model to HDF5 format requires the model to be a Functional model or a Sequential model. It does not work for subclassed models (\"{model.Name}\", {model.GetType().Name}), " +
                "because such models are defined via the body of a Call method, which isn't safely serializable. Save its weights with SaveWeights instead.");
        }
        var file = new H5File();
        file.Attributes["keras_version"] = KerasVersion;
        file.Attributes["backend"] = Backend;
        file.Attributes["model_config"] = LegacyModelConfig.Write(model).ToJsonString();
        if (model.IsCompiled)
        {
            file.Attributes["training_config"] = LegacyTrainingConfig.Write(model).ToJsonString();
        }
        LegacyWeights.Save(H5Write.Group(file, "model_weights"), model, KerasVersion);
        if (model.Optimizer is { } optimizer)
        {
            LegacyOptimizerWeights.Save(file, optimizer);
        }
        H5Write.Atomically(file, path);
    }

    /// <summary>
    /// Loads weights from a legacy file (a weights-only file, or a full model's <c>model_weights</c>) into a built
    /// model: in layer order, or by layer name (Keras 2's <c>load_weights(by_name=True)</c>).
    /// </summary>
    /// <param name="model">The model, built (its weights exist).</param>
    /// <param name="path">The file.</param>
    /// <param name="byName">Match saved layers to the model's by name; layers without a match keep their weights.</param>
    /// <param name="skipMismatch">Skip, with a warning, weights whose shape (or, by name, layers whose weight count) differs.</param>
    /// <exception cref="InvalidOperationException">The model is not built.</exception>
    /// <exception cref="InvalidDataException">The file holds no legacy Keras weights, or they do not fit the model.</exception>
    internal static void LoadWeights(Model model, string path, bool byName, bool skipMismatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.Built)
        {
            throw new InvalidOperationException(
                $"Model \"{model.Name}\" is not built yet, so it has no weights to load into. Build it first (give it an input shape or call EnsureBuilt), then load the weights.");
        }
        Reading(path, () =>
        {
            LoadWeightsFrom(model, path, byName, skipMismatch);
            return 0;
        });
    }

    private static void LoadWeightsFrom(Model model, string path, bool byName, bool skipMismatch)
    {
        using var file = H5Read.Open(path);
        IH5Group group = !H5Read.HasList(file, "layer_names") && H5Read.Find(file, "model_weights") is IH5Group modelWeights ? modelWeights : file;
        if (!H5Read.HasList(group, "layer_names"))
        {
            throw new InvalidDataException(
                $"The file '{path}' holds no legacy Keras weights: it has no 'layer_names' attribute at its root or in a 'model_weights' group (a Keras 3 .weights.h5 file has another layout).");
        }
        if (byName)
        {
            LegacyWeights.LoadByName(group, model, skipMismatch, path);
        }
        else
        {
            LegacyWeights.Load(group, model, skipMismatch, path);
        }
    }

    /// <summary>Saves only the weights in the legacy layout (Keras 2's <c>model.save_weights("weights.h5")</c>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file; written atomically, its folder created when needed.</param>
    internal static void SaveWeights(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new H5File();
        LegacyWeights.Save(file, model, KerasVersion);
        H5Write.Atomically(file, path);
    }

    /// <summary>
    /// True for a legacy Keras file, full model or weights only (a <c>model_config</c> or <c>layer_names</c> attribute
    /// at the root, or a <c>model_weights</c> group); false for other HDF5 files such as Keras 3's <c>.weights.h5</c>.
    /// </summary>
    /// <param name="file">The open file's root group.</param>
    internal static bool IsLegacy(IH5Group file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.AttributeExists("model_config")
            || H5Read.HasList(file, "layer_names")
            || (file.LinkExists("model_weights") && file.Get("model_weights") is IH5Group weights && H5Read.HasList(weights, "layer_names"));
    }

    /// <summary>
    /// Runs a read of <paramref name="path"/>, turning what the HDF5 reader throws on a damaged file (index, null,
    /// overflow, cast or end-of-stream errors) and any error that does not name the file into an
    /// <see cref="InvalidDataException"/> (or a <see cref="NotSupportedException"/>) that names it.
    /// </summary>
    internal static T Reading<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (!IsClear(e, path))
        {
            throw e is NotSupportedException
                ? new NotSupportedException($"Unable to load '{path}': {e.Message}", e)
                : new InvalidDataException($"Unable to read '{path}': {e.Message}", e);
        }
    }

    private static bool IsClear(Exception e, string path) =>
        e is OutOfMemoryException or FileNotFoundException or UnauthorizedAccessException
        || (e is InvalidDataException or NotSupportedException or KeyNotFoundException or InvalidOperationException
            || (e is ArgumentException && e is not ArgumentOutOfRangeException))
            && e.Message.Contains(path, StringComparison.Ordinal);

    /// <summary>Weight values a rebuilt model may create beyond those in its file (random generators' state and the like).</summary>
    private const long UnsavedWeightAllowance = 1 << 16;
}
