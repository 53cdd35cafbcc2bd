using System.Text.Json.Nodes;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Training;

namespace KerasSharp.Saving.Tfjs;

/// <summary>
/// The training config of a TF.js model (<c>modelTopology.training_config</c> from the converter, or
/// <c>trainingConfig</c> from tfjs-layers): <c>loss</c>, <c>metrics</c>, <c>optimizer_config</c>, in the
/// Keras 2 form (Keras' <c>compile_args_from_training_config</c>). Compiling is best effort: what the library does not
/// have is reported on standard error and the model is left uncompiled, since its predictions do not depend on it.
/// </summary>
internal static class TfjsTrainingConfig
{
    // keys of Keras 2 optimizer configs that KerasSharp's optimizers do not take, with the value that means "not used"
    private static readonly (string Key, JsonNode? Unused)[] s_unusedKeys =
    [
        ("decay", 0.0), ("weight_decay", null), ("clipnorm", null), ("clipvalue", null), ("global_clipnorm", null),
        ("use_ema", false), ("ema_momentum", null), ("ema_overwrite_frequency", null), ("jit_compile", null),
        ("is_legacy_optimizer", null),
    ];

    private static readonly (string From, string To)[] s_tfjsKeys =
    [
        ("learningRate", "learning_rate"), ("beta1", "beta_1"), ("beta2", "beta_2"), ("initialAccumulatorValue", "initial_accumulator_value"),
    ];

    /// <summary>Compiles <paramref name="model"/> with the training config, or warns and leaves it uncompiled.</summary>
    public static void Compile(Model model, JsonObject config, bool writtenByTfjs, string file)
    {
        try
        {
            var optimizer = config["optimizer_config"] is JsonObject o ? ReadOptimizer(o, writtenByTfjs) : Optimizer.Get("rmsprop");
            var loss = config["loss"] is JsonValue l && l.TryGetValue(out string? lossName)
                ? Loss.Get(Keras.ToSnakeCase(lossName))
                : throw new NotSupportedException($"the loss {TfjsWeights.Abbreviate(config["loss"])} is not one loss name");
            var metrics = new List<Metric>();
            CollectMetrics(config["metrics"], metrics);
            model.Compile(optimizer, loss, metrics.Count > 0 ? metrics : (OutputMetrics?)null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"Warning: the model loaded from '{file}' was not compiled: its training configuration could not be restored ({e.Message}). Compile it manually.");
        }
    }

    private static Optimizer ReadOptimizer(JsonObject serialized, bool writtenByTfjs)
    {
        var copy = (JsonObject)serialized.DeepClone();
        if (writtenByTfjs && copy["config"] is JsonObject tfjsConfig)
        {
            FromTfjs(tfjsConfig);
        }
        if (copy["class_name"] is JsonValue c && c.TryGetValue(out string? className) && className.StartsWith("Custom>", StringComparison.Ordinal))
        {
            copy["class_name"] = className["Custom>".Length..];
        }
        if (copy["config"] is JsonObject inner)
        {
            foreach (var (key, unused) in s_unusedKeys)
            {
                if (inner.TryGetPropertyValue(key, out var value) && (unused is null || value is null || JsonNode.DeepEquals(value, unused)
                    || (ConfigValues.IsNumber(value) && ConfigValues.IsNumber(unused) && value!.GetValue<double>() == unused!.GetValue<double>())))
                {
                    inner.Remove(key);
                }
            }
            if (inner["lr"] is { } lr && !inner.ContainsKey("learning_rate"))
            {
                inner.Remove("lr");
                inner["learning_rate"] = lr;
            }
        }
        return Optimizer.Deserialize(copy);
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

    private static void CollectMetrics(JsonNode? node, List<Metric> into)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectMetrics(item, into);
                }
                break;
            case JsonObject obj when obj["config"] is JsonObject config:
                // Keras 2's MeanMetricWrapper keeps the metric's name; its function (fn) may be the internal one
                string? name = config["name"] is JsonValue n && n.TryGetValue(out string? s) ? s : null;
                into.Add(Metric.Get(name ?? throw new NotSupportedException($"the metric {TfjsWeights.Abbreviate(obj)} has no name")));
                break;
            case JsonValue value when value.TryGetValue(out string? id):
                into.Add(Metric.Get(Keras.ToSnakeCase(id)));
                break;
        }
    }
}
