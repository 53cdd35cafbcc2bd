using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// Cosine decay with optional linear warmup (<c>keras.optimizers.schedules.CosineDecay</c>). Without warmup, with
/// <c>s = min(step, decaySteps)</c>: <c>lr = initialLearningRate · ((1 − alpha) · ½(1 + cos(π·s/decaySteps)) + alpha)</c>.
/// With a <paramref name="warmupTarget"/>, the rate first rises linearly from <paramref name="initialLearningRate"/>
/// to the target over <paramref name="warmupSteps"/>, then decays from the target.
/// </summary>
/// <param name="initialLearningRate">The learning rate at step 0.</param>
/// <param name="decaySteps">The number of steps to decay over; must be positive.</param>
/// <param name="alpha">The minimum learning rate, as a fraction of the rate the decay starts from.</param>
/// <param name="name">The schedule's name.</param>
/// <param name="warmupTarget">The learning rate reached after the warmup; null for no warmup.</param>
/// <param name="warmupSteps">The number of warmup steps.</param>
/// <example>
/// <code>
/// var schedule = new CosineDecay(0.0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 1000);
/// </code>
/// </example>
public sealed class CosineDecay(double initialLearningRate, long decaySteps, double alpha = 0.0, string name = "CosineDecay", double? warmupTarget = null, long warmupSteps = 0)
    : LearningRateSchedule
{
    /// <summary>The learning rate at step 0.</summary>
    public double InitialLearningRate { get; } = initialLearningRate;

    /// <summary>The number of steps to decay over.</summary>
    public long DecaySteps { get; } = Checked(decaySteps);

    /// <summary>The minimum learning rate as a fraction of the decay's starting rate.</summary>
    public double Alpha { get; } = alpha;

    /// <summary>The schedule's name.</summary>
    public string Name { get; } = name;

    /// <summary>The learning rate reached after the warmup, or null.</summary>
    public double? WarmupTarget { get; } = warmupTarget;

    /// <summary>The number of warmup steps.</summary>
    public long WarmupSteps { get; } = warmupSteps;

    /// <inheritdoc/>
    public override double Call(long step)
    {
        double s = step;
        if (WarmupTarget is not double target)
        {
            return Decay(Math.Min(s, DecaySteps), InitialLearningRate);
        }
        s = Math.Min(s, (double)DecaySteps + WarmupSteps);
        if (s < WarmupSteps)
        {
            return (target - InitialLearningRate) * (s / WarmupSteps) + InitialLearningRate;
        }
        return Decay(s - WarmupSteps, target);
    }

    private double Decay(double s, double from)
    {
        double cosine = 0.5 * (1.0 + Math.Cos(Math.PI * (s / DecaySteps)));
        return from * ((1 - Alpha) * cosine + Alpha);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate,
        ["decay_steps"] = DecaySteps,
        ["alpha"] = Alpha,
        ["name"] = Name,
        ["warmup_target"] = WarmupTarget,
        ["warmup_steps"] = WarmupSteps,
    };

    /// <summary>Creates the schedule from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static CosineDecay FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new CosineDecay(
            ConfigValues.GetDouble(config, "initial_learning_rate", double.NaN),
            ConfigValues.GetLong(config, "decay_steps", 0),
            ConfigValues.GetDouble(config, "alpha", 0.0),
            ConfigValues.GetString(config, "name", "CosineDecay"),
            config["warmup_target"] is null ? null : ConfigValues.GetDouble(config, "warmup_target", 0),
            ConfigValues.GetLong(config, "warmup_steps", 0));
    }

    private static long Checked(long decaySteps)
    {
        CheckDecaySteps(decaySteps);
        return decaySteps;
    }
}
