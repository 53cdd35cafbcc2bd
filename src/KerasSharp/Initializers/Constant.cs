using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>Fills with one value (<c>keras.initializers.Constant</c>).</summary>
/// <param name="value">The fill value.</param>
/// <example>
/// <code>
/// var layer = new Dense(3, biasInitializer: new Constant(0.1));
/// </code>
/// </example>
public sealed class Constant(double value = 0.0) : Initializer
{
    /// <summary>The fill value.</summary>
    public double Value { get; } = ConfigValues.AsWritten(value);

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        result.Data.Fill((float)Value);
        return result;
    }

    /// <summary>Keras' config: <c>value</c>.</summary>
    public override JsonObject GetConfig() => new() { ["value"] = Value };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Constant FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new Constant(ConfigValues.GetDouble(config, "value", 0.0));
    }
}
