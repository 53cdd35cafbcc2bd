using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Global average pooling for temporal data, Keras' <c>GlobalAveragePooling1D</c> (channels_last): the mean over the
/// steps of each sample and channel.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, steps, channels)</c>; output shape <c>(batch, channels)</c>, or <c>(batch, 1, channels)</c>
/// with <c>keepDims: true</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new GlobalAveragePooling1D();
/// var y = layer.Apply(Tensor.Zeros(new Shape(2, 4, 3)));   // (2, 3)
/// </code>
/// </example>
public sealed class GlobalAveragePooling1D : GlobalPoolingLayer
{
    /// <summary>Creates a global average pooling layer.</summary>
    /// <param name="keepDims">Keras' <c>keepdims</c>: keep the reduced spatial axes with size 1.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(steps, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>global_average_pooling1d</c>, …).</param>
    public GlobalAveragePooling1D(bool keepDims = false, Shape? inputShape = null, string? name = null)
        : base(1, keepDims, inputShape, name)
    {
    }

    /// <inheritdoc/>
    private protected override Tensor Reduce(Tensor inputs, int[] axes, bool keepDims) => Ops.Mean(inputs, axes, keepDims);

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static GlobalAveragePooling1D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "GlobalAveragePooling1D");
        var layer = new GlobalAveragePooling1D(ConfigValues.GetBool(config, "keepdims", false), LayerConfig.InputShape(config), LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
