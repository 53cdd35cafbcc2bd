using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Exponential decay (<c>keras.optimizers.schedules.ExponentialDecay</c>):
/// <c>lr(step) = initialLearningRate · decayRate ^ (step / decaySteps)</c>, with the exponent floored when
/// <paramref name="staircase"/> is true.
/// </summary>
/// <param name="initialLearningRate">The learning rate at step 0.</param>
/// <param name="decaySteps">The number of steps over which the rate is multiplied by <paramref name="decayRate"/>; must be positive.</param>
/// <param name="decayRate">The decay rate.</param>
/// <param name="staircase">If true, decay at discrete intervals (integer division of the step).</param>
/// <param name="name">The schedule's name.</param>
/// <example>
/// <code>
/// var schedule = new ExponentialDecay(0.1, decaySteps: 100000, decayRate: 0.96, staircase: true);
/// model.Compile(optimizer: new SGD(learningRate: schedule), loss: "sparse_categorical_crossentropy");
/// </code>
/// </example>
public sealed class ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, bool staircase = false, string name = "ExponentialDecay")
    : LearningRateSchedule
{
    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; } = initialLearningRate;

    /// <summary>The decay period in steps.</summary>
    public long DecaySteps { get; } = Checked(decaySteps);

    /// <summary>The decay rate per period.</summary>
    public double DecayRate { get; } = decayRate;

    /// <summary>Whether the exponent is floored.</summary>
    public bool Staircase { get; } = staircase;

    /// <summary>The schedule's name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override double Call(long step)
    {
        double p = (double)step / DecaySteps;
        if (Staircase)
        {
            p = Math.Floor(p);
        }
        return InitialLearningRate * Math.Pow(DecayRate, p);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["decay_rate"] = DecayRate,
        ["staircase"] = Staircase,
        ["name"] = Name,
    };

    /// <summary>Creates the schedule from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static ExponentialDecay FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ExponentialDecay(
            ConfigValues.GetDouble(config, "initial_learning_rate", double.NaN),
            ConfigValues.GetLong(config, "decay_steps", 0),
            ConfigValues.GetDouble(config, "decay_rate", double.NaN),
            ConfigValues.GetBool(config, "staircase", false),
            ConfigValues.GetString(config, "name", "ExponentialDecay"));
    }

    private static long Checked(long decaySteps)
    {
        CheckDecaySteps(decaySteps);
        return decaySteps;
    }
}
