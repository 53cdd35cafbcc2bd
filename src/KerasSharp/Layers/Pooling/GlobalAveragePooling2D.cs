using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Global average pooling for 2D spatial data, Keras' <c>GlobalAveragePooling2D</c> (channels_last): the mean over
/// the height and width of each sample and channel.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, height, width, channels)</c>; output shape <c>(batch, channels)</c>, or <c>(batch, 1, 1, channels)</c>
/// with <c>keepDims: true</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new GlobalAveragePooling2D();
/// var y = layer.Apply(Tensor.Zeros(new Shape(2, 4, 5, 3)));   // (2, 3)
/// </code>
/// </example>
public sealed class GlobalAveragePooling2D : GlobalPoolingLayer
{
    /// <summary>Creates a global average pooling layer.</summary>
    /// <param name="keepDims">Keras' <c>keepdims</c>: keep the reduced spatial axes with size 1.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(height, width, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>global_average_pooling2d</c>, …).</param>
    public GlobalAveragePooling2D(bool keepDims = false, Shape? inputShape = null, string? name = null)
        : base(2, keepDims, inputShape, name)
    {
    }

    /// <inheritdoc/>
    private protected override Tensor Reduce(Tensor inputs, int[] axes, bool keepDims) => Ops.Mean(inputs, axes, keepDims);

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static GlobalAveragePooling2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "GlobalAveragePooling2D");
        var layer = new GlobalAveragePooling2D(ConfigValues.GetBool(config, "keepdims", false), LayerConfig.InputShape(config), LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
