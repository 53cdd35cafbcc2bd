using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// Scales its distribution to the weight's shape (<c>keras.initializers.VarianceScaling</c>). With
/// <c>n</c> = fan-in, fan-out or their average (<c>mode</c>; at least 1): <c>"truncated_normal"</c>
/// draws from a normal truncated at two standard deviations with <c>stddev = sqrt(scale/n) / 0.87962566103423978</c>
/// (so the truncated values have standard deviation <c>sqrt(scale/n)</c>); <c>"untruncated_normal"</c> uses
/// <c>stddev = sqrt(scale/n)</c>; <c>"uniform"</c> draws from <c>[−limit, limit]</c> with
/// <c>limit = sqrt(3·scale/n)</c>.
/// </summary>
/// <example>
/// <code>
/// var init = new VarianceScaling(scale: 0.1, mode: "fan_in", distribution: "uniform");
/// var layer = new Dense(3, kernelInitializer: init);
/// </code>
/// </example>
public class VarianceScaling : RandomInitializer
{
    /// <summary>Keras' correction for the standard deviation of a standard normal truncated to [−2, 2].</summary>
    internal const double TruncatedStddevCorrection = 0.87962566103423978;

    private static readonly string[] s_modes = ["fan_in", "fan_out", "fan_avg"];
    private static readonly string[] s_distributions = ["uniform", "truncated_normal", "untruncated_normal"];

    /// <summary>Creates the initializer.</summary>
    /// <param name="scale">Scaling factor; must be positive.</param>
    /// <param name="mode">One of <c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c>.</param>
    /// <param name="distribution">One of <c>"truncated_normal"</c> (<c>"normal"</c> is an alias), <c>"untruncated_normal"</c>, <c>"uniform"</c>.</param>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal", int? seed = null)
        : base(seed)
    {
        (Scale, Mode, Distribution) = Check(scale, mode, distribution);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="scale">Scaling factor; must be positive.</param>
    /// <param name="mode">One of <c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c>.</param>
    /// <param name="distribution">One of <c>"truncated_normal"</c> (<c>"normal"</c> is an alias), <c>"untruncated_normal"</c>, <c>"uniform"</c>.</param>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public VarianceScaling(SeedGenerator seed, double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal")
        : base(seed)
    {
        (Scale, Mode, Distribution) = Check(scale, mode, distribution);
    }

    private static (double Scale, string Mode, string Distribution) Check(double scale, string mode, string distribution)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(distribution);
        scale = ConfigValues.AsWritten(scale);
        if (!(scale > 0.0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Argument `scale` must be positive float. Received: scale={scale}");
        }
        if (Array.IndexOf(s_modes, mode) < 0)
        {
            throw new ArgumentException($"Invalid `mode` argument: {mode}. Please use one of {{{string.Join(", ", s_modes.Select(m => $"'{m}'"))}}}", nameof(mode));
        }
        distribution = distribution.ToLowerInvariant();
        if (distribution == "normal")
        {
            distribution = "truncated_normal";
        }
        if (Array.IndexOf(s_distributions, distribution) < 0)
        {
            throw new ArgumentException($"Invalid `distribution` argument: {distribution}. Please use one of {{{string.Join(", ", s_distributions.Select(d => $"'{d}'"))}}}", nameof(distribution));
        }
        return (scale, mode, distribution);
    }

    /// <summary>The scaling factor.</summary>
    public double Scale { get; }

    /// <summary><c>"fan_in"</c>, <c>"fan_out"</c> or <c>"fan_avg"</c>.</summary>
    public string Mode { get; }

    /// <summary><c>"truncated_normal"</c>, <c>"untruncated_normal"</c> or <c>"uniform"</c>.</summary>
    public string Distribution { get; }

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        var (fanIn, fanOut) = ComputeFans(shape);
        double n = Mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double scale = Scale / Math.Max(1.0, n);
        var rng = CallRng();
        var data = result.Data;
        switch (Distribution)
        {
            case "truncated_normal":
                float truncatedStddev = (float)(Math.Sqrt(scale) / TruncatedStddevCorrection);
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = rng.TruncatedNormal(0f, truncatedStddev);
                }
                break;
            case "untruncated_normal":
                float stddev = (float)Math.Sqrt(scale);
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = rng.Normal(0f, stddev);
                }
                break;
            default:
                float limit = (float)Math.Sqrt(3.0 * scale);
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = rng.Uniform(-limit, limit);
                }
                break;
        }
        return result;
    }

    /// <summary>Keras' config: <c>seed</c>, <c>scale</c>, <c>mode</c>, <c>distribution</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["seed"] = SeedConfig(),
        ["scale"] = Scale,
        ["mode"] = Mode,
        ["distribution"] = Distribution,
    };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static VarianceScaling FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double scale = ConfigValues.GetDouble(config, "scale", 1.0);
        string mode = ConfigValues.GetString(config, "mode", "fan_in"), distribution = ConfigValues.GetString(config, "distribution", "truncated_normal");
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new VarianceScaling(scale, mode, distribution, seed) : new VarianceScaling(generator, scale, mode, distribution);
    }
}
