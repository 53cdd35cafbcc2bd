using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Regularizers;

/// <summary>
/// A weight penalty added to the loss (<c>keras.regularizers.Regularizer</c>). <see cref="Call"/> builds the
/// penalty from <see cref="Ops"/>, so it is differentiable. String ids work where Keras accepts them:
/// <c>kernelRegularizer: "l2"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(5, kernelRegularizer: new L1(0.01));
/// Regularizer r = "l2";
/// float penalty = new L2(2.0).Call(Tensor.Ones(new Shape(5, 5))).Item();   // 50
/// </code>
/// </example>
public abstract class Regularizer
{
    private static readonly Dictionary<string, Func<Regularizer>> s_registry = new(StringComparer.Ordinal)
    {
        ["L1"] = static () => new L1(),
        ["l1"] = static () => new L1(),
        ["L2"] = static () => new L2(),
        ["l2"] = static () => new L2(),
        ["L1L2"] = static () => new L1L2(),
        ["l1l2"] = static () => new L1L2(),
        // Keras' docstring (and Keras 2's l1_l2 function): both factors 0.01.
        ["l1_l2"] = static () => new L1L2(0.01f, 0.01f),
    };

    private static readonly Dictionary<string, Func<JsonObject, Regularizer>> s_fromConfig = new(StringComparer.Ordinal)
    {
        ["L1"] = L1.FromConfig,
        ["L2"] = L2.FromConfig,
        ["L1L2"] = L1L2.FromConfig,
    };

    /// <summary>The penalty for <paramref name="weights"/>: a scalar tensor, differentiable with respect to the weights.</summary>
    /// <param name="weights">The weights (or activations) to penalise.</param>
    public abstract Tensor Call(Tensor weights);

    /// <summary>The Keras config (the constructor's arguments).</summary>
    public virtual JsonObject GetConfig() => [];

    /// <summary>
    /// A regularizer from a Keras id: <c>"l1"</c>, <c>"l2"</c> (factor 0.01), <c>"l1_l2"</c> (both 0.01), or a class
    /// name (<c>"L1"</c>, <c>"L2"</c>, <c>"L1L2"</c>/<c>"l1l2"</c> with Keras' defaults).
    /// </summary>
    /// <param name="identifier">The id.</param>
    /// <exception cref="ArgumentException">The id is unknown; the message lists the valid ids.</exception>
    public static Regularizer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (s_registry.TryGetValue(identifier, out var factory))
        {
            return factory();
        }
        throw new ArgumentException(
            $"Could not interpret regularizer identifier: '{identifier}'. Valid identifiers are: {string.Join(", ", s_registry.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}.",
            nameof(identifier));
    }

    /// <summary>A regularizer from a Keras id, so that <c>kernelRegularizer: "l2"</c> works.</summary>
    /// <param name="identifier">The id, see <see cref="Get"/>.</param>
    public static implicit operator Regularizer(string identifier) => Get(identifier);

    /// <summary>Keras' serialized form: <c>{"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}</c>.</summary>
    /// <param name="regularizer">The regularizer.</param>
    public static JsonObject Serialize(Regularizer regularizer)
    {
        ArgumentNullException.ThrowIfNull(regularizer);
        return ConfigValues.Serialize("keras.regularizers", regularizer.GetType().Name, regularizer.GetConfig());
    }

    /// <summary>A regularizer from Keras' serialized form (<c>{"class_name": "L2", "config": {"l2": 0.01}}</c>) or a string id.</summary>
    /// <param name="config">The serialized regularizer.</param>
    /// <exception cref="ArgumentException">The class is unknown or the config is malformed.</exception>
    public static Regularizer Deserialize(JsonNode config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config is JsonValue v && v.TryGetValue(out string? id))
        {
            return Get(id);
        }
        var (className, inner) = ConfigValues.ReadSerialized(config, "regularizer");
        if (s_fromConfig.TryGetValue(className, out var fromConfig))
        {
            return fromConfig(inner);
        }
        throw new ArgumentException(
            $"Could not interpret regularizer class name: '{className}'. Valid class names are: {string.Join(", ", s_fromConfig.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}.",
            nameof(config));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}({GetConfig().ToJsonString()})";

    /// <summary>Keras' <c>validate_float_arg</c>: a finite, non-negative factor.</summary>
    internal static double CheckFactor(double value, string name)
    {
        value = ConfigValues.AsWritten(value);
        if (!double.IsFinite(value) || value < 0.0)
        {
            throw new ArgumentOutOfRangeException(name, value,
                $"Invalid value for argument {name}: expected a non-negative float. Received: {name}={value.ToString(CultureInfo.InvariantCulture)}");
        }
        return value;
    }

    /// <summary><c>factor · Σ|x|</c>.</summary>
    internal static Tensor L1Penalty(float factor, Tensor x) => Ops.Multiply(Tensor.Scalar(factor), Ops.Sum(Ops.Abs(x)));

    /// <summary><c>factor · Σx²</c>.</summary>
    internal static Tensor L2Penalty(float factor, Tensor x) => Ops.Multiply(Tensor.Scalar(factor), Ops.Sum(Ops.Square(x)));
}
