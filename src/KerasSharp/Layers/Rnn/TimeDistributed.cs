using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Applies a layer to every temporal slice of an input, Keras' <c>TimeDistributed</c>: for an input
/// <c>(batch, timesteps, …)</c> the wrapped layer sees <c>(batch, …)</c> slices, one set of weights for all steps.
/// </summary>
/// <remarks>
/// <para>
/// The steps are folded into the batch: the input is reshaped to <c>(batch·timesteps, …)</c>, the layer applied
/// once, and the output reshaped to <c>(batch, timesteps, …)</c>. This equals applying the layer step by step for
/// every layer whose output for a sample depends only on that sample (Dense, convolutions, pooling, activations,
/// dropout in distribution). A layer with batch statistics in training (BatchNormalization) sees all
/// <c>batch·timesteps</c> slices together, where Keras 3 normalises each step with its own statistics.
/// </para>
/// <para>
/// The wrapped layer is built for <c>(batch, …)</c> under this layer's name: <c>TimeDistributed(Dense(8))</c> on
/// <c>(batch, 10, 16)</c> has the weights <c>time_distributed/dense/kernel (16, 8)</c> and <c>…/bias</c>, and returns
/// <c>(batch, 10, 8)</c>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var frames = Keras.Input(shape: [10, 32, 32, 3]);                                // 10 images per sample
/// var features = new TimeDistributed(new Conv2D(8, 3)).Apply(frames);             // (None, 10, 30, 30, 8)
/// </code>
/// </example>
public sealed class TimeDistributed : Wrapper
{
    private readonly Layer[] _sublayers;

    /// <summary>Creates a TimeDistributed wrapper.</summary>
    /// <param name="layer">The layer applied to every time step (taking one input and returning one output).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, …)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>time_distributed</c>, <c>time_distributed_1</c>, …).</param>
    public TimeDistributed(Layer layer, Shape? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Layer = layer;
        _sublayers = [layer];
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer { get; }

    /// <inheritdoc/>
    private protected override IReadOnlyList<Layer> WrappedLayers => _sublayers;

    /// <summary>The shape of one time slice: <c>(batch, …)</c> from <c>(batch, timesteps, …)</c>.</summary>
    private Shape ChildShape(Shape inputShape)
    {
        if (inputShape.Rank < 3)
        {
            throw new ArgumentException(
                $"`TimeDistributed` Layer \"{Name}\" should be passed an `input_shape` with at least 3 dimensions, received: {inputShape}");
        }
        var dims = inputShape.ToArray();
        return new Shape([dims[0], .. dims[2..]]);
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) => BuildSublayer(Layer, ChildShape(inputShape));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var shape = inputs.Shape;
        var child = ChildShape(shape);
        int batch = shape[0], steps = shape[1];
        var folded = child.WithBatch(Dimension((long)batch * steps, shape, "batch·timesteps"));
        var y = Layer.Apply(Ops.Reshape(inputs, folded), training);
        if (y.Rank == 0 || y.Shape[0] != folded[0])
        {
            throw new InvalidOperationException(
                $"Layer \"{Name}\" (TimeDistributed): the wrapped layer \"{Layer.Name}\" returned shape {y.Shape} for {folded[0]} slices of shape {folded}; it must keep the batch axis.");
        }
        var dims = y.Shape.ToArray();
        return Ops.Reshape(y, new Shape([batch, steps, .. dims[1..]]));
    }

    /// <summary><c>(batch, timesteps, …)</c> with the wrapped layer's output for one slice after the time axis.</summary>
    /// <param name="inputShape">The input shape <c>(batch, timesteps, …)</c>.</param>
    /// <exception cref="ArgumentException">The input has fewer than 3 dimensions.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var child = ChildShape(inputShape);
        // a built user layer that does not declare its output shape is run once on zeros, as the Functional API does
        var outputs = Layer.Built ? SymbolicCall.OutputShapes(Layer, [child]) : Layer.ComputeOutputShapes([child]);
        if (outputs.Count != 1)
        {
            throw new ArgumentException(
                $"Layer \"{Name}\" (TimeDistributed) wraps \"{Layer.Name}\", which returns {outputs.Count} tensors; TimeDistributed needs a layer with one output.");
        }
        var dims = outputs[0].ToArray();
        return new Shape([dims[0], inputShape[1], .. dims[1..]]);
    }

    /// <summary>Keras' config: the base keys and <c>layer</c> (the wrapped layer, serialized).</summary>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["layer"] = ObjectRegistry.SerializeLayer(Layer);
        return config;
    }

    /// <summary>Rebuilds the wrapper from its Keras config (see <see cref="GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="ArgumentException">The config has no <c>layer</c>.</exception>
    public static TimeDistributed FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = config["layer"] is JsonNode node
            ? ObjectRegistry.DeserializeLayer(node)
            : throw new ArgumentException($"The config of a TimeDistributed layer needs its \"layer\". Received: {config.ToJsonString()}");
        return FinishConfig(new TimeDistributed(layer, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
