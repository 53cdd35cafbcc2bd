using System.Text;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// The base of the merge layers (Keras' <c>Merge</c>): layers called on a list of tensors that return one, such as
/// <see cref="Add"/>, <see cref="Concatenate"/> and <see cref="Dot"/>. They have no weights. The element-wise ones
/// (<see cref="Add"/>, <see cref="Subtract"/>, <see cref="Multiply"/>, <see cref="Average"/>, <see cref="Maximum"/>,
/// <see cref="Minimum"/>) broadcast as Keras does: the axes after the batch axis are aligned from the right, a size of
/// 1 stretches to the other size, and an input of lower rank gets size-1 axes inserted after its batch axis.
/// </summary>
/// <remarks>
/// Shapes are checked when the layer is built (on its first call, symbolic or eager), with Keras' messages. The
/// batch axis is never broadcast: inputs whose batch sizes are known must agree.
/// </remarks>
/// <example>
/// <code>
/// var a = Keras.Input(shape: [16]);
/// var b = Keras.Input(shape: [16]);
/// var sum = new Add().Apply([a, b]);                    // (None, 16)
/// var joined = new Concatenate().Apply([a, b]);         // (None, 32)
/// </code>
/// </example>
public abstract class Merge : Layer
{
    private Shape? _outputShape;

    private protected Merge(string? name)
        : base(name)
    {
    }

    /// <summary>The output shape for the input shapes the layer was built with (all of them, batch axis included).</summary>
    public override Shape? OutputShape => Built ? _outputShape : null;

    /// <inheritdoc/>
    protected sealed override void Build(Shape inputShape) => Build([inputShape]);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The number of inputs or their shapes do not fit the layer (Keras' messages).</exception>
    protected sealed override void Build(IReadOnlyList<Shape> inputShapes)
    {
        CheckInputCount(inputShapes);
        Validate(inputShapes);
        _outputShape = OutputShapeOf(inputShapes);
    }

    /// <inheritdoc/>
    public sealed override Shape ComputeOutputShape(Shape inputShape) => OutputShapeOf([inputShape]);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The shapes cannot be merged.</exception>
    public sealed override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckInputCount(inputShapes);
        return [OutputShapeOf(inputShapes)];
    }

    /// <inheritdoc/>
    protected sealed override Tensor Call(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (!AcceptsInputCount(inputs.Count))
        {
            var shapes = new Shape[inputs.Count];
            for (int i = 0; i < shapes.Length; i++)
            {
                shapes[i] = inputs[i].Shape;
            }
            CheckInputCount(shapes);
        }
        return MergeFunction(inputs);
    }

    internal override void CheckInputs(IReadOnlyList<Shape> shapes)
    {
        CheckInputCount(shapes);
        base.CheckInputs(shapes);
    }

    private void CheckInputCount(IReadOnlyList<Shape> shapes)
    {
        if (!AcceptsInputCount(shapes.Count))
        {
            throw Error(InputCountMessage(shapes));
        }
    }

    /// <summary>Whether the layer can merge this many inputs (Keras' merge layers: at least 1).</summary>
    internal override bool AcceptsInputCount(int count) => count >= 1;

    /// <summary>Keras' message for a wrong number of inputs.</summary>
    private protected virtual string InputCountMessage(IReadOnlyList<Shape> shapes) =>
        $"A merge layer should be called on a list of at least 1 input. Received {shapes.Count} inputs. Full input_shape received: {Format(shapes)}";

    /// <summary>Checks the input shapes when the layer is built (element-wise merges: the batch sizes agree).</summary>
    private protected virtual void Validate(IReadOnlyList<Shape> shapes)
    {
        int batch = -1;
        foreach (var shape in shapes)
        {
            if (shape.Rank == 0 || shape[0] == -1)
            {
                continue;
            }
            if (batch != -1 && shape[0] != batch)
            {
                throw Error($"Cannot merge tensors with different batch sizes. Received tensors with shapes {Format(shapes)}");
            }
            batch = shape[0];
        }
    }

    /// <summary>The output shape (element-wise merges: the known batch size, then the broadcast of the other axes).</summary>
    private protected virtual Shape OutputShapeOf(IReadOnlyList<Shape> shapes)
    {
        int batch = -1;
        var merged = Tail(shapes[0]);
        for (int i = 0; i < shapes.Count; i++)
        {
            if (i > 0)
            {
                merged = Elementwise(merged, Tail(shapes[i]));
            }
            if (shapes[i].Rank > 0 && shapes[i][0] != -1)
            {
                batch = batch == -1 || batch == shapes[i][0] ? shapes[i][0] : -2;
            }
        }
        return merged.Prepend(batch == -2 ? -1 : batch);
    }

    /// <summary>The merge itself, on inputs whose number has been checked.</summary>
    /// <param name="inputs">The inputs, in call order.</param>
    private protected abstract Tensor MergeFunction(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// Folds <paramref name="combine"/> over the inputs from the first; an input of lower rank than the others first gets
    /// size-1 axes after its batch axis, as Keras' <c>Merge</c> does (a reshape, which copies nothing).
    /// </summary>
    private protected static Tensor Reduce(IReadOnlyList<Tensor> inputs, Func<Tensor, Tensor, Tensor> combine)
    {
        int rank = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            rank = Math.Max(rank, inputs[i].Rank);
        }
        var output = ExpandTo(inputs[0], rank);
        for (int i = 1; i < inputs.Count; i++)
        {
            output = combine(output, ExpandTo(inputs[i], rank));
        }
        return output;
    }

    private static Tensor ExpandTo(Tensor x, int rank)
    {
        if (x.Rank == rank || x.Rank == 0)
        {
            return x;
        }
        Span<int> dims = stackalloc int[rank];
        dims.Fill(1);
        dims[0] = x.Shape[0];
        x.Shape.Dims[1..].CopyTo(dims[(1 + rank - x.Rank)..]);
        return Ops.Reshape(x, new Shape(dims));
    }

    /// <summary>
    /// Keras' <c>_compute_elemwise_op_output_shape</c> on shapes without their batch axis: aligned from the right, None
    /// with anything is None, 1 stretches, other sizes must be equal.
    /// </summary>
    private Shape Elementwise(Shape first, Shape second)
    {
        if (first.Rank < second.Rank)
        {
            (first, second) = (second, first);
        }
        Span<int> dims = stackalloc int[first.Rank];
        int lead = first.Rank - second.Rank;
        for (int i = 0; i < dims.Length; i++)
        {
            int a = first[i];
            int b = i < lead ? 1 : second[i - lead];
            if (i < lead)
            {
                dims[i] = a;
            }
            else if (a == -1 || b == -1)
            {
                dims[i] = -1;
            }
            else if (a == 1 || b == 1 || a == b)
            {
                dims[i] = a == 1 ? b : a;
            }
            else
            {
                throw Error($"Inputs have incompatible shapes. Received shapes {first} and {second}");
            }
        }
        return new Shape(dims);
    }

    private static Shape Tail(Shape shape) => shape.Rank == 0 ? shape : shape.DropFirst();

    /// <summary>A list of shapes as Python prints one: <c>[(None, 3), (None, 4)]</c>.</summary>
    private protected static string Format(IReadOnlyList<Shape> shapes)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < shapes.Count; i++)
        {
            text.Append(i > 0 ? ", " : "").Append(shapes[i]);
        }
        return text.Append(']').ToString();
    }

    /// <summary>An <see cref="ArgumentException"/> with Keras' message, naming this layer.</summary>
    private protected ArgumentException Error(string message) => new($"Layer \"{Name}\": {message}");
}
