using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// The base of the random initializers (Keras' <c>RandomInitializer</c>): it holds the seed and makes the generator
/// of each call.
/// </summary>
/// <remarks>
/// As in Keras 3, an initializer seeded with an integer, or unseeded, returns the same values on every call: an
/// unseeded one draws its seed once, when it is constructed, from the global stream that
/// <see cref="Keras.SetRandomSeed"/> seeds. Seeded with a <see cref="Engine.SeedGenerator"/>, it returns new values on
/// every call. The config keeps the seed as given: null when unseeded.
/// </remarks>
/// <example>
/// <code>
/// var same = new GlorotUniform();                          // a seed drawn now; every Call gives the same values
/// var fresh = new GlorotUniform(new SeedGenerator(7));     // different values on every Call
/// </code>
/// </example>
public abstract class RandomInitializer : Initializer
{
    private readonly int _seed;

    /// <summary>Sets the seed, drawing one from the global stream when <paramref name="seed"/> is null.</summary>
    /// <param name="seed">The seed, or null.</param>
    protected RandomInitializer(int? seed)
    {
        Seed = seed;
        _seed = seed ?? SeedGenerator.MakeDefaultSeed();
    }

    /// <summary>Uses <paramref name="seedGenerator"/> for the values of every call.</summary>
    /// <param name="seedGenerator">The generator.</param>
    protected RandomInitializer(SeedGenerator seedGenerator)
    {
        ArgumentNullException.ThrowIfNull(seedGenerator);
        SeedGenerator = seedGenerator;
    }

    /// <summary>The integer seed given, or null (unseeded, or seeded with a <see cref="SeedGenerator"/>).</summary>
    public int? Seed { get; }

    /// <summary>The generator given as the seed, or null.</summary>
    public SeedGenerator? SeedGenerator { get; }

    /// <summary>The generator of one call: seeded with the initializer's seed, or the next one of its <see cref="SeedGenerator"/>.</summary>
    protected Rng CallRng() => SeedGenerator?.NextRng() ?? new Rng(_seed);

    /// <summary>The seed as Keras writes it: a number, null, or the serialized <see cref="SeedGenerator"/>.</summary>
    private protected JsonNode? SeedConfig() =>
        SeedGenerator is { } generator ? ConfigValues.Serialize("keras.random", "SeedGenerator", generator.GetConfig()) : JsonValue.Create(Seed);

    /// <summary>An initializer whose only argument is the seed, from its Keras config.</summary>
    private protected static T FromSeedConfig<T>(JsonObject config, Func<int?, T> seeded, Func<SeedGenerator, T> generated)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? seeded(seed) : generated(generator);
    }

    /// <summary>
    /// Reads <c>seed</c> from a config: an integer or null, or a serialized <c>SeedGenerator</c> (then
    /// <c>Generator</c> is set).
    /// </summary>
    private protected static (int? Seed, SeedGenerator? Generator) ReadSeed(JsonObject config)
    {
        if (config["seed"] is JsonObject serialized)
        {
            var (className, inner) = ConfigValues.ReadSerialized(serialized, "seed");
            if (className != "SeedGenerator")
            {
                throw new ArgumentException($"`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. Received: seed={serialized.ToJsonString()}");
            }
            return (null, SeedGenerator.FromConfig(inner));
        }
        return (ConfigValues.GetNullableInt(config, "seed"), null);
    }
}
