using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>
/// The LeCun uniform initializer: uniform in <c>[−limit, limit]</c> with <c>limit = sqrt(3 / fan_in)</c> (<c>keras.initializers.LecunUniform</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_in"</c>,
/// <c>distribution="uniform"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new LecunUniform(seed: 42));
/// </code>
/// </example>
public sealed class LecunUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public LecunUniform(int? seed = null)
        : base(1f, "fan_in", "uniform", seed)
    {
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    public LecunUniform(SeedGenerator seed)
        : base(seed, 1f, "fan_in", "uniform")
    {
    }

    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedConfig() };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new LecunUniform FromConfig(JsonObject config) => FromSeedConfig(config, static s => new LecunUniform(s), static g => new LecunUniform(g));
}
