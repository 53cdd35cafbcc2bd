using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Inverse time decay (<c>keras.optimizers.schedules.InverseTimeDecay</c>):
/// <c>lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps)</c>, with <c>step / decaySteps</c>
/// floored when <paramref name="staircase"/> is true.
/// </summary>
/// <param name="initialLearningRate">The learning rate at step 0.</param>
/// <param name="decaySteps">How often to apply the decay; must be positive.</param>
/// <param name="decayRate">The decay rate.</param>
/// <param name="staircase">If true, decay at discrete intervals.</param>
/// <param name="name">The schedule's name.</param>
/// <example>
/// <code>
/// var opt = new SGD(learningRate: new InverseTimeDecay(0.1, decaySteps: 1, decayRate: 0.5));
/// </code>
/// </example>
public sealed class InverseTimeDecay(double initialLearningRate, double decaySteps, double decayRate, bool staircase = false, string name = "InverseTimeDecay")
    : LearningRateSchedule
{
    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; } = initialLearningRate;

    /// <summary>The decay period in steps.</summary>
    public double DecaySteps { get; } = Checked(decaySteps);

    /// <summary>The decay rate.</summary>
    public double DecayRate { get; } = decayRate;

    /// <summary>Whether <c>step / decaySteps</c> is floored.</summary>
    public bool Staircase { get; } = staircase;

    /// <summary>The schedule's name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override double Call(long step)
    {
        double p = step / DecaySteps;
        if (Staircase)
        {
            p = Math.Floor(p);
        }
        return InitialLearningRate / (1 + DecayRate * p);
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
    public static InverseTimeDecay FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new InverseTimeDecay(
            ConfigValues.GetDouble(config, "initial_learning_rate", double.NaN),
            ConfigValues.GetDouble(config, "decay_steps", 0),
            ConfigValues.GetDouble(config, "decay_rate", double.NaN),
            ConfigValues.GetBool(config, "staircase", false),
            ConfigValues.GetString(config, "name", "InverseTimeDecay"));
    }

    private static double Checked(double decaySteps)
    {
        CheckDecaySteps(decaySteps);
        return decaySteps;
    }
}
