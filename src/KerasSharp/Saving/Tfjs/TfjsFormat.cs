using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Saving.Tfjs;

/// <summary>
/// The TF.js layers format: <c>model.json</c> (<c>modelTopology</c>, <c>weightsManifest</c>, <c>format</c>,
/// <c>generatedBy</c>, <c>convertedBy</c>) and its binary weight shards, as <c>tf.loadLayersModel</c> reads them
/// (<c>tfjs-layers/src/models.ts</c>, <c>tfjs-core/src/io</c>). Weights are matched to the model's variables by name,
/// strictly: every weight in the file must have a variable and every variable a weight.
/// </summary>
internal static class TfjsFormat
{
    /// <summary>The file name TF.js looks for in a model folder.</summary>
    public const string ModelJson = "model.json";

    /// <summary>The shard this library writes.</summary>
    public const string ShardName = "group1-shard1of1.bin";

    // model.json is a few kilobytes to a few megabytes; anything far larger is not one
    private const long MaxModelJsonBytes = 256L << 20;

    /// <summary>Loads a TF.js layers model with the default options (compiled when it has a training config).</summary>
    internal static Model Load(string path) => Load(path, new LoadOptions());

    /// <summary>Loads a TF.js layers model from <c>model.json</c> or from the folder holding it.</summary>
    /// <param name="path">The <c>model.json</c> file, or its folder.</param>
    /// <param name="options">Whether to compile with the stored training config, and custom layers.</param>
    /// <exception cref="FileNotFoundException">There is no such file, or a shard is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid TF.js layers model, or its weights do not fit the model.</exception>
    internal static Model Load(string path, LoadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        string file = Directory.Exists(path) ? Path.Combine(path, ModelJson) : path;
        if (!File.Exists(file))
        {
            throw new FileNotFoundException(
                Directory.Exists(path) ? $"The folder '{path}' has no {ModelJson}, so it is not a TF.js layers model." : $"No file or directory found at {path}", file);
        }
        long length = new FileInfo(file).Length;
        if (length > MaxModelJsonBytes)
        {
            throw new InvalidDataException($"The TF.js model file '{file}' is {length} bytes, too large for a model.json (at most {MaxModelJsonBytes} bytes).");
        }
        JsonObject modelJson;
        try
        {
            modelJson = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) as JsonObject
                ?? throw new InvalidDataException($"The TF.js model file '{file}' does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The TF.js model file '{file}' is not valid JSON: {e.Message}", e);
        }
        if (modelJson["format"] is JsonValue f && f.TryGetValue(out string? format) && format == "graph-model")
        {
            throw new InvalidDataException($"The TF.js model '{file}' is a graph model (format \"graph-model\"); only layers models (\"layers-model\") can be loaded.");
        }

        var (modelConfig, trainingConfig, writtenByTfjs) = TfjsTopology.Unwrap(modelJson, file);
        var weights = TfjsWeights.Parse(modelJson["weightsManifest"], Path.GetDirectoryName(Path.GetFullPath(file))!, file);
        Model model;
        using (ObjectRegistry.UseCustomObjects(options.CustomObjects))
        {
            model = TfjsTopology.Build(modelConfig, writtenByTfjs, file);
        }
        Assign(model, weights, file);
        if (options.Compile && trainingConfig is not null)
        {
            TfjsTrainingConfig.Compile(model, trainingConfig, writtenByTfjs, options, file);
        }
        return model;
    }

    /// <summary>
    /// Sets the model's variables from the weights, by name as tfjs-layers' <c>Container.loadWeights</c> does in strict
    /// mode. A saved name may carry a <c>:0</c> suffix (Keras 2), a model-name prefix (Keras 3's legacy paths), or
    /// an RNN cell's name (<c>lstm/lstm_cell/kernel</c>, tf.keras 2.2+); all are accepted. Nothing is assigned unless
    /// everything matches.
    /// </summary>
    private static void Assign(Model model, TfjsWeights.Manifest weights, string file)
    {
        var byName = new Dictionary<string, Variable?>(StringComparer.Ordinal);
        var all = new List<Variable>();
        foreach (var layer in LeafLayers(model))
        {
            if (!layer.Built && layer is not InputLayer)
            {
                throw new InvalidDataException(
                    $"The model of '{file}' cannot take its weights: layer \"{layer.Name}\" is not built, because the model's config gives no input shape.");
            }
            foreach (var variable in layer.Weights)
            {
                if (all.Contains(variable))
                {
                    continue;
                }
                all.Add(variable);
                AddAlias(byName, variable.Path, variable);
                AddAlias(byName, $"{layer.Name}/{variable.Name}", variable);
            }
        }

        // every name and shape is checked before any value is read, so what is allocated is what the model holds
        var targets = new Dictionary<TfjsWeights.Spec, Variable>(ReferenceEqualityComparer.Instance);
        var set = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        foreach (var weight in weights.Specs)
        {
            if (weight.Group == "optimizer")
            {
                continue;   // an optimizer's state (tfjs-layers' includeOptimizer): the optimizer starts afresh
            }
            var variable = Find(byName, weight.Name)
                ?? throw new InvalidDataException($"Provided weight data has no target variable: {weight.Name} (file '{file}'). The model's variables are: {string.Join(", ", all.Select(v => v.Path))}.");
            if (variable.Shape != new Shape(weight.Shape))
            {
                throw new InvalidDataException(
                    $"Shape mismatch for weight {variable.Path}: the variable expects shape {variable.Shape}, but the saved weight '{weight.Name}' of '{file}' has shape {new Shape(weight.Shape)}.");
            }
            if (!set.Add(variable))
            {
                throw new InvalidDataException($"The weights of '{file}' set variable '{variable.Path}' twice (the second time from '{weight.Name}').");
            }
            targets[weight] = variable;
        }
        var unset = all.Where(v => !set.Contains(v)).Select(v => v.Path).ToList();
        if (unset.Count > 0)
        {
            throw new InvalidDataException($"{unset.Count} of {all.Count} weights are not set: {string.Join(", ", unset)} (file '{file}').");
        }
        foreach (var (spec, values) in weights.Read(targets.ContainsKey))
        {
            targets[spec].Assign(values);
        }
    }

    /// <summary>The model's layers, with those of nested models in their place (their weights are named after them).</summary>
    private static IEnumerable<Layer> LeafLayers(Model model)
    {
        foreach (var layer in model.Layers)
        {
            if (layer is Model inner)
            {
                foreach (var nested in LeafLayers(inner))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return layer;
            }
        }
    }

    /// <summary>Adds a name for a variable; a name that two variables share is marked as naming neither.</summary>
    private static void AddAlias(Dictionary<string, Variable?> byName, string name, Variable variable)
    {
        if (byName.TryGetValue(name, out var existing))
        {
            if (!ReferenceEquals(existing, variable))
            {
                byName[name] = null;
            }
            return;
        }
        byName[name] = variable;
    }

    private static Variable? Find(Dictionary<string, Variable?> byName, string savedName)
    {
        string name = savedName;
        int colon = name.LastIndexOf(':');
        if (colon > 0 && colon < name.Length - 1 && name[(colon + 1)..].All(char.IsAsciiDigit))
        {
            name = name[..colon];
        }
        var tokens = name.Split('/');
        // the whole name, then without leading scopes (a model's name), each also without an RNN cell's name
        for (int start = 0; start < tokens.Length; start++)
        {
            var rest = tokens.AsSpan(start);
            if (Lookup(byName, string.Join('/', rest.ToArray())) is { } exact)
            {
                return exact;
            }
            if (rest.Length >= 3 && Lookup(byName, string.Join('/', [.. rest[..^2].ToArray(), rest[^1]])) is { } shortened)
            {
                return shortened;
            }
        }
        return null;
    }

    private static Variable? Lookup(Dictionary<string, Variable?> byName, string name) =>
        byName.TryGetValue(name, out var variable) ? variable : null;

    /// <summary>
    /// Writes the model as a TF.js layers model into <paramref name="directory"/>: <c>model.json</c> and one shard of
    /// float32 weights, which <c>tf.loadLayersModel</c> reads. The files are written under temporary names and
    /// renamed, the shard first, so a failure leaves any previous export intact.
    /// </summary>
    /// <exception cref="NotSupportedException">The model is subclassed, or a layer has an option TF.js does not have.</exception>
    /// <exception cref="InvalidOperationException">The model is not built (it has no weights yet), or two weights have the same name.</exception>
    internal static void Export(Model model, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!model.Built)
        {
            throw new InvalidOperationException(
                $"Model \"{model.Name}\" is not built: it has no weights to export yet. Build it (call it on data, or give it an input shape) before exporting.");
        }
        string version = typeof(TfjsFormat).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var topology = TfjsTopology.Write(model, $"KerasSharp {version}");

        var variables = new List<Variable>();
        var specs = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in LeafLayers(model))
        {
            foreach (var variable in layer.Weights)
            {
                if (variables.Contains(variable))
                {
                    continue;   // a shared layer's
                }
                string name = TfjsTopology.WeightName(layer, variable);
                if (!names.Add(name))
                {
                    throw new InvalidOperationException(
                        $"Cannot export model \"{model.Name}\" to TF.js: two weights are named \"{name}\" and TF.js loads weights by name. All layer names should be unique.");
                }
                variables.Add(variable);
                specs.Add(new JsonObject
                {
                    ["name"] = name,
                    ["shape"] = new JsonArray([.. variable.Shape.Dims.ToArray().Select(d => (JsonNode)d)]),
                    ["dtype"] = "float32",
                });
            }
        }
        var modelJson = new JsonObject
        {
            ["format"] = "layers-model",
            ["generatedBy"] = $"KerasSharp {version}",
            ["convertedBy"] = null,
            ["modelTopology"] = topology,
            ["weightsManifest"] = new JsonArray(new JsonObject
            {
                ["paths"] = new JsonArray(ShardName),
                ["weights"] = specs,
            }),
        };

        Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, ShardName), (Stream stream) =>
            TfjsWeights.WriteShard(stream, variables.Select(v => (ReadOnlyMemory<float>)v.Value.ToArray())));
        AtomicFile.Write(Path.Combine(directory, ModelJson), (Stream stream) =>
        {
            using var writer = new Utf8JsonWriter(stream);
            modelJson.WriteTo(writer);
        });
    }
}
