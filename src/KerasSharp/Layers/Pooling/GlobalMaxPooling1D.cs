using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Global max pooling for temporal data, Keras' <c>GlobalMaxPooling1D</c> (channels_last): the maximum over the steps
/// of each sample and channel. When several positions tie for the maximum, the gradient is shared equally among them
/// (as TensorFlow's <c>reduce_max</c>).
/// </summary>
/// <remarks>
/// Input shape <c>(batch, steps, channels)</c>; output shape <c>(batch, channels)</c>, or <c>(batch, 1, channels)</c>
/// with <c>keepDims: true</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new GlobalMaxPooling1D();
/// var y = layer.Apply(Tensor.Zeros(new Shape(2, 4, 3)));   // (2, 3)
/// </code>
/// </example>
public sealed class GlobalMaxPooling1D : GlobalPoolingLayer
{
    /// <summary>Creates a global max pooling layer.</summary>
    /// <param name="keepDims">Keras' <c>keepdims</c>: keep the reduced spatial axes with size 1.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(steps, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>global_max_pooling1d</c>, …).</param>
    public GlobalMaxPooling1D(bool keepDims = false, Shape? inputShape = null, string? name = null)
        : base(1, keepDims, inputShape, name)
    {
    }

    /// <inheritdoc/>
    private protected override Tensor Reduce(Tensor inputs, int[] axes, bool keepDims) => Ops.Max(inputs, axes, keepDims);

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static GlobalMaxPooling1D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "GlobalMaxPooling1D");
        var layer = new GlobalMaxPooling1D(ConfigValues.GetBool(config, "keepdims", false), LayerConfig.InputShape(config), LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
