using System.Text.RegularExpressions;
using KerasSharp.Engine;

namespace KerasSharp;

/// <summary>
/// Global settings, in the spirit of <c>keras.utils</c> and <c>keras.backend</c>: the random seed, the session that
/// hands out layer names, and the fuzz factor <see cref="Epsilon"/>.
/// </summary>
/// <example>
/// <code>
/// Keras.SetRandomSeed(42);   // like keras.utils.set_random_seed(42)
/// </code>
/// </example>
public static partial class Keras
{
    /// <summary>Keras' fuzz factor (<c>keras.backend.epsilon()</c>), used to clip probabilities in cross-entropies.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>
    /// A symbolic input of the given sample shape (Keras' <c>keras.Input(shape=…)</c>), to apply layers to and build a
    /// Functional model from; the same as <c>new Input(shape, …)</c> converted to its tensor.
    /// </summary>
    /// <param name="shape">The shape of one sample (no batch axis), e.g. <c>[784]</c>.</param>
    /// <param name="batchSize">An optional fixed batch size.</param>
    /// <param name="name">The input's name (default <c>input_layer</c>, made unique).</param>
    /// <example>
    /// <code>
    /// var inputs = Keras.Input(shape: [784]);
    /// var outputs = new Dense(10).Apply(inputs);
    /// var model = new Model(inputs, outputs);
    /// </code>
    /// </example>
    public static Layers.KerasTensor Input(Shape shape, int? batchSize = null, string? name = null) => new Layers.Input(shape, batchSize, name);

    private static readonly object s_lock = new();
    private static Dictionary<string, int> s_names = [];

    /// <summary>
    /// The global random stream (Python's <c>random</c> module in Keras), which <see cref="SetRandomSeed"/> seeds. The
    /// library draws from it only to make default seeds, when an unseeded <see cref="SeedGenerator"/> or random
    /// initializer is constructed; all later randomness comes from those objects. Drawing from it directly is not
    /// synchronised with those draws: use a <see cref="SeedGenerator"/> of your own instead.
    /// </summary>
    public static Rng Random => SeedGenerator.GlobalStream;

    /// <summary>
    /// Seeds the global stream, like <c>keras.utils.set_random_seed</c>: two runs with the same seed and the same code
    /// give identical weights and loss curves.
    /// </summary>
    /// <remarks>
    /// As in Keras 3, the seed is used when objects are created, not when they draw: every unseeded random
    /// initializer, Dropout, SpatialDropout2D, recurrent layer and model draws its own default seed from the global
    /// stream in its constructor, and then draws only from that seed. So results are reproducible across threads and
    /// processes as long as those objects are created in the same order (e.g. on one thread), wherever they are used
    /// later: two models built one after the other and then trained on two threads at once get the same weights as
    /// when trained one after the other. A custom layer that calls <c>AddWeight</c> without an initializer draws its
    /// default seed when it is built.
    /// </remarks>
    /// <param name="seed">The seed.</param>
    public static void SetRandomSeed(int seed) => SeedGenerator.SetGlobalSeed(seed);

    /// <summary>
    /// Resets the layer name counters, like <c>keras.backend.clear_session()</c> (the next Dense is <c>dense</c> again),
    /// and releases the memory every thread keeps for reuse: the step arenas' buffers and tensor objects, convolution
    /// scratch and recycled tape nodes. Safe to call from any thread at any time: a thread that is inside a training,
    /// evaluation or prediction step keeps working (with the same results) and releases its memory when the step ends.
    /// </summary>
    public static void ClearSession()
    {
        lock (s_lock)
        {
            s_names = [];
        }
        ThreadCaches.ClearAll();
    }

    /// <summary>A unique name in this session: <c>dense</c>, then <c>dense_1</c>, <c>dense_2</c>, …</summary>
    /// <param name="prefix">The snake_case base name.</param>
    public static string UniqueName(string prefix)
    {
        lock (s_lock)
        {
            s_names.TryGetValue(prefix, out int count);
            s_names[prefix] = count + 1;
            return count == 0 ? prefix : $"{prefix}_{count}";
        }
    }

    /// <summary>Converts a class name to Keras' snake_case (<c>BatchNormalization</c> → <c>batch_normalization</c>, <c>Conv2D</c> → <c>conv2d</c>).</summary>
    /// <param name="name">The PascalCase name.</param>
    public static string ToSnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = Regex.Replace(name, @"\W+", "");
        name = Regex.Replace(name, "(.)([A-Z][a-z]+)", "$1_$2");
        return Regex.Replace(name, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }
}
