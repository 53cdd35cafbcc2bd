using System.Text.Json.Nodes;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// The Glorot (Xavier) uniform initializer, Keras' default kernel initializer: uniform in <c>[−limit, limit]</c> with <c>limit = sqrt(6 / (fan_in + fan_out))</c> (<c>keras.initializers.GlorotUniform</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_avg"</c>,
/// <c>distribution="uniform"</c>.
/// </summary>
/// <param name="seed">Optional seed: the same values on every call.</param>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new GlorotUniform(seed: 42));
/// </code>
/// </example>
public sealed class GlorotUniform(int? seed = null) : VarianceScaling(1f, "fan_avg", "uniform", seed)
{
    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedNode(Seed) };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new GlorotUniform FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new GlorotUniform(ConfigValues.GetNullableInt(config, "seed"));
    }
}
