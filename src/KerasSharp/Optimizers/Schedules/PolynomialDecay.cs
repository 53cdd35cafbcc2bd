using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Polynomial decay (<c>keras.optimizers.schedules.PolynomialDecay</c>): with <c>s = min(step, decaySteps)</c>,
/// <c>lr(step) = (initialLearningRate − endLearningRate) · (1 − s / decaySteps) ^ power + endLearningRate</c>.
/// With <paramref name="cycle"/>, <c>decaySteps</c> is replaced by its first multiple not below the step (1 × at step 0).
/// </summary>
/// <param name="initialLearningRate">The learning rate at step 0.</param>
/// <param name="decaySteps">The number of steps to decay over; must be positive.</param>
/// <param name="endLearningRate">The final learning rate.</param>
/// <param name="power">The power of the polynomial.</param>
/// <param name="cycle">Whether to cycle beyond <paramref name="decaySteps"/>.</param>
/// <param name="name">The schedule's name.</param>
/// <example>
/// <code>
/// var schedule = new PolynomialDecay(0.1, decaySteps: 10000, endLearningRate: 0.01, power: 0.5);
/// </code>
/// </example>
public sealed class PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate = 0.0001, double power = 1.0, bool cycle = false, string name = "PolynomialDecay")
    : LearningRateSchedule
{
    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; } = initialLearningRate;

    /// <summary>The number of steps to decay over.</summary>
    public long DecaySteps { get; } = Checked(decaySteps);

    /// <summary>The final learning rate.</summary>
    public double EndLearningRate { get; } = endLearningRate;

    /// <summary>The power of the polynomial.</summary>
    public double Power { get; } = power;

    /// <summary>Whether the decay restarts after <see cref="DecaySteps"/>.</summary>
    public bool Cycle { get; } = cycle;

    /// <summary>The schedule's name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override double Call(long step)
    {
        double s = step;
        double decaySteps = DecaySteps;
        if (Cycle)
        {
            decaySteps *= step == 0 ? 1.0 : Math.Ceiling(s / DecaySteps);
        }
        else
        {
            s = Math.Min(s, decaySteps);
        }
        double p = s / decaySteps;
        return (InitialLearningRate - EndLearningRate) * Math.Pow(1 - p, Power) + EndLearningRate;
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["end_learning_rate"] = EndLearningRate,
        ["power"] = Power,
        ["cycle"] = Cycle,
        ["name"] = Name,
    };

    /// <summary>Creates the schedule from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static PolynomialDecay FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new PolynomialDecay(
            ConfigValues.GetDouble(config, "initial_learning_rate", double.NaN),
            ConfigValues.GetLong(config, "decay_steps", 0),
            ConfigValues.GetDouble(config, "end_learning_rate", 0.0001),
            ConfigValues.GetDouble(config, "power", 1.0),
            ConfigValues.GetBool(config, "cycle", false),
            ConfigValues.GetString(config, "name", "PolynomialDecay"));
    }

    private static long Checked(long decaySteps)
    {
        CheckDecaySteps(decaySteps);
        return decaySteps;
    }
}
