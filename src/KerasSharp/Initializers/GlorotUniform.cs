using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>
/// The Glorot (Xavier) uniform initializer, Keras' default kernel initializer: uniform in <c>[−limit, limit]</c> with <c>limit = sqrt(6 / (fan_in + fan_out))</c> (<c>keras.initializers.GlorotUniform</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_avg"</c>,
/// <c>distribution="uniform"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new GlorotUniform(seed: 42));
/// </code>
/// </example>
public sealed class GlorotUniform : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public GlorotUniform(int? seed = null)
        : base(1f, "fan_avg", "uniform", seed)
    {
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    public GlorotUniform(SeedGenerator seed)
        : base(seed, 1f, "fan_avg", "uniform")
    {
    }

    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedConfig() };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new GlorotUniform FromConfig(JsonObject config) => FromSeedConfig(config, static s => new GlorotUniform(s), static g => new GlorotUniform(g));
}
