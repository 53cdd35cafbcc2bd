using KerasSharp.Engine;

namespace KerasSharp.Initializers;

/// <summary>Fills with 0 (<c>keras.initializers.Zeros</c>); Keras' default bias initializer.</summary>
/// <example>
/// <code>
/// Tensor bias = new Zeros().Call(new Shape(10));
/// </code>
/// </example>
public sealed class Zeros : Initializer
{
    /// <inheritdoc/>
    public override Tensor Call(Shape shape)
    {
        var result = NewTensor(shape);
        result.Data.Clear();
        return result;
    }
}
