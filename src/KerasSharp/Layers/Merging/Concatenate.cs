using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Joins a list of inputs along one axis, Keras' <c>layers.Concatenate</c>. The inputs must have the same rank and the
/// same size on every other axis (an unknown size, None, matches any).
/// </summary>
/// <remarks>
/// Output shape: the inputs' shape with the sizes along <see cref="Axis"/> added up (None when one of them is None).
/// <see cref="Axis"/> counts the batch axis as 0, as in Keras.
/// </remarks>
/// <example>
/// <code>
/// var x = Tensor.FromArray(new float[2 * 2 * 5], 2, 2, 5);
/// var y = Tensor.FromArray(new float[2 * 1 * 5], 2, 1, 5);
/// var z = new Concatenate(axis: 1).Apply([x, y]);   // (2, 3, 5)
/// </code>
/// </example>
public sealed class Concatenate : Merge
{
    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The concatenation axis; -1 (the default) is the last.</param>
    /// <param name="name">The layer name (default <c>concatenate</c>, <c>concatenate_1</c>, …).</param>
    public Concatenate(int axis = -1, string? name = null)
        : base(name)
    {
        Axis = axis;
    }

    /// <summary>The concatenation axis (negative counts from the end).</summary>
    public int Axis { get; }

    private protected override string InputCountMessage(IReadOnlyList<Shape> shapes) =>
        $"A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape={Format(shapes)}";

    private protected override void Validate(IReadOnlyList<Shape> shapes)
    {
        int rank = shapes[0].Rank;
        foreach (var shape in shapes)
        {
            if (shape.Rank != rank)
            {
                throw Mismatch(shapes);
            }
        }
        int axis = ResolveAxis(shapes);
        for (int d = 0; d < rank; d++)
        {
            int known = -1;
            foreach (var shape in shapes)
            {
                if (d == axis || shape[d] == -1)
                {
                    continue;
                }
                if (known != -1 && shape[d] != known)
                {
                    throw Mismatch(shapes);
                }
                known = shape[d];
            }
        }
    }

    private protected override Shape OutputShapeOf(IReadOnlyList<Shape> shapes)
    {
        Validate(shapes);
        int axis = ResolveAxis(shapes);
        int total = 0;
        foreach (var shape in shapes)
        {
            if (shape[axis] == -1)
            {
                total = -1;
                break;
            }
            total += shape[axis];
        }
        return shapes[0].With(axis, total);
    }

    private int ResolveAxis(IReadOnlyList<Shape> shapes)
    {
        int rank = shapes[0].Rank;
        int axis = Axis < 0 ? Axis + rank : Axis;
        return axis >= 0 && axis < rank
            ? axis
            : throw Error($"A `Concatenate` layer with axis={Axis} cannot join inputs of rank {rank}. Received: input_shape={Format(shapes)}");
    }

    private ArgumentException Mismatch(IReadOnlyList<Shape> shapes) => Error(
        $"A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape={Format(shapes)}");

    private protected override Tensor MergeFunction(IReadOnlyList<Tensor> inputs) => Ops.Concatenate(inputs, Axis);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Concatenate FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int axis = ConfigValues.GetNullableInt(config, "axis") ?? -1;
        return LayerConfig.Finish(new Concatenate(axis, LayerConfig.Name(config)), config);
    }
}
