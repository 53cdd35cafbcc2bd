using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>Fills with 1 (<c>keras.initializers.Ones</c>); Keras' default for BatchNormalization's gamma.</summary>
/// <example>
/// <code>
/// Tensor gamma = new Ones().Call(new Shape(16));
/// </code>
/// </example>
public sealed class Ones : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        result.Data.Fill(1f);
        return result;
    }
}
