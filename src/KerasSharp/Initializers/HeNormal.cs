using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>
/// The He normal initializer: truncated normal with standard deviation <c>sqrt(2 / fan_in)</c> after truncation (<c>keras.initializers.HeNormal</c>): <see cref="VarianceScaling"/> with <c>scale=2</c>, <c>mode="fan_in"</c>,
/// <c>distribution="truncated_normal"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new HeNormal(seed: 42));
/// </code>
/// </example>
public sealed class HeNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public HeNormal(int? seed = null)
        : base(2f, "fan_in", "truncated_normal", seed)
    {
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    public HeNormal(SeedGenerator seed)
        : base(seed, 2f, "fan_in", "truncated_normal")
    {
    }

    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedConfig() };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new HeNormal FromConfig(JsonObject config) => FromSeedConfig(config, static s => new HeNormal(s), static g => new HeNormal(g));
}
