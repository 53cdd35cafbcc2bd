using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>
/// The LeCun normal initializer: truncated normal with standard deviation <c>sqrt(1 / fan_in)</c> after truncation (<c>keras.initializers.LecunNormal</c>): <see cref="VarianceScaling"/> with <c>scale=1</c>, <c>mode="fan_in"</c>,
/// <c>distribution="truncated_normal"</c>.
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(64, kernelInitializer: new LecunNormal(seed: 42));
/// </code>
/// </example>
public sealed class LecunNormal : VarianceScaling
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    public LecunNormal(int? seed = null)
        : base(1f, "fan_in", "truncated_normal", seed)
    {
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    public LecunNormal(SeedGenerator seed)
        : base(seed, 1f, "fan_in", "truncated_normal")
    {
    }

    /// <summary>Keras' config: only <c>seed</c>.</summary>
    public override JsonObject GetConfig() => new() { ["seed"] = SeedConfig() };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static new LecunNormal FromConfig(JsonObject config) => FromSeedConfig(config, static s => new LecunNormal(s), static g => new LecunNormal(g));
}
