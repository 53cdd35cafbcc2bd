using System.Globalization;
using System.Text.Json.Nodes;

namespace KerasSharp.Optimizers.Schedules;

/// <summary>
/// A fixed learning rate, what a plain number converts to. Optimizers unwrap it into their <c>learning_rate</c>
/// variable, as Keras does with a float <c>learning_rate</c>.
/// </summary>
internal sealed class ConstantLearningRate(double value) : LearningRateSchedule
{
    /// <summary>The learning rate.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override double Call(long step) => Value;

    /// <inheritdoc/>
    public override JsonObject GetConfig() => new() { ["learning_rate"] = Value };

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
