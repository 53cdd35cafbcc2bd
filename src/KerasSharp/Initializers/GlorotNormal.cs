using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>
/// The Glorot (Xavier) normal initializer: truncated normal with standard deviation <c>sqrt(2 / (fan_in + fan_out))</c> after truncation (<c>keras.initializers.GlorotNormal</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_avg"</c>,
/// <c>distribution="truncated_normal"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new GlorotNormal(seed: 42));
/// </code>
/// </example>
public sealed class GlorotNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public GlorotNormal(int? seed = null)
        : base(1f, "fan_avg", "truncated_normal", seed)
    {
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    public GlorotNormal(SeedGenerator seed)
        : base(seed, 1f, "fan_avg", "truncated_normal")
    {
    }

    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedConfig() };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new GlorotNormal FromConfig(JsonObject config) => FromSeedConfig(config, static s => new GlorotNormal(s), static g => new GlorotNormal(g));
}
