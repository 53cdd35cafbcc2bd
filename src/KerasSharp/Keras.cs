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
public static class Keras
{
    /// <summary>Keras' fuzz factor (<c>keras.backend.epsilon()</c>), used to clip probabilities in cross-entropies.</summary>
    public const float Epsilon = 1e-7f;

    private static readonly object s_lock = new();
    private static Rng s_rng = new(Environment.TickCount64 ^ Guid.NewGuid().GetHashCode());
    private static Dictionary<string, int> s_names = [];

    /// <summary>The session's random generator.</summary>
    public static Rng Random
    {
        get
        {
            lock (s_lock)
            {
                return s_rng;
            }
        }
    }

    /// <summary>
    /// Seeds all randomness (initializers, dropout, shuffling), like <c>keras.utils.set_random_seed</c>: two runs
    /// with the same seed and the same code give identical weights and loss curves.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public static void SetRandomSeed(int seed)
    {
        lock (s_lock)
        {
            s_rng = new Rng(seed);
        }
    }

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
