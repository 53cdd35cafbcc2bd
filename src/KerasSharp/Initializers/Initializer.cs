using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// Creates the initial values of a weight (<c>keras.initializers.Initializer</c>). Anywhere Keras accepts an
/// initializer, a string id works too: <c>kernelInitializer: "he_normal"</c>.
/// </summary>
/// <remarks>
/// Random initializers (<see cref="RandomInitializer"/>) return the same values on every call, as in Keras 3: with a
/// <c>seed</c>, from that seed; without one, from a seed drawn when the initializer is constructed from the global
/// stream, so <see cref="Keras.SetRandomSeed"/> makes whole models reproducible. Given a
/// <see cref="Engine.SeedGenerator"/> as the seed, they return new values on every call.
/// </remarks>
/// <example>
/// <code>
/// Initializer init = "glorot_uniform";
/// Tensor kernel = init.Call(new Shape(784, 128));
/// var seeded = new HeNormal(seed: 42);
/// </code>
/// </example>
public abstract class Initializer
{
    private static readonly Dictionary<string, Func<Initializer>> s_registry = new(StringComparer.Ordinal)
    {
        ["Constant"] = static () => new Constant(),
        ["constant"] = static () => new Constant(),
        ["GlorotNormal"] = static () => new GlorotNormal(),
        ["glorot_normal"] = static () => new GlorotNormal(),
        ["GlorotUniform"] = static () => new GlorotUniform(),
        ["glorot_uniform"] = static () => new GlorotUniform(),
        ["HeNormal"] = static () => new HeNormal(),
        ["he_normal"] = static () => new HeNormal(),
        ["HeUniform"] = static () => new HeUniform(),
        ["he_uniform"] = static () => new HeUniform(),
        ["Identity"] = static () => new Identity(),
        ["identity"] = static () => new Identity(),
        ["LecunNormal"] = static () => new LecunNormal(),
        ["lecun_normal"] = static () => new LecunNormal(),
        ["LecunUniform"] = static () => new LecunUniform(),
        ["lecun_uniform"] = static () => new LecunUniform(),
        ["Ones"] = static () => new Ones(),
        ["ones"] = static () => new Ones(),
        ["one"] = static () => new Ones(),
        ["Orthogonal"] = static () => new Orthogonal(),
        ["orthogonal"] = static () => new Orthogonal(),
        ["OrthogonalInitializer"] = static () => new Orthogonal(),
        ["RandomNormal"] = static () => new RandomNormal(),
        ["random_normal"] = static () => new RandomNormal(),
        ["normal"] = static () => new RandomNormal(),
        ["RandomUniform"] = static () => new RandomUniform(),
        ["random_uniform"] = static () => new RandomUniform(),
        ["uniform"] = static () => new RandomUniform(),
        ["TruncatedNormal"] = static () => new TruncatedNormal(),
        ["truncated_normal"] = static () => new TruncatedNormal(),
        ["VarianceScaling"] = static () => new VarianceScaling(),
        ["variance_scaling"] = static () => new VarianceScaling(),
        ["Zeros"] = static () => new Zeros(),
        ["zeros"] = static () => new Zeros(),
        ["zero"] = static () => new Zeros(),
    };

    private static readonly Dictionary<string, Func<JsonObject, Initializer>> s_fromConfig = new(StringComparer.Ordinal)
    {
        ["Constant"] = Constant.FromConfig,
        ["GlorotNormal"] = GlorotNormal.FromConfig,
        ["GlorotUniform"] = GlorotUniform.FromConfig,
        ["HeNormal"] = HeNormal.FromConfig,
        ["HeUniform"] = HeUniform.FromConfig,
        ["Identity"] = Identity.FromConfig,
        ["LecunNormal"] = LecunNormal.FromConfig,
        ["LecunUniform"] = LecunUniform.FromConfig,
        ["Ones"] = static _ => new Ones(),
        ["Orthogonal"] = Orthogonal.FromConfig,
        ["OrthogonalInitializer"] = Orthogonal.FromConfig,
        ["RandomNormal"] = RandomNormal.FromConfig,
        ["RandomUniform"] = RandomUniform.FromConfig,
        ["TruncatedNormal"] = TruncatedNormal.FromConfig,
        ["VarianceScaling"] = VarianceScaling.FromConfig,
        ["Zeros"] = static _ => new Zeros(),
    };

    /// <summary>Returns a new tensor of <paramref name="shape"/> with initial values.</summary>
    /// <param name="shape">A fully defined shape.</param>
    public abstract Tensor Call(Shape shape);

    /// <summary>The Keras config (<c>seed</c>, <c>mean</c>, <c>stddev</c>, <c>scale</c>, <c>mode</c>, <c>distribution</c>, …); empty for Zeros and Ones.</summary>
    public virtual JsonObject GetConfig() => [];

    /// <summary>
    /// An initializer from a Keras id: a class name (<c>"GlorotUniform"</c>), its snake_case form
    /// (<c>"glorot_uniform"</c>) or an alias (<c>"uniform"</c>, <c>"normal"</c>, <c>"one"</c>, <c>"zero"</c>),
    /// case-sensitive as in Keras; with Keras' defaults.
    /// </summary>
    /// <param name="identifier">The id.</param>
    /// <exception cref="ArgumentException">The id is unknown; the message lists the valid ids.</exception>
    public static Initializer Get(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        if (s_registry.TryGetValue(identifier, out var factory))
        {
            return factory();
        }
        throw new ArgumentException(
            $"Could not interpret initializer identifier: '{identifier}'. Valid identifiers are: {string.Join(", ", s_registry.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}.",
            nameof(identifier));
    }

    /// <summary>An initializer from a Keras id, so that <c>kernelInitializer: "he_normal"</c> works.</summary>
    /// <param name="identifier">The id, see <see cref="Get"/>.</param>
    public static implicit operator Initializer(string identifier) => Get(identifier);

    /// <summary>Keras' serialized form: <c>{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}</c>.</summary>
    /// <param name="initializer">The initializer.</param>
    public static JsonObject Serialize(Initializer initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return ConfigValues.Serialize("keras.initializers", initializer.GetType().Name, initializer.GetConfig());
    }

    /// <summary>An initializer from Keras' serialized form (<c>{"class_name": "HeNormal", "config": {"seed": 1}}</c>) or a string id.</summary>
    /// <param name="config">The serialized initializer.</param>
    /// <exception cref="ArgumentException">The class is unknown or the config is malformed.</exception>
    public static Initializer Deserialize(JsonNode config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config is JsonValue v && v.TryGetValue(out string? id))
        {
            return Get(id);
        }
        var (className, inner) = ConfigValues.ReadSerialized(config, "initializer");
        if (s_fromConfig.TryGetValue(className, out var fromConfig))
        {
            return fromConfig(inner);
        }
        throw new ArgumentException(
            $"Could not interpret initializer class name: '{className}'. Valid class names are: {string.Join(", ", s_fromConfig.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}.",
            nameof(config));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}({GetConfig().ToJsonString()})";

    /// <summary>Keras' <c>compute_fans</c>: 2-D <c>(in, out)</c>; conv kernels <c>(..., in, out)</c> times the receptive field; 1-D both <c>shape[0]</c>; scalar 1.</summary>
    internal static (int FanIn, int FanOut) ComputeFans(Shape shape)
    {
        switch (shape.Rank)
        {
            case 0:
                return (1, 1);
            case 1:
                return (shape[0], shape[0]);
            case 2:
                return (shape[0], shape[1]);
            default:
                // the receptive field (all but the last two axes) times the input, resp. output, channels
                Span<int> outputAxes = stackalloc int[shape.Rank - 1];
                shape.Dims[..^2].CopyTo(outputAxes);
                outputAxes[^1] = shape[^1];
                long fanIn = Shape.Product(shape.Dims[..^1]), fanOut = Shape.Product(outputAxes);
                if (fanIn > int.MaxValue || fanOut > int.MaxValue)
                {
                    throw new ArgumentException(
                        $"Cannot compute the fans of a kernel of shape {shape}: fan_in={fanIn} and fan_out={fanOut} must each be at most {int.MaxValue}.", nameof(shape));
                }
                return ((int)fanIn, (int)fanOut);
        }
    }

    /// <summary>An uninitialised tensor of a fully defined shape.</summary>
    internal Tensor NewTensor(Shape shape)
    {
        if (!shape.IsFullyDefined)
        {
            throw new ArgumentException($"Initializer {GetType().Name} needs a fully defined shape. Received: shape={shape}", nameof(shape));
        }
        return Tensor.Empty(shape);
    }
}
