using KerasSharp.Utils;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Saving.Tfjs;

/// <summary>
/// The <c>modelTopology</c> of a TF.js <c>model.json</c>. Reading accepts both writers: tfjs-layers'
/// (<c>{class_name, config, keras_version: "tfjs-layers x", backend}</c>) and <c>tensorflowjs_converter</c>'s
/// (<c>{keras_version, backend, model_config: {class_name, config}, training_config}</c>), as
/// <c>tfjs-layers/src/models.ts</c> does. Writing takes the Keras 2 config the legacy <c>.h5</c> writer makes (<see cref="LegacyModelConfig"/>) and
/// applies what tfjs-layers spells its own way: Functional models as <c>Model</c>, <c>L1L2</c> regularizers, endpoint
/// lists, Bidirectional naming, activation names (<c>swish</c>).
/// </summary>
internal static class TfjsTopology
{
    // the library's layers that tfjs-layers does not have
    private static readonly string[] s_missingInTfjs = ["Subtract", "Normalization", "SpatialDropout2D"];

    // the library's activation names that tfjs-layers has, and how to write each: tfjs-layers camel-cases string values
    // when it reads model.json (log_softmax becomes its logSoftmax), so gelu_new, whose name has an underscore, cannot
    // be read from a file and the approximate GELU is not exported
    private static readonly Dictionary<string, string> s_tfjsActivations = new(StringComparer.Ordinal)
    {
        ["linear"] = "linear",
        ["relu"] = "relu",
        ["relu6"] = "relu6",
        ["elu"] = "elu",
        ["selu"] = "selu",
        ["sigmoid"] = "sigmoid",
        ["tanh"] = "tanh",
        ["softmax"] = "softmax",
        ["log_softmax"] = "log_softmax",
        ["softplus"] = "softplus",
        ["softsign"] = "softsign",
        ["silu"] = "swish",
        ["swish"] = "swish",
        ["mish"] = "mish",
        ["gelu"] = "gelu",
    };

    /// <summary>The model config (<c>{class_name, config}</c>), the training config if any, and whether tfjs-layers wrote it.</summary>
    public static (JsonObject ModelConfig, JsonObject? TrainingConfig, bool WrittenByTfjs) Unwrap(JsonObject modelJson, string file)
    {
        if (modelJson["modelTopology"] is not JsonObject topology)
        {
            throw new InvalidDataException($"The TF.js model '{file}' has no 'modelTopology' object (is it a graph model? Only layers models can be loaded).");
        }
        string? version = topology["keras_version"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
        var modelConfig = topology["model_config"] as JsonObject ?? topology;
        if (modelConfig["class_name"] is not JsonValue || modelConfig["config"] is null)
        {
            throw new InvalidDataException(
                $"The 'modelTopology' of '{file}' is not a valid Keras configuration. Expected a dictionary containing a 'class_name' and a 'config' key. Received: {TfjsWeights.Abbreviate(modelConfig)}");
        }
        var training = topology["training_config"] as JsonObject ?? modelJson["trainingConfig"] as JsonObject;
        return (modelConfig, training, version?.StartsWith("tfjs-layers", StringComparison.Ordinal) == true);
    }

    /// <summary>Rebuilds the model (architecture only) from its config.</summary>
    public static Model Build(JsonObject modelConfig, bool writtenByTfjs, string file)
    {
        var config = (JsonObject)modelConfig.DeepClone();
        if (writtenByTfjs)
        {
            FromTfjs(config, file, []);
        }
        Layer layer;
        try
        {
            layer = ObjectRegistry.DeserializeLayer(config);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new InvalidDataException($"Could not rebuild the model of '{file}' from its 'modelTopology': {e.Message}", e);
        }
        return layer as Model ?? throw new InvalidDataException(
            $"The 'modelTopology' of '{file}' describes a {layer.ClassName} layer named \"{layer.Name}\", not a model (Sequential or Functional).");
    }

    /// <summary>
    /// What tfjs-layers writes differently from Keras: its GRU is Keras 2's <c>reset_after=False</c> form and does
    /// not write the key; unset options are written as null.
    /// </summary>
    private static void FromTfjs(JsonNode? node, string file, HashSet<string> warnings)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["class_name"] is JsonValue c && c.TryGetValue(out string? className) && obj["config"] is JsonObject config)
                {
                    foreach (var key in new[] { "activation", "recurrent_activation" })
                    {
                        if (config[key] is JsonValue a && a.TryGetValue(out string? activation) && activation == "hard_sigmoid" && warnings.Add(LayerConfig.Name(config) ?? className))
                        {
                            Warnings.Warn(
                                $"layer \"{LayerConfig.Name(config)}\" of '{file}' uses hard_sigmoid, which TF.js computes as Keras 2's clip(0.2x + 0.5, 0, 1); KerasSharp computes Keras 3's relu6(x + 3) / 6, as Keras 3 does for such files, so predictions differ from TF.js'.");
                        }
                    }
                    if (className == "GRU" && !config.ContainsKey("reset_after"))
                    {
                        config["reset_after"] = false;
                    }
                    foreach (var key in config.Where(p => p.Value is null && p.Key is "mask_zero" or "input_length" or "implementation").Select(p => p.Key).ToList())
                    {
                        config.Remove(key);
                    }
                }
                foreach (var (_, value) in obj)
                {
                    FromTfjs(value, file, warnings);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    FromTfjs(item, file, warnings);
                }
                break;
        }
    }

    /// <summary>The <c>modelTopology</c> of a model in the form tfjs-layers reads.</summary>
    /// <exception cref="NotSupportedException">The model is not Sequential or Functional, or a layer has an option TF.js does not have.</exception>
    public static JsonObject Write(Model model, string generator)
    {
        if (model is not Sequential && !model.IsFunctional)
        {
            throw new NotSupportedException(
                $"Model \"{model.Name}\" is a subclassed model: only Sequential and Functional models can be exported to TF.js, because their architecture is a config that TF.js can rebuild.");
        }
        CheckLayers(model);
        var topology = (JsonObject)LegacyModelConfig.Write(model);
        ForTfjs(topology);
        topology["keras_version"] = generator;
        topology["backend"] = "tensor_flow.js";
        return topology;
    }

    private static void CheckLayers(Model model)
    {
        foreach (var layer in model.Layers)
        {
            switch (layer)
            {
                case Model inner:
                    CheckLayers(inner);
                    break;
                case GRU { ResetAfter: true }:
                    throw new NotSupportedException(
                        $"Layer \"{layer.Name}\" (GRU) has resetAfter: true, which TF.js' GRU does not implement (it computes Keras 2's reset_after=False). Build the layer with resetAfter: false to export it to TF.js.");
                case Conv1D { Padding: "causal" }:
                    throw new NotSupportedException(
                        $"Layer \"{layer.Name}\" (Conv1D) has padding \"causal\", which TF.js' Conv1D does not implement, so it cannot be exported to TF.js.");
                case ELU { Alpha: not 1.0 } elu:
                    throw new NotSupportedException(
                        $"Layer \"{layer.Name}\" (ELU) has alpha={elu.Alpha}; TF.js' ELU layer supports only alpha=1, so it cannot be exported to TF.js.");
                case Bidirectional bidirectional when !MirrorsForward(bidirectional):
                    throw new NotSupportedException(
                        $"Layer \"{layer.Name}\" (Bidirectional) has a backward layer of its own; TF.js' Bidirectional always mirrors the forward layer, so it cannot be exported to TF.js.");
                default:
                    if (Array.IndexOf(s_missingInTfjs, layer.ClassName) >= 0)
                    {
                        throw new NotSupportedException(
                            $"Layer \"{layer.Name}\" ({layer.ClassName}) cannot be exported to TF.js: TF.js layers models have no {layer.ClassName} layer.");
                    }
                    break;
            }
        }
    }

    /// <summary>Whether the backward layer is the forward one run backwards (the only form TF.js has).</summary>
    private static bool MirrorsForward(Bidirectional layer)
    {
        static JsonObject Core(Layer l)
        {
            var config = l.GetConfig();
            config.Remove("name");
            config.Remove("go_backwards");
            return config;
        }
        return layer.BackwardLayer.GoBackwards != layer.ForwardLayer.GoBackwards
            && layer.BackwardLayer.GetType() == layer.ForwardLayer.GetType()
            && JsonNode.DeepEquals(Core(layer.ForwardLayer), Core(layer.BackwardLayer));
    }

    /// <summary>
    /// The name TF.js gives a weight of the model's layer <paramref name="layer"/>: the layer's name and the
    /// weight's (a TimeDistributed layer's weights too), with the forward or backward layer's name between them
    /// for a Bidirectional layer.
    /// </summary>
    public static string WeightName(Layer layer, Variable variable) =>
        layer is Bidirectional ? variable.Path : $"{layer.Name}/{variable.Name}";

    /// <summary>
    /// What tfjs-layers reads differently from a Keras 2 config (recursively): Functional models named <c>Model</c>,
    /// <c>L1</c>/<c>L2</c> as <c>L1L2</c>, model endpoints always as a list, and the spellings of <see cref="RenameForTfjs"/>.
    /// </summary>
    private static void ForTfjs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["class_name"] is JsonValue c && c.TryGetValue(out string? className) && obj["config"] is JsonObject config)
                {
                    RenameForTfjs(className, config);
                    obj["class_name"] = className switch
                    {
                        "Functional" => "Model",
                        "L1" or "L2" => "L1L2",
                        _ => className,
                    };
                    if (config["input_layers"] is not null && config["layers"] is JsonArray)
                    {
                        config["input_layers"] = Endpoints(config["input_layers"]);
                        config["output_layers"] = Endpoints(config["output_layers"]);
                    }
                }
                foreach (var (_, value) in obj.ToList())
                {
                    ForTfjs(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ForTfjs(item);
                }
                break;
        }
    }

    /// <summary>Keys and values that TF.js spells as Keras 2 did.</summary>
    private static void RenameForTfjs(string className, JsonObject config)
    {
        if (className == "InputLayer" && config["batch_shape"] is { } shape)
        {
            config.Remove("batch_shape");
            config["batch_input_shape"] = shape.DeepClone();
        }
        if (className == "Bidirectional" && config["layer"]?["config"] is JsonObject forward
            && forward["name"] is JsonValue n && n.TryGetValue(out string? forwardName) && forwardName.StartsWith("forward_", StringComparison.Ordinal))
        {
            // TF.js names the copies forward_{name} and backward_{name} itself, and makes the backward one
            forward["name"] = forwardName["forward_".Length..];
            config.Remove("backward_layer");
        }
        if (className is "L1" or "L2")
        {
            config["l1"] = config["l1"]?.DeepClone() ?? 0;
            config["l2"] = config["l2"]?.DeepClone() ?? 0;
        }
        foreach (var key in new[] { "activation", "recurrent_activation" })
        {
            string? name = config[key] is JsonValue a && a.TryGetValue(out string? s) ? s : null;
            if (name is null)
            {
                continue;
            }
            if (name == "hard_sigmoid")
            {
                throw new NotSupportedException(
                    $"Layer \"{LayerConfig.Name(config)}\" ({className}) uses the activation hard_sigmoid, which is Keras 3's relu6(x + 3) / 6 here but Keras 2's clip(0.2x + 0.5, 0, 1) in TF.js, so TF.js would compute other values. Use another activation to export to TF.js.");
            }
            if (!s_tfjsActivations.TryGetValue(name, out var tfjsName))
            {
                throw new NotSupportedException(
                    $"Layer \"{LayerConfig.Name(config)}\" ({className}) uses the activation {name}, which TF.js does not have (it has {string.Join(", ", s_tfjsActivations.Keys.Order(StringComparer.Ordinal))}). Use one of those to export to TF.js.");
            }
            config[key] = tfjsName;
        }
    }

    /// <summary>
    /// Keras 2's form of <c>input_layers</c>/<c>output_layers</c>: always a list of <c>[layer, node, tensor]</c>
    /// (Keras 3 writes one endpoint bare, and named ones as a dictionary).
    /// </summary>
    private static JsonArray Endpoints(JsonNode? node)
    {
        var result = new JsonArray();
        switch (node)
        {
            case JsonArray array when array.Count > 0 && array[0] is JsonValue:
                result.Add(array.DeepClone());
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var endpoint in Endpoints(item))
                    {
                        result.Add(endpoint!.DeepClone());
                    }
                }
                break;
            case JsonObject dict:
                foreach (var (_, item) in dict)
                {
                    foreach (var endpoint in Endpoints(item))
                    {
                        result.Add(endpoint!.DeepClone());
                    }
                }
                break;
        }
        return result;
    }
}
