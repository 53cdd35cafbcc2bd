using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>Draws from a normal distribution (<c>keras.initializers.RandomNormal</c>).</summary>
/// <example>
/// <code>
/// var init = new RandomNormal(mean: 0f, stddev: 1f);
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
    public RandomNormal(float mean = 0f, float stddev = 0.05f, int? seed = null)
        : base(seed)
    {
        (Mean, Stddev) = CheckStddev(mean, stddev);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="mean">Mean of the values.</param>
    /// <param name="stddev">Standard deviation of the values; must be non-negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stddev"/> is negative or not finite.</exception>
    public RandomNormal(SeedGenerator seed, float mean = 0f, float stddev = 0.05f)
        : base(seed)
    {
        (Mean, Stddev) = CheckStddev(mean, stddev);
    }

    /// <summary>Mean of the values.</summary>
    public float Mean { get; }

    /// <summary>Standard deviation of the values.</summary>
    public float Stddev { get; }

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        var rng = CallRng();
        var data = result.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.Normal(Mean, Stddev);
        }
        return result;
    }

    /// <summary>Keras' config: <c>seed</c>, <c>mean</c>, <c>stddev</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["seed"] = SeedConfig(),
        ["mean"] = ConfigValues.Number(Mean),
        ["stddev"] = ConfigValues.Number(Stddev),
    };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static RandomNormal FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        float mean = ConfigValues.GetFloat(config, "mean", 0f), stddev = ConfigValues.GetFloat(config, "stddev", 0.05f);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new RandomNormal(mean, stddev, seed) : new RandomNormal(generator, mean, stddev);
    }

    internal static (float Mean, float Stddev) CheckStddev(float mean, float stddev)
    {
        if (!float.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"Argument `mean` must be a finite float. Received: mean={mean}");
        }
        if (!(stddev >= 0f) || float.IsInfinity(stddev))
        {
            throw new ArgumentOutOfRangeException(nameof(stddev), stddev, $"Argument `stddev` must be a non-negative float. Received: stddev={stddev}");
        }
        return (mean, stddev);
    }
}
