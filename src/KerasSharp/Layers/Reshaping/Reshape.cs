using KerasSharp.Saving;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Reshapes each sample to <see cref="TargetShape"/>, Keras' <c>layers.Reshape</c>. The batch axis is kept and the
/// values keep their row-major order. One target dimension may be -1; it is inferred from the input's size.
/// </summary>
/// <remarks>Input shape: <c>(batch, …)</c> with as many values per sample as the target. Output shape: <c>(batch, *targetShape)</c>.</remarks>
/// <example>
/// <code>
/// var layer = new Reshape(new Shape(-1, 2, 2));
/// var y = layer.Apply(Tensor.Zeros(new Shape(8, 12)));   // (8, 3, 2, 2)
/// </code>
/// </example>
public sealed class Reshape : Layer
{
    /// <summary>Creates a reshape layer.</summary>
    /// <param name="targetShape">The shape of one output sample (no batch axis); at most one dimension may be -1.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>reshape</c>, <c>reshape_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="targetShape"/> has more than one -1.</exception>
    public Reshape(Shape targetShape, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        int unknown = 0;
        foreach (var d in targetShape.Dims)
        {
            unknown += d == -1 ? 1 : 0;
        }
        if (unknown > 1)
        {
            throw new ArgumentException(
                $"The `target_shape` argument must not contain more than one `-1` value. Received: target_shape={FormatTuple(targetShape.Dims)}",
                nameof(targetShape));
        }
        TargetShape = targetShape;
        InputSpec = new InputSpec(minNDim: 1);
    }

    /// <summary>The shape of one output sample (no batch axis), possibly with one -1.</summary>
    public Shape TargetShape { get; }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) => ComputeOutputShape(inputShape);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Reshape(inputs, ComputeOutputShape(inputs.Shape));

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input's size per sample does not fit the target shape.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank < 1)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected min_ndim=1, found ndim=0. Full shape received: {inputShape}");
        }
        var sample = inputShape.Dims[1..];
        var target = TargetShape.ToArray();
        if (sample.Contains(-1))
        {
            return new Shape(target).Prepend(inputShape[0]);
        }
        long size = Shape.Product(sample);
        int unknown = Array.IndexOf(target, -1);
        if (unknown >= 0)
        {
            target[unknown] = 1;
        }
        long known = Shape.Product(target);
        if (unknown < 0 && known != size)
        {
            throw SizeError(sample, "The total size of the tensor must be unchanged.");
        }
        if (unknown >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                throw SizeError(sample, "The total size of the tensor must be unchanged, however, the input size cannot be divided by the specified dimensions in target_shape.");
            }
            long inferred = size / known;
            // the message is built only when it is needed: a call computes this shape on every step
            target[unknown] = inferred <= int.MaxValue
                ? (int)inferred
                : Dimension(inferred, inputShape, $"the inferred dimension {unknown} of target_shape={FormatTuple(TargetShape.Dims)}");
        }
        return new Shape(target).Prepend(inputShape[0]);
    }

    private ArgumentException SizeError(ReadOnlySpan<int> sample, string what) => new(
        $"Layer \"{Name}\" cannot reshape its input: {what} Received: input_shape={FormatTuple(sample)}, target_shape={FormatTuple(TargetShape.Dims)}");

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        var target = new JsonArray();
        foreach (var d in TargetShape.Dims)
        {
            target.Add(d);
        }
        config["target_shape"] = target;
        return config;
    }

    // Python tuple with the dimensions as written (-1 stays -1, as in Keras' messages).
    private static string FormatTuple(ReadOnlySpan<int> dims)
    {
        var parts = new string[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
        }
        return dims.Length == 1 ? $"({parts[0]},)" : $"({string.Join(", ", parts)})";
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Reshape FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var target = LayerConfig.Dims(config["target_shape"]) ?? throw new ArgumentException($"The config of layer Reshape is missing \"target_shape\". Received: {config.ToJsonString()}");
        return LayerConfig.Finish(new Reshape(new Shape(target), LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
