using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>keras.Input(shape=…)</c> for Sequential models: an <see cref="InputLayer"/> with the shape of one sample.
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential().Add(new Input(shape: [8])).Add(new Dense(1, activation: "sigmoid"));
/// </code>
/// </example>
public sealed class Input : InputLayer
{
    /// <summary>Declares the input shape.</summary>
    /// <param name="shape">The shape of one sample (no batch axis), e.g. <c>[28, 28]</c>.</param>
    /// <param name="batchSize">An optional fixed batch size.</param>
    /// <param name="name">The name (default <c>input_layer</c>).</param>
    public Input(Shape shape, int? batchSize = null, string? name = null)
        : base(shape, batchSize, name)
    {
    }
}
