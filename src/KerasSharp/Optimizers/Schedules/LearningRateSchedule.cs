using System.Text.Json.Nodes;

using KerasSharp.Saving;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// A learning rate that changes with the optimizer step (<c>keras.optimizers.schedules.LearningRateSchedule</c>).
/// Pass one as any optimizer's <c>learningRate</c>; a plain number converts implicitly to a constant schedule.
/// </summary>
/// <example>
/// <code>
/// var schedule = new ExponentialDecay(initialLearningRate: 1e-2, decaySteps: 10000, decayRate: 0.9);
/// var opt = new SGD(learningRate: schedule);
/// // a custom schedule
/// sealed class InverseStep(double lr) : LearningRateSchedule { public override double Call(long step) => lr / (step + 1); }
/// </code>
/// </example>
public abstract class LearningRateSchedule
{
    private static readonly Dictionary<string, Func<JsonObject, LearningRateSchedule>> s_fromConfig = new(StringComparer.Ordinal)
    {
        ["CosineDecay"] = CosineDecay.FromConfig,
        ["ExponentialDecay"] = ExponentialDecay.FromConfig,
        ["InverseTimeDecay"] = InverseTimeDecay.FromConfig,
        ["PiecewiseConstantDecay"] = PiecewiseConstantDecay.FromConfig,
        ["PolynomialDecay"] = PolynomialDecay.FromConfig,
    };

    /// <summary>The learning rate at optimizer step <paramref name="step"/> (0 for the first update).</summary>
    /// <param name="step">The optimizer's iteration count.</param>
    public abstract double Call(long step);

    /// <summary>The Keras config of the schedule (the constructor's arguments, snake_case keys).</summary>
    /// <exception cref="NotSupportedException">The schedule does not override <see cref="GetConfig"/>.</exception>
    public virtual JsonObject GetConfig() =>
        throw new NotSupportedException($"Learning rate schedule '{GetType().Name}' must override GetConfig() in order to be serializable.");

    /// <summary>Keras' serialized form: <c>{"module": "keras.optimizers.schedules", "class_name": …, "config": …, "registered_name": null}</c>.</summary>
    /// <param name="schedule">The schedule.</param>
    public static JsonObject Serialize(LearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return ConfigValues.Serialize("keras.optimizers.schedules", schedule.GetType().Name, schedule.GetConfig());
    }

    /// <summary>A schedule from Keras' serialized form (<c>{"class_name": "ExponentialDecay", "config": {…}}</c>).</summary>
    /// <param name="config">The serialized schedule.</param>
    /// <exception cref="ArgumentException">The class is unknown or the config is malformed.</exception>
    public static LearningRateSchedule Deserialize(JsonNode config)
    {
        var (className, inner) = ConfigValues.ReadSerialized(config, "learning rate schedule");
        if (s_fromConfig.TryGetValue(className, out var fromConfig))
        {
            return fromConfig(inner);
        }
        throw new ArgumentException(
            $"Could not interpret learning rate schedule class name: '{className}'. Valid class names are: {string.Join(", ", s_fromConfig.Keys.Order().Select(k => $"'{k}'"))}.",
            nameof(config));
    }

    /// <summary>A constant learning rate, so that <c>new SGD(learningRate: 0.1)</c> works.</summary>
    /// <param name="learningRate">The learning rate.</param>
    public static implicit operator LearningRateSchedule(double learningRate) => new ConstantLearningRate(learningRate);

    /// <summary>Validates Keras' <c>decay_steps &gt; 0</c>.</summary>
    internal static void CheckDecaySteps(double decaySteps, string name = "decay_steps")
    {
        if (!(decaySteps > 0))
        {
            throw new ArgumentOutOfRangeException(name, decaySteps, $"Argument `{name}` must be > 0. Received: {name}={decaySteps}");
        }
    }
}
