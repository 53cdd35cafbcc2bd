using System.Text.Json.Nodes;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// The He normal initializer: truncated normal with standard deviation <c>sqrt(2 / fan_in)</c> after truncation (<c>keras.initializers.HeNormal</c>): <see cref="VarianceScaling"/> with <c>scale=2</c>, <c>mode="fan_in"</c>,
/// <c>distribution="truncated_normal"</c>.
/// </summary>
/// <param name="seed">Optional seed: the same values on every call.</param>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new HeNormal(seed: 42));
/// </code>
/// </example>
public sealed class HeNormal(int? seed = null) : VarianceScaling(2f, "fan_in", "truncated_normal", seed)
{
    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedNode(Seed) };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new HeNormal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HeNormal(ConfigValues.GetNullableInt(config, "seed"));
    }
}
