using System.Text.Json.Nodes;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// The LeCun uniform initializer: uniform in <c>[−limit, limit]</c> with <c>limit = sqrt(3 / fan_in)</c> (<c>keras.initializers.LecunUniform</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_in"</c>,
/// <c>distribution="uniform"</c>.
/// </summary>
/// <param name="seed">Optional seed: the same values on every call.</param>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new LecunUniform(seed: 42));
/// </code>
/// </example>
public sealed class LecunUniform(int? seed = null) : VarianceScaling(1f, "fan_in", "uniform", seed)
{
    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedNode(Seed) };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new LecunUniform FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new LecunUniform(ConfigValues.GetNullableInt(config, "seed"));
    }
}
