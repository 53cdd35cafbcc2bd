using KerasSharp.Utils;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Training;

namespace KerasSharp.Saving.LegacyH5;

/// <summary>
/// The <c>training_config</c> attribute of a legacy <c>.h5</c> file (Keras' <c>model_metadata</c> and
/// <c>compile_args_from_training_config</c>): <c>loss</c>, <c>metrics</c>, <c>weighted_metrics</c>,
/// <c>loss_weights</c> and <c>optimizer_config</c>. Reading accepts what Keras 2.0 to 3 wrote: losses and metrics as
/// strings, as <c>{class_name, config}</c> objects (Keras 2's <c>reduction: "auto"</c>, <c>MeanMetricWrapper</c> with
/// <c>fn</c>), nested per output; optimizers named <c>Custom&gt;Adam</c> (tf.keras 2.11+), with <c>lr</c> for
/// <c>learning_rate</c> and the dropped <c>decay</c> argument (ignored with a warning, as Keras 3 does). Writing uses
/// the keys every Keras version accepts.
/// </summary>
internal static class LegacyTrainingConfig
{
    private static readonly Dictionary<string, Func<JsonObject, Loss>> s_losses = new(StringComparer.Ordinal)
    {
        ["BinaryCrossentropy"] = Losses.BinaryCrossentropy.FromConfig,
        ["CategoricalCrossentropy"] = Losses.CategoricalCrossentropy.FromConfig,
        ["SparseCategoricalCrossentropy"] = Losses.SparseCategoricalCrossentropy.FromConfig,
        ["MeanSquaredError"] = Losses.MeanSquaredError.FromConfig,
        ["MeanAbsoluteError"] = Losses.MeanAbsoluteError.FromConfig,
        ["Huber"] = Huber.FromConfig,
        ["BinaryFocalCrossentropy"] = Losses.BinaryFocalCrossentropy.FromConfig,
        ["CategoricalFocalCrossentropy"] = Losses.CategoricalFocalCrossentropy.FromConfig,
        ["KLDivergence"] = Losses.KLDivergence.FromConfig,
        ["Poisson"] = Losses.Poisson.FromConfig,
        ["MeanAbsolutePercentageError"] = Losses.MeanAbsolutePercentageError.FromConfig,
        ["MeanSquaredLogarithmicError"] = Losses.MeanSquaredLogarithmicError.FromConfig,
        ["CosineSimilarity"] = Losses.CosineSimilarity.FromConfig,
        ["LogCosh"] = Losses.LogCosh.FromConfig,
        ["Hinge"] = Losses.Hinge.FromConfig,
        ["SquaredHinge"] = Losses.SquaredHinge.FromConfig,
        ["CategoricalHinge"] = Losses.CategoricalHinge.FromConfig,
        ["Dice"] = Losses.Dice.FromConfig,
        ["Tversky"] = Losses.Tversky.FromConfig,
    };

    private static readonly Dictionary<string, Func<JsonObject, Metric>> s_metrics = new(StringComparer.Ordinal)
    {
        ["Accuracy"] = Accuracy.FromConfig,
        ["BinaryAccuracy"] = BinaryAccuracy.FromConfig,
        ["CategoricalAccuracy"] = CategoricalAccuracy.FromConfig,
        ["SparseCategoricalAccuracy"] = SparseCategoricalAccuracy.FromConfig,
        ["Mean"] = Mean.FromConfig,
        ["MeanSquaredError"] = Metrics.MeanSquaredError.FromConfig,
        ["MeanAbsoluteError"] = Metrics.MeanAbsoluteError.FromConfig,
        ["Sum"] = Metrics.Sum.FromConfig,
        ["RootMeanSquaredError"] = Metrics.RootMeanSquaredError.FromConfig,
        ["MeanAbsolutePercentageError"] = Metrics.MeanAbsolutePercentageError.FromConfig,
        ["MeanSquaredLogarithmicError"] = Metrics.MeanSquaredLogarithmicError.FromConfig,
        ["CosineSimilarity"] = Metrics.CosineSimilarity.FromConfig,
        ["LogCoshError"] = Metrics.LogCoshError.FromConfig,
        ["R2Score"] = Metrics.R2Score.FromConfig,
        ["AUC"] = Metrics.AUC.FromConfig,
        ["TruePositives"] = Metrics.TruePositives.FromConfig,
        ["TrueNegatives"] = Metrics.TrueNegatives.FromConfig,
        ["FalsePositives"] = Metrics.FalsePositives.FromConfig,
        ["FalseNegatives"] = Metrics.FalseNegatives.FromConfig,
        ["Precision"] = Metrics.Precision.FromConfig,
        ["Recall"] = Metrics.Recall.FromConfig,
        ["PrecisionAtRecall"] = Metrics.PrecisionAtRecall.FromConfig,
        ["RecallAtPrecision"] = Metrics.RecallAtPrecision.FromConfig,
        ["SensitivityAtSpecificity"] = Metrics.SensitivityAtSpecificity.FromConfig,
        ["SpecificityAtSensitivity"] = Metrics.SpecificityAtSensitivity.FromConfig,
        ["PearsonCorrelation"] = Metrics.PearsonCorrelation.FromConfig,
        ["ConcordanceCorrelation"] = Metrics.ConcordanceCorrelation.FromConfig,
        ["Hinge"] = Metrics.Hinge.FromConfig,
        ["SquaredHinge"] = Metrics.SquaredHinge.FromConfig,
        ["CategoricalHinge"] = Metrics.CategoricalHinge.FromConfig,
        ["KLDivergence"] = Metrics.KLDivergence.FromConfig,
        ["Poisson"] = Metrics.Poisson.FromConfig,
        ["BinaryCrossentropy"] = Metrics.BinaryCrossentropy.FromConfig,
        ["CategoricalCrossentropy"] = Metrics.CategoricalCrossentropy.FromConfig,
        ["SparseCategoricalCrossentropy"] = Metrics.SparseCategoricalCrossentropy.FromConfig,
        ["TopKCategoricalAccuracy"] = Metrics.TopKCategoricalAccuracy.FromConfig,
        ["SparseTopKCategoricalAccuracy"] = Metrics.SparseTopKCategoricalAccuracy.FromConfig,
        ["F1Score"] = Metrics.F1Score.FromConfig,
        ["FBetaScore"] = Metrics.FBetaScore.FromConfig,
        ["IoU"] = Metrics.IoU.FromConfig,
        ["BinaryIoU"] = Metrics.BinaryIoU.FromConfig,
        ["MeanIoU"] = Metrics.MeanIoU.FromConfig,
        ["OneHotIoU"] = Metrics.OneHotIoU.FromConfig,
        ["OneHotMeanIoU"] = Metrics.OneHotMeanIoU.FromConfig,
    };

    // keys of Keras 3's optimizer config that Keras 2 optimizers reject, with the value that means "not used"
    private static readonly (string Key, JsonNode? Unused)[] s_keras3OnlyKeys =
    [
        ("weight_decay", null), ("clipnorm", null), ("clipvalue", null), ("global_clipnorm", null), ("use_ema", false),
        ("ema_overwrite_frequency", null), ("loss_scale_factor", null), ("gradient_accumulation_steps", null),
    ];

    /// <summary>Compiles <paramref name="model"/> with the optimizer, losses, metrics and loss weights of a training config.</summary>
    /// <exception cref="InvalidDataException">The config is not valid JSON or not an object.</exception>
    /// <exception cref="NotSupportedException">It names an optimizer, loss or metric (or an option of one) the library does not have.</exception>
    public static void Compile(Model model, string json, IReadOnlyDictionary<string, Func<JsonObject, object>>? customObjects, string file)
    {
        JsonObject config;
        try
        {
            config = JsonNode.Parse(json) as JsonObject
                ?? throw new InvalidDataException($"The 'training_config' attribute of '{file}' is not a JSON object. Received: {Abbreviate(json)}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The 'training_config' attribute of '{file}' is not valid JSON: {e.Message}", e);
        }
        try
        {
            var reader = new Reader(customObjects, file);
            var optimizer = reader.Optimizer(config["optimizer_config"]);
            var loss = reader.Losses(config["loss"]);
            var metrics = reader.Metrics(config["metrics"], Math.Max(1, model.Outputs.Count));
            var lossWeights = LossWeightsFrom(config["loss_weights"]);
            if (config["weighted_metrics"] is JsonArray { Count: > 0 } or JsonObject { Count: > 0 })
            {
                Warnings.Warn($"The weighted_metrics of '{file}' were not restored: KerasSharp's Compile has no weighted metrics.");
            }
            model.Compile(optimizer, loss, metrics, lossWeights);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new NotSupportedException(
                $"Could not compile the model loaded from '{file}' with its training configuration: {e.Message} " +
                "Load it with compile: false to skip the training configuration.", e);
        }
    }

    /// <summary>The training config of a compiled model, in the Keras 2 form (<c>optimizer_config</c> included).</summary>
    public static JsonObject Write(Model model)
    {
        var (loss, lossWeights, metrics) = model.CompileArguments;
        var optimizer = model.Optimizer!;
        var optimizerConfig = (JsonObject)LegacyModelConfig.ToLegacy(optimizer.GetConfig())!;
        foreach (var (key, unused) in s_keras3OnlyKeys)
        {
            if (optimizerConfig.TryGetPropertyValue(key, out var value) && JsonNode.DeepEquals(value, unused))
            {
                optimizerConfig.Remove(key);
                if (key == "use_ema")
                {
                    optimizerConfig.Remove("ema_momentum");
                }
            }
        }
        return new JsonObject
        {
            ["loss"] = loss is { } l ? LossesToJson(l) : null,
            ["metrics"] = metrics is { } m ? MetricsToJson(m) : null,
            ["weighted_metrics"] = null,
            ["loss_weights"] = lossWeights is { } w ? LossWeightsToJson(w) : null,
            ["optimizer_config"] = new JsonObject { ["class_name"] = optimizer.GetType().Name, ["config"] = optimizerConfig },
        };
    }

    private static JsonNode? LossesToJson(OutputLosses losses)
    {
        if (losses.IsSingle)
        {
            return LossToJson(losses[0]);
        }
        if (losses.Names is { } names)
        {
            var dict = new JsonObject();
            for (int i = 0; i < names.Count; i++)
            {
                dict[names[i]] = LossToJson(losses[i]);
            }
            return dict;
        }
        return new JsonArray([.. losses.Select(LossToJson)]);
    }

    /// <summary>A built-in loss with its defaults as its function name (what Keras writes for <c>loss="mse"</c>), others as an object.</summary>
    private static JsonNode? LossToJson(Loss? loss)
    {
        if (loss is null)
        {
            return null;
        }
        string className = loss.GetType().Name;
        string id = Keras.ToSnakeCase(className);
        if (s_losses.ContainsKey(className) && Loss.ValidIdentifiers.Contains(id) && JsonNode.DeepEquals(Loss.Get(id).GetConfig(), loss.GetConfig()))
        {
            return id;
        }
        return new JsonObject { ["class_name"] = className, ["config"] = LegacyModelConfig.ToLegacy(loss.GetConfig()) };
    }

    private static JsonNode MetricsToJson(OutputMetrics metrics)
    {
        JsonNode Entry(MetricList list) => list.IsList ? new JsonArray([.. list.Select(MetricToJson)]) : MetricToJson(list[0]);
        if (metrics.Names is { } names)
        {
            var dict = new JsonObject();
            for (int i = 0; i < names.Count; i++)
            {
                dict[names[i]] = Entry(metrics[i]);
            }
            return dict;
        }
        return new JsonArray([.. metrics.Select(Entry)]);
    }

    /// <summary>A metric Compile would make from its name as that name (<c>"accuracy"</c>), others as an object.</summary>
    private static JsonNode MetricToJson(Metric metric)
    {
        if (metric is AccuracyPlaceholder)
        {
            return metric.Name;
        }
        try
        {
            var fresh = Metric.Get(metric.Name);
            if (fresh.GetType() == metric.GetType() && JsonNode.DeepEquals(fresh.GetConfig(), metric.GetConfig()))
            {
                return metric.Name;
            }
        }
        catch (ArgumentException)
        {
            // not a Keras identifier: written as an object
        }
        return new JsonObject { ["class_name"] = metric.GetType().Name, ["config"] = LegacyModelConfig.ToLegacy(metric.GetConfig()) };
    }

    private static JsonNode LossWeightsToJson(LossWeights weights)
    {
        if (weights.IsSingle)
        {
            return weights[0];
        }
        if (weights.Names is { } names)
        {
            var dict = new JsonObject();
            for (int i = 0; i < names.Count; i++)
            {
                dict[names[i]] = weights[i];
            }
            return dict;
        }
        return new JsonArray([.. weights.Select(w => (JsonNode)w)]);
    }

    private static LossWeights? LossWeightsFrom(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => Number(v, "loss_weights"),
        JsonArray list => list.Select(w => Number(w ?? throw new FormatException("A loss weight is null."), "loss_weights")).ToArray(),
        JsonObject dict => dict.ToDictionary(kv => kv.Key, kv => Number(kv.Value ?? throw new FormatException($"The loss weight of '{kv.Key}' is null."), "loss_weights")),
        _ => throw new FormatException($"Could not read loss_weights: {node.ToJsonString()}"),
    };

    private static double Number(JsonNode node, string what) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.GetValue<double>()
            : throw new FormatException($"{what} must be a number. Received: {node.ToJsonString()}");

    private static string Abbreviate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>Deserializes the optimizer, losses and metrics, with the user's custom objects first.</summary>
    private sealed class Reader(IReadOnlyDictionary<string, Func<JsonObject, object>>? customObjects, string file)
    {
        public Optimizer Optimizer(JsonNode? node)
        {
            if (node is null)
            {
                throw new InvalidDataException($"The 'training_config' of '{file}' has no optimizer_config.");
            }
            var (className, config) = ConfigValues.ReadSerialized(node, "optimizer");
            // tf.keras 2.11+ wrote its new optimizers as "Custom>Adam"
            if (className.StartsWith("Custom>", StringComparison.Ordinal))
            {
                className = className["Custom>".Length..];
            }
            if (Custom<Optimizer>(className, config, "optimizer") is { } custom)
            {
                return custom;
            }
            if (config.TryGetPropertyValue("lr", out var lr))
            {
                config.Remove("lr");
                if (!config.ContainsKey("learning_rate"))
                {
                    config["learning_rate"] = lr;
                }
            }
            if (config.TryGetPropertyValue("decay", out var decay))
            {
                config.Remove("decay");
                if (decay is JsonValue d && Number(d, "decay") != 0)
                {
                    Warnings.Warn($"The optimizer of '{file}' has decay={d.ToJsonString()}: argument `decay` is no longer supported and will be ignored.");
                }
            }
            return Optimizers.Optimizer.Deserialize(new JsonObject { ["class_name"] = className, ["config"] = config });
        }

        public OutputLosses? Losses(JsonNode? node) => node switch
        {
            null => (OutputLosses?)null,
            JsonArray list => OutputLosses.Create([.. list.Select(Loss)]),
            JsonObject dict when dict["class_name"] is null => dict.ToDictionary(kv => kv.Key, kv => Loss(kv.Value)
                ?? throw new FormatException($"The loss of output '{kv.Key}' is null.")),
            _ => Loss(node),
        };

        public OutputMetrics? Metrics(JsonNode? node, int outputs)
        {
            switch (node)
            {
                case null:
                    return null;
                case JsonObject dict when dict["class_name"] is null:
                    return dict.ToDictionary(kv => kv.Key, kv => MetricList(kv.Value));
                case JsonArray list when outputs > 1 && list.Count != outputs && list.All(e => e is not JsonArray):
                    // Keras 2 applied a flat list to every output
                    return OutputMetrics.Create([.. Enumerable.Range(0, outputs).Select(_ => (MetricList)list.Select(Metric).ToArray())]);
                case JsonArray list:
                    return OutputMetrics.Create([.. list.Select(MetricList)]);
                default:
                    return new[] { Metric(node) };
            }
        }

        private MetricList MetricList(JsonNode? node) =>
            node is JsonArray list ? list.Select(Metric).ToArray() : Metric(node);

        private Loss? Loss(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    return null;
                case JsonValue v when v.TryGetValue(out string? id):
                    return Custom<Loss>(id, [], "loss") ?? KerasSharp.Losses.Loss.Get(id);
                default:
                    var (className, config) = ConfigValues.ReadSerialized(node, "loss");
                    if (Custom<Loss>(className, config, "loss") is { } custom)
                    {
                        return custom;
                    }
                    if (LayerConfig.String(config, "reduction") == "auto")
                    {
                        // Keras 2's "auto" reduces as sum_over_batch_size outside distribution strategies
                        config["reduction"] = Reduction.SumOverBatchSize;
                    }
                    return s_losses.TryGetValue(className, out var fromConfig)
                        ? fromConfig(config)
                        : throw new NotSupportedException($"Unknown loss class '{className}'. KerasSharp has: {string.Join(", ", s_losses.Keys)}; pass custom objects for others.");
            }
        }

        private Metric Metric(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    throw new FormatException("A metric is null.");
                case JsonValue v when v.TryGetValue(out string? id):
                    return Custom<Metric>(id, [], "metric") ?? KerasSharp.Metrics.Metric.Get(id);
                default:
                    var (className, config) = ConfigValues.ReadSerialized(node, "metric");
                    if (Custom<Metric>(className, config, "metric") is { } custom)
                    {
                        return custom;
                    }
                    if (className == "MeanMetricWrapper" && LayerConfig.String(config, "fn") is { } fn)
                    {
                        // Keras 2.x wrote compile's "accuracy" resolved to a function this way
                        var metric = KerasSharp.Metrics.Metric.Get(fn);
                        metric.Name = LayerConfig.String(config, "name") ?? fn;
                        return metric;
                    }
                    return s_metrics.TryGetValue(className, out var fromConfig)
                        ? fromConfig(config)
                        : throw new NotSupportedException($"Unknown metric class '{className}'. KerasSharp has: {string.Join(", ", s_metrics.Keys)}; pass custom objects for others.");
            }
        }

        private T? Custom<T>(string className, JsonObject config, string kind)
            where T : class
        {
            var factory = customObjects?.GetValueOrDefault(className) ?? ObjectRegistry.FindCustom(className);
            if (factory is null)
            {
                return null;
            }
            return factory(config) as T ?? throw new ArgumentException(
                $"The custom object '{className}' used as the {kind} of '{file}' did not return a {typeof(T).Name}.");
        }
    }
}
