using System.Text.Json.Nodes;

namespace KerasSharp.Engine;

/// <summary>
/// A stateful source of random numbers with a seed of its own (Keras' <c>keras.random.SeedGenerator</c>): every draw
/// advances it, so repeated calls give new values, and two generators never share state. Dropout layers, the recurrent
/// layers and every model (for the per-epoch shuffle of <c>Fit</c>) each own one, created in their constructor.
/// </summary>
/// <remarks>
/// <para>
/// With a <c>seed</c>, the values depend on that seed only. Without one, a seed is drawn when the generator is
/// constructed (Keras' <c>make_default_seed</c>) from the global stream that <see cref="Keras.SetRandomSeed"/> seeds; so
/// after <c>Keras.SetRandomSeed(s)</c>, objects created in the same order get the same seeds, whichever threads later
/// use them.
/// </para>
/// <para>
/// A generator is not thread-safe: like a layer's weights, it belongs to one computation at a time.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var seedGen = new SeedGenerator(seed: 42);
/// double first = seedGen.NextDouble();
/// double second = seedGen.NextDouble();                 // a new value: the generator advanced
/// var init = new GlorotUniform(seed: seedGen);           // new values on every call
/// var drop = new Dropout(0.5f, seed: 1337);              // owns SeedGenerator(1337)
/// </code>
/// </example>
public sealed class SeedGenerator
{
    private static readonly object s_globalLock = new();
    private static Rng s_global = new(Environment.TickCount64 ^ Guid.NewGuid().GetHashCode());

    private readonly Rng _rng;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; null draws one from the global stream (see <see cref="Keras.SetRandomSeed"/>).</param>
    public SeedGenerator(int? seed = null)
    {
        Seed = seed;
        _rng = new Rng(seed ?? MakeDefaultSeed());
    }

    /// <summary>The seed given to the constructor, or null when it was drawn from the global stream.</summary>
    public int? Seed { get; }

    /// <summary>The global stream (see <see cref="Keras.Random"/>).</summary>
    internal static Rng GlobalStream
    {
        get
        {
            lock (s_globalLock)
            {
                return s_global;
            }
        }
    }

    /// <summary>Restarts the global stream from <paramref name="seed"/> (see <see cref="Keras.SetRandomSeed"/>).</summary>
    internal static void SetGlobalSeed(int seed)
    {
        lock (s_globalLock)
        {
            s_global = new Rng(seed);
        }
    }

    /// <summary>Keras' <c>make_default_seed</c>: a seed in [1, 10⁹] drawn from the global stream, safe from any thread.</summary>
    internal static int MakeDefaultSeed()
    {
        lock (s_globalLock)
        {
            return 1 + s_global.NextInt(1_000_000_000);
        }
    }

    /// <summary>The next uniform double in [0, 1).</summary>
    public double NextDouble() => _rng.NextDouble();

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher–Yates) with the next draws.</summary>
    /// <param name="values">The values.</param>
    public void Shuffle(Span<int> values) => _rng.Shuffle(values);

    /// <summary>A new generator seeded from the next draw: for one call of a random op (e.g. an initializer).</summary>
    public Rng NextRng() => new(((long)_rng.NextUInt() << 32) | _rng.NextUInt());

    /// <summary>Keras' config: <c>seed</c>, null when it was drawn (Keras also writes a <c>name</c>, which is ignored here).</summary>
    public JsonObject GetConfig() => new() { ["seed"] = Seed };

    /// <summary>Creates a generator from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    /// <exception cref="ArgumentException"><c>seed</c> is neither an integer nor null.</exception>
    public static SeedGenerator FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config["seed"] switch
        {
            null => new SeedGenerator(),
            JsonValue v when v.TryGetValue(out int seed) => new SeedGenerator(seed),
            var other => throw new ArgumentException($"Argument `seed` must be an integer. Received: seed={other.ToJsonString()}", nameof(config)),
        };
    }

    /// <inheritdoc/>
    public override string ToString() => $"SeedGenerator({GetConfig().ToJsonString()})";
}
