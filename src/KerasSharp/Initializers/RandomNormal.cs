using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>Draws from a normal distribution (<c>keras.initializers.RandomNormal</c>).</summary>
/// <example>
/// <code>
/// var init = new RandomNormal(mean: 0.0, stddev: 1.0);
/// Tensor values = init.Call(new Shape(2, 2));
/// </code>
/// </example>
public sealed class RandomNormal : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">Mean of the values.</param>
    /// <param name="stddev">Standard deviation of the values; must be non-negative.</param>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public RandomNormal(double mean = 0.0, double stddev = 0.05, int? seed = null)
        : base(seed)
    {
        (Mean, Stddev) = CheckStddev(mean, stddev);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="mean">Mean of the values.</param>
    /// <param name="stddev">Standard deviation of the values; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public RandomNormal(SeedGenerator seed, double mean = 0.0, double stddev = 0.05)
        : base(seed)
    {
        (Mean, Stddev) = CheckStddev(mean, stddev);
    }

    /// <summary>Mean of the values.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation of the values.</summary>
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
            data[i] = rng.Normal(mean, stddev);
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
    public static RandomNormal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double mean = ConfigValues.GetDouble(config, "mean", 0.0), stddev = ConfigValues.GetDouble(config, "stddev", 0.05);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new RandomNormal(mean, stddev, seed) : new RandomNormal(generator, mean, stddev);
    }

    internal static (double Mean, double Stddev) CheckStddev(double mean, double stddev)
    {
        mean = ConfigValues.AsWritten(mean);
        stddev = ConfigValues.AsWritten(stddev);
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"Argument `mean` must be a finite float. Received: mean={mean}");
        }
        if (!(stddev >= 0.0) || double.IsInfinity(stddev))
        {
            throw new ArgumentOutOfRangeException(nameof(stddev), stddev, $"Argument `stddev` must be a non-negative float. Received: stddev={stddev}");
        }
        return (mean, stddev);
    }
}
