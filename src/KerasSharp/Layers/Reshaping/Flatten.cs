using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Flattens each sample to one axis, Keras' <c>layers.Flatten</c> (channels_last): <c>(batch, a, b, …)</c> becomes
/// <c>(batch, a·b·…)</c> in row-major order. The batch axis is kept; a <c>(batch,)</c> input becomes <c>(batch, 1)</c>.
/// </summary>
/// <remarks>Input shape: <c>(batch, …)</c>, rank ≥ 1. Output shape: <c>(batch, product of the other axes)</c>.</remarks>
/// <example>
/// <code>
/// var layer = new Flatten();
/// var y = layer.Apply(Tensor.Zeros(new Shape(32, 10, 64)));   // (32, 640)
/// </code>
/// </example>
public sealed class Flatten : Layer
{
    /// <summary>Creates a flatten layer.</summary>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>flatten</c>, <c>flatten_1</c>, …).</param>
    public Flatten(Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        InputSpec = new InputSpec(minNDim: 1);
    }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        int features = 1;
        for (int i = 1; i < inputs.Rank; i++)
        {
            features *= inputs.Shape[i];
        }
        return Ops.Reshape(inputs, new Shape(inputs.Shape[0], features));
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank < 1)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected min_ndim=1, found ndim=0. Full shape received: {inputShape}");
        }
        var sample = inputShape.Dims[1..];
        if (sample.Contains(-1))
        {
            return new Shape(inputShape[0], -1);
        }
        return new Shape(inputShape[0], Dimension(Shape.Product(sample), inputShape, "the flattened size of a sample"));
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Flatten FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var format = LayerConfig.String(config, "data_format");
        if (format is not null and not "channels_last")
        {
            throw new ArgumentException($"Flatten supports data_format \"channels_last\" only. Received: data_format={format}");
        }
        return LayerConfig.Finish(new Flatten(LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
