using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Shared argument handling of the convolution, pooling, padding and upsampling layers: Keras' validation messages
/// (<c>standardize_tuple</c>, <c>standardize_padding</c>), output lengths with None passing through, and the config
/// forms of int-or-tuple arguments.
/// </summary>
internal static class ConvArgs
{
    /// <summary>Keras' <c>standardize_tuple</c> check: every value &gt; 0 (or ≥ 0 with <paramref name="allowZero"/>).</summary>
    public static void CheckTuple(ReadOnlySpan<int> values, string name, bool allowZero = false)
    {
        var bad = new List<int>();
        foreach (var v in values)
        {
            if (v < 0 || (v == 0 && !allowZero))
            {
                bad.Add(v);
            }
        }
        if (bad.Count > 0)
        {
            throw new ArgumentException(
                $"The `{name}` argument must be a tuple of {values.Length} integers. Received {name}={Ops.FormatTuple(values)}, " +
                $"including values {{{string.Join(", ", bad.Distinct())}}} that do not satisfy `value {(allowZero ? ">=" : ">")} 0`",
                ToParameterName(name));
        }
    }

    /// <summary>Keras' <c>standardize_padding</c>: lower-cased and one of the allowed values.</summary>
    public static string Padding(string padding, bool allowCausal)
    {
        ArgumentNullException.ThrowIfNull(padding);
        return Ops.StandardizePadding(padding, allowCausal);
    }

    /// <summary>The output length of one spatial axis; None (-1) stays None, and an empty output is reported as 0.</summary>
    public static int OutputLength(int n, int kernel, int stride, int dilation, string padding) =>
        n < 0 ? -1 : Math.Max(Ops.ConvWindow(n, kernel, stride, dilation, padding).Output, 0);

    /// <summary>The Keras message for a window that does not fit, naming the layer.</summary>
    public static ArgumentException OutputTooSmall(string layerName, string className, Shape inputShape, string window, string details) =>
        new($"Layer \"{layerName}\" ({className}): computed output size would be zero or negative, because the {window} does not fit in the input. " +
            $"Received `inputs shape={inputShape}`, {details}.");

    /// <summary>The InputSpec-style message for an input of the wrong rank.</summary>
    public static ArgumentException WrongRank(string layerName, int expected, Shape inputShape) =>
        new($"Input 0 of layer \"{layerName}\" is incompatible with the layer: expected ndim={expected}, found ndim={inputShape.Rank}. Full shape received: {inputShape}");

    /// <summary>A pair as a JSON list, as Keras writes tuples.</summary>
    public static JsonArray Json(IntPair value) => [value.Height, value.Width];

    /// <summary>A single value as a one-element JSON list, as Keras writes 1D tuples.</summary>
    public static JsonArray Json(int value) => [value];

    /// <summary>A pair from a config value written as an int or a list of two ints; null when missing.</summary>
    public static IntPair? ReadPair(JsonObject config, string key) => config[key] switch
    {
        null => (IntPair?)null,
        JsonArray array => IntPair.Create(LayerConfig.Dims(array)),
        _ => (IntPair)ConfigValues.GetNullableInt(config, key)!.Value,
    };

    /// <summary>A 1D value from a config value written as an int or a one-element list; null when missing.</summary>
    public static int? ReadSingle(JsonObject config, string key, string className) => config[key] switch
    {
        null => null,
        JsonArray { Count: 1 } array => LayerConfig.Dims(array)![0],
        JsonArray array => throw new ArgumentException($"The `{key}` argument of {className} must be a tuple of 1 integers. Received {key}={array.ToJsonString()}"),
        _ => ConfigValues.GetNullableInt(config, key),
    };

    /// <summary>Rejects config values this port does not implement (channels_first, groups, constraints, activity regularizers).</summary>
    public static void CheckSupported(JsonObject config, string className)
    {
        var format = LayerConfig.String(config, "data_format");
        if (format is not null and not "channels_last")
        {
            throw new ArgumentException($"{className} supports data_format \"channels_last\" only. Received: data_format={format}");
        }
        if (ConfigValues.GetNullableInt(config, "groups") is int groups && groups != 1)
        {
            throw new ArgumentException($"{className} supports groups=1 only. Received: groups={groups}");
        }
        foreach (var key in new[] { "activity_regularizer", "kernel_constraint", "bias_constraint" })
        {
            if (config[key] is JsonNode node)
            {
                throw new ArgumentException($"{className} does not support `{key}` yet. Received: {key}={node.ToJsonString()}");
            }
        }
    }

    /// <summary>Writes the weight-related keys shared by the convolution layers, in Keras' order.</summary>
    public static void WriteWeightConfig(JsonObject config, ActivationFunction activation, bool useBias, Initializer kernelInitializer,
        Initializer biasInitializer, Regularizer? kernelRegularizer, Regularizer? biasRegularizer)
    {
        config["groups"] = 1;
        config["activation"] = activation.Name;
        config["use_bias"] = useBias;
        config["kernel_initializer"] = Initializer.Serialize(kernelInitializer);
        config["bias_initializer"] = Initializer.Serialize(biasInitializer);
        config["kernel_regularizer"] = kernelRegularizer is null ? null : Regularizer.Serialize(kernelRegularizer);
        config["bias_regularizer"] = biasRegularizer is null ? null : Regularizer.Serialize(biasRegularizer);
        config["activity_regularizer"] = null;
        config["kernel_constraint"] = null;
        config["bias_constraint"] = null;
    }

    /// <summary>An initializer from a config key, or null when missing.</summary>
    public static Initializer? ReadInitializer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Initializer.Deserialize(node) : null;

    /// <summary>A regularizer from a config key, or null when missing or null.</summary>
    public static Regularizer? ReadRegularizer(JsonObject config, string key) =>
        config[key] is JsonNode node ? Regularizer.Deserialize(node) : null;

    /// <summary><c>kernel_size</c> → <c>kernelSize</c>.</summary>
    private static string ToParameterName(string kerasName)
    {
        var parts = kerasName.Split('_', ' ');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
