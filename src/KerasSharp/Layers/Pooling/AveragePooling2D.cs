using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Average pooling for 2D spatial data, Keras' <c>AveragePooling2D</c> (channels_last): the mean of each
/// <see cref="PoolSize"/> window, moved by <see cref="Strides"/>. With <c>"same"</c> padding the padded positions are
/// left out of the mean, as TensorFlow does.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, height, width, channels)</c>; output shape <c>(batch, newHeight, newWidth, channels)</c>
/// with, per axis, <c>floor((n − pool) / stride) + 1</c> for <c>"valid"</c> and <c>ceil(n / stride)</c> for
/// <c>"same"</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new AveragePooling2D();   // pool (2, 2), strides (2, 2)
/// var y = layer.Apply(Tensor.Zeros(new Shape(64, 26, 26, 32)));   // (64, 13, 13, 32)
/// </code>
/// </example>
public sealed class AveragePooling2D : PoolingLayer
{
    /// <summary>Creates a 2D average pooling layer.</summary>
    /// <param name="poolSize">Window size <c>(height, width)</c>; default <c>(2, 2)</c>; one int for both.</param>
    /// <param name="strides">Strides <c>(height, width)</c>; default (null) is <paramref name="poolSize"/>.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c> (case-insensitive).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(height, width, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>average_pooling2d</c>, …).</param>
    /// <exception cref="ArgumentException">An argument is invalid (Keras' messages).</exception>
    public AveragePooling2D(IntPair? poolSize = null, IntPair? strides = null, string padding = "valid", Shape? inputShape = null, string? name = null)
        : base(PoolMode.Average, (poolSize ?? 2).ToArray(), (strides ?? poolSize ?? 2).ToArray(), padding, inputShape, name)
    {
    }

    /// <summary>Window size <c>(height, width)</c>.</summary>
    public IntPair PoolSize => IntPair.Create(PoolDims);

    /// <summary>Strides <c>(height, width)</c>.</summary>
    public IntPair Strides => IntPair.Create(StrideDims);

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static AveragePooling2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (pool, strides, padding) = PoolingArgs.Read2D(config, "AveragePooling2D");
        return LayerConfig.Finish(new AveragePooling2D(pool, strides, padding, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
