using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// A symbolic tensor (Keras' <c>KerasTensor</c>): it has a shape, with <c>-1</c> (None) for the batch axis, but no
/// values. <c>new Input(shape: [...])</c> gives one; applying a layer to one records a <see cref="Node"/> of the graph
/// instead of computing, and gives the layer's output as new symbolic tensors; <c>new Model(inputs, outputs)</c>
/// turns the graph between them into a model (Keras' Functional API).
/// </summary>
/// <example>
/// <code>
/// var inputs = new Input(shape: [784], name: "digits");
/// var x = new Dense(64, activation: "relu").Apply(inputs);     // KerasTensor, shape (None, 64)
/// var outputs = new Dense(10).Apply(x);
/// var model = new Model(inputs, outputs, name: "mnist_model");
/// </code>
/// </example>
public sealed class KerasTensor
{
    internal KerasTensor(Shape shape, Node node, int index, string name)
    {
        Shape = shape;
        Node = node;
        Index = index;
        Name = name;
    }

    /// <summary>The shape, batch axis included (-1 for an unknown size).</summary>
    public Shape Shape { get; }

    /// <summary>Number of dimensions, batch axis included.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The tensor's name, e.g. <c>keras_tensor_3</c>, or the input's name for a model input.</summary>
    public string Name { get; }

    /// <summary>The call of a layer that produced this tensor.</summary>
    public Node Node { get; }

    /// <summary>The layer that produced this tensor (an <see cref="InputLayer"/> for a model input).</summary>
    public Layer Layer => Node.Layer;

    /// <summary>Which output of its node this tensor is (0 for layers with one output).</summary>
    public int Index { get; }

    /// <summary>Keras' representation: <c>&lt;KerasTensor shape=(None, 64), dtype=float32, sparse=False, name=keras_tensor_1&gt;</c>.</summary>
    public override string ToString() => $"<KerasTensor shape={Shape}, dtype=float32, sparse=False, name={Name}>";
}
