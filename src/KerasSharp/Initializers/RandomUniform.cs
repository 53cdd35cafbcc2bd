using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>Draws uniformly from <c>[minval, maxval)</c> (<c>keras.initializers.RandomUniform</c>); Keras' default for Embedding.</summary>
/// <example>
/// <code>
/// var init = new RandomUniform(minval: -1.0, maxval: 1.0, seed: 7);
/// </code>
/// </example>
public sealed class RandomUniform : RandomInitializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="minval">Lower bound (inclusive).</param>
    /// <param name="maxval">Upper bound (exclusive).</param>
    /// <param name="seed">Optional seed: the same values on every call (unseeded too: a seed is drawn now).</param>
    /// <exception cref="ArgumentException">The bounds are not finite or <paramref name="minval"/> exceeds <paramref name="maxval"/>.</exception>
    public RandomUniform(double minval = -0.05, double maxval = 0.05, int? seed = null)
        : base(seed)
    {
        (Minval, Maxval) = CheckBounds(minval, maxval);
    }

    /// <summary>Creates the initializer with new values on every call.</summary>
    /// <param name="seed">The generator the values of each call come from.</param>
    /// <param name="minval">Lower bound (inclusive).</param>
    /// <param name="maxval">Upper bound (exclusive).</param>
    /// <exception cref="ArgumentException">The bounds are not finite or <paramref name="minval"/> exceeds <paramref name="maxval"/>.</exception>
    public RandomUniform(SeedGenerator seed, double minval = -0.05, double maxval = 0.05)
        : base(seed)
    {
        (Minval, Maxval) = CheckBounds(minval, maxval);
    }

    private static (double Minval, double Maxval) CheckBounds(double minval, double maxval)
    {
        minval = ConfigValues.AsWritten(minval);
        maxval = ConfigValues.AsWritten(maxval);
        if (!double.IsFinite(minval) || !double.IsFinite(maxval) || minval > maxval)
        {
            throw new ArgumentException($"Arguments `minval` and `maxval` must be finite with minval <= maxval. Received: minval={minval}, maxval={maxval}");
        }
        return (minval, maxval);
    }

    /// <summary>Lower bound.</summary>
    public double Minval { get; }

    /// <summary>Upper bound.</summary>
    public double Maxval { get; }

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        var rng = CallRng();
        var data = result.Data;
        float minval = (float)Minval, maxval = (float)Maxval;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.Uniform(minval, maxval);
        }
        return result;
    }

    /// <summary>Keras' config: <c>seed</c>, <c>minval</c>, <c>maxval</c>.</summary>
    public override JsonObject GetConfig() => new()
    {
        ["seed"] = SeedConfig(),
        ["minval"] = Minval,
        ["maxval"] = Maxval,
    };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static RandomUniform FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double minval = ConfigValues.GetDouble(config, "minval", -0.05), maxval = ConfigValues.GetDouble(config, "maxval", 0.05);
        var (seed, generator) = ReadSeed(config);
        return generator is null ? new RandomUniform(minval, maxval, seed) : new RandomUniform(generator, minval, maxval);
    }
}
