using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>keras.Input(shape=…)</c>: an <see cref="InputLayer"/> with the shape of one sample. Put it first in a
/// <c>Sequential</c> model, or apply layers to it (it converts to its symbolic tensor) to build a Functional model.
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential().Add(new Input(shape: [8])).Add(new Dense(1, activation: "sigmoid"));
///
/// var inputs = new Input(shape: [8], name: "bits");
/// var outputs = new Dense(1, activation: "sigmoid").Apply(inputs);
/// var functional = new Model(inputs, outputs);
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
