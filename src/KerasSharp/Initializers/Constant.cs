using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

using KerasSharp.Saving;

namespace KerasSharp.Initializers;

/// <summary>Fills with one value (<c>keras.initializers.Constant</c>).</summary>
/// <param name="value">The fill value.</param>
/// <example>
/// <code>
/// var layer = new Dense(3, biasInitializer: new Constant(0.1f));
/// </code>
/// </example>
public sealed class Constant(float value = 0f) : Initializer
{
    /// <summary>The fill value.</summary>
    public float Value { get; } = value;

    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        result.Data.Fill(Value);
        return result;
    }

    /// <summary>Keras' config: <c>value</c>.</summary>
    public override JsonObject GetConfig() => new() { ["value"] = ConfigValues.Number(Value) };

    /// <summary>Creates the initializer from its Keras config.</summary>
    /// <param name="config">The config, as written by <see cref="GetConfig"/> or Keras.</param>
    public static Constant FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new Constant(ConfigValues.GetFloat(config, "value", 0f));
    }
}
