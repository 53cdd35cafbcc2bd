using System.Text.Json.Nodes;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// The Glorot (Xavier) normal initializer: truncated normal with standard deviation <c>sqrt(2 / (fan_in + fan_out))</c> after truncation (<c>keras.initializers.GlorotNormal</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_avg"</c>,
/// <c>distribution="truncated_normal"</c>.
/// </summary>
/// <param name="seed">Optional seed: the same values on every call.</param>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new GlorotNormal(seed: 42));
/// </code>
/// </example>
public sealed class GlorotNormal(int? seed = null) : VarianceScaling(1f, "fan_avg", "truncated_normal", seed)
{
    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedNode(Seed) };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new GlorotNormal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new GlorotNormal(ConfigValues.GetNullableInt(config, "seed"));
    }
}
