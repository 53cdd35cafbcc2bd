using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>
/// Draws from a normal distribution and redraws values more than two standard deviations from the mean
/// (<c>keras.initializers.TruncatedNormal</c>).
/// </summary>
/// <example>
/// <code>
/// var layer = new Dense(3, kernelInitializer: new TruncatedNormal(stddev: 0.02));
/// </code>
/// </example>
public sealed class TruncatedNormal : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">Mean of the distribution before truncation.</param>
    /// <param name="stddev">Standard deviation of the distribution before truncation; must be non-negative.</param>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public TruncatedNormal(double mean = 0.0, double stddev = 0.05, int? seed = null)
        : base(seed)
    {
        (Mean, Stddev) = RandomNormal.CheckStddev(mean, stddev);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="mean">Mean of the distribution before truncation.</param>
    /// <param name="stddev">Standard deviation of the distribution before truncation; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public TruncatedNormal(SeedGenerator seed, double mean = 0.0, double stddev = 0.05)
        : base(seed)
    {
        (Mean, Stddev) = RandomNormal.CheckStddev(mean, stddev);
    }

    /// <summary>Mean of the distribution.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation before truncation.</summary>
    public double Stddev { get; }

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        var rng = CallRng();
        var data = result.Data;
        float mean = (float)Mean, stddev = (float)Stddev;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.TruncatedNormal(mean, stddev);
        }
        return result;
    }

    /// <summary>Keras' config: <c>seed</c>, <c>mean</c>, <c>stddev</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["seed"] = SeedConfig(),
        ["mean"] = Mean,
        ["stddev"] = Stddev,
    };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static TruncatedNormal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double mean = ConfigValues.GetDouble(config, "mean", 0.0), stddev = ConfigValues.GetDouble(config, "stddev", 0.05);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new TruncatedNormal(mean, stddev, seed) : new TruncatedNormal(generator, mean, stddev);
    }
}
