using KerasSharp.Utils;
using System.Text.Json.Nodes;
using KerasSharp.Models;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Saving.Tfjs;

/// <summary>
/// The training config of a TF.js model (<c>modelTopology.training_config</c> from the converter, or
/// <c>trainingConfig</c> from tfjs-layers): Keras 2's <c>training_config</c>, which
/// <see cref="LegacyTrainingConfig"/> reads, with tfjs-layers' own spellings translated first (camelCase optimizer
/// keys, RMSProp's <c>decay</c> for <c>rho</c>, camelCase loss and metric names). Compiling is best effort: what the
/// library does not have is reported as a warning and the model is left uncompiled, since its predictions do not
/// depend on it.
/// </summary>
internal static class TfjsTrainingConfig
{
    private static readonly (string From, string To)[] s_tfjsKeys =
    [
        ("learningRate", "learning_rate"), ("beta1", "beta_1"), ("beta2", "beta_2"), ("initialAccumulatorValue", "initial_accumulator_value"),
    ];

    /// <summary>Compiles <paramref name="model"/> with the training config, or warns and leaves it uncompiled.</summary>
    public static void Compile(Model model, JsonObject config, bool writtenByTfjs, LoadOptions options, string file)
    {
        var copy = (JsonObject)config.DeepClone();
        if (writtenByTfjs)
        {
            if (copy["optimizer_config"]?["config"] is JsonObject optimizer)
            {
                FromTfjs(optimizer);
            }
            copy["loss"] = SnakeNames(copy["loss"]);
            copy["metrics"] = SnakeNames(copy["metrics"]);
        }
        try
        {
            LegacyTrainingConfig.Compile(model, copy.ToJsonString(), options.CustomObjects, file);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidDataException)
        {
            Warnings.Warn($"the model loaded from '{file}' was not compiled: its training configuration could not be restored ({e.Message}). Compile it manually.");
        }
    }

    /// <summary>tfjs-layers' optimizer keys (camelCase, RMSProp's <c>decay</c> for <c>rho</c>) as Keras spells them.</summary>
    private static void FromTfjs(JsonObject config)
    {
        if (config["decay"] is { } rho && !config.ContainsKey("rho") && config.ContainsKey("centered"))
        {
            config.Remove("decay");
            config["rho"] = rho;
        }
        foreach (var (from, to) in s_tfjsKeys)
        {
            if (config[from] is { } value)
            {
                config.Remove(from);
                config[to] = value;
            }
        }
    }

    // tfjs-layers names losses and metrics in camelCase ("meanSquaredError"); Keras' ids are snake_case
    private static JsonNode? SnakeNames(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out string? name) => Keras.ToSnakeCase(name),
        JsonArray a => new JsonArray([.. a.Select(SnakeNames)]),
        _ => node?.DeepClone(),
    };
}
