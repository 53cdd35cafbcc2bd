using System.Text.Json.Nodes;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Saving.Keras3;

/// <summary>
/// The <c>compile_config</c> of a Keras 3 model config (Keras' <c>Model.get_compile_config</c> /
/// <c>compile_from_config</c>): the serialized optimizer, <c>loss</c>, <c>loss_weights</c>, <c>metrics</c>,
/// <c>weighted_metrics</c> and the execution flags. Losses and metrics are the same values a legacy
/// <c>training_config</c> holds, so they are read and written by <see cref="LegacyTrainingConfig"/>.
/// </summary>
internal static class CompileConfig
{
    /// <summary>The compile config of a compiled model.</summary>
    public static JsonObject Write(Model model)
    {
        var training = LegacyTrainingConfig.Write(model);
        return new JsonObject
        {
            ["optimizer"] = Optimizer.Serialize(model.Optimizer!),
            ["loss"] = training["loss"]?.DeepClone(),
            ["loss_weights"] = training["loss_weights"]?.DeepClone(),
            ["metrics"] = training["metrics"]?.DeepClone(),
            ["weighted_metrics"] = null,
            ["run_eagerly"] = false,
            ["steps_per_execution"] = 1,
            ["jit_compile"] = false,
        };
    }

    /// <summary>
    /// Compiles <paramref name="model"/> from a compile config; does nothing for an empty or missing one (a model
    /// saved before it was compiled).
    /// </summary>
    /// <exception cref="NotSupportedException">It names an optimizer, loss or metric the library does not have.</exception>
    public static void Compile(Model model, JsonNode? compileConfig, LoadOptions options, string file)
    {
        if (compileConfig is not JsonObject { Count: > 0 } config || config["optimizer"] is null)
        {
            return;
        }
        var training = new JsonObject
        {
            ["optimizer_config"] = Plain(config["optimizer"]),
            ["loss"] = Plain(config["loss"]),
            ["metrics"] = Plain(config["metrics"]),
            ["weighted_metrics"] = Plain(config["weighted_metrics"]),
            ["loss_weights"] = Plain(config["loss_weights"]),
        };
        LegacyTrainingConfig.Compile(model, training.ToJsonString(), options.CustomObjects, file);
    }

    // Keras writes a plain function (compile's loss="mse" resolved by Keras 2.15) as
    // {"module": "builtins", "class_name": "function", "config": "mse"}: read it as the id it names
    private static JsonNode? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o when o["class_name"] is JsonValue c && c.TryGetValue(out string? name) && name == "function"
            && o["config"] is JsonValue f && f.TryGetValue(out string? id) => JsonValue.Create(id),
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, Plain(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Plain)]),
        _ => node.DeepClone(),
    };
}
