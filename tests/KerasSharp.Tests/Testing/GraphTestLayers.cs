using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Tests.Testing;

/// <summary>
/// Adds two tensors: a layer taking a list of two tensors, standing in for a merge layer in graph tests. Its class
/// name can be set (e.g. <c>Add</c>, to print as Keras' merge layer does).
/// </summary>
/// <param name="name">The layer name.</param>
/// <param name="className">The class name written in summaries and configs.</param>
public sealed class AddTwo(string? name = null, string className = "AddTwo") : Layer(name)
{
    /// <inheritdoc/>
    public override string ClassName => className;

    /// <inheritdoc/>
    protected override Tensor Call(IReadOnlyList<Tensor> inputs, bool training) => Ops.Add(inputs[0], inputs[1]);

    /// <inheritdoc/>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes) => [inputShapes[0]];
}

/// <summary>Splits four features in two halves: a layer with two outputs.</summary>
/// <param name="name">The layer name.</param>
public sealed class Halves(string? name = null) : Layer(name)
{
    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> CallMany(IReadOnlyList<Tensor> inputs, bool training) =>
        [Ops.Slice(inputs[0], 1, 0, 2), Ops.Slice(inputs[0], 1, 2, 2)];

    /// <inheritdoc/>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes) =>
        [inputShapes[0].With(1, 2), inputShapes[0].With(1, 2)];
}
