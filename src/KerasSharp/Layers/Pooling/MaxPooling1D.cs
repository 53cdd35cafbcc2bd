using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Max pooling for temporal data, Keras' <c>MaxPooling1D</c> (channels_last): the maximum of each
/// <see cref="PoolSize"/>-step window, moved by <see cref="Strides"/>. The gradient of a window goes to its first maximum.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, steps, features)</c>; output shape <c>(batch, newSteps, features)</c> with
/// <c>floor((steps − pool) / stride) + 1</c> for <c>"valid"</c> and <c>ceil(steps / stride)</c> for <c>"same"</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new MaxPooling1D(2, strides: 1, padding: "valid");
/// var y = layer.Apply(Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1));   // [[[2], [3], [4], [5]]]
/// </code>
/// </example>
public sealed class MaxPooling1D : PoolingLayer
{
    /// <summary>Creates a 1D max pooling layer.</summary>
    /// <param name="poolSize">Window length.</param>
    /// <param name="strides">Stride; default (null) is <paramref name="poolSize"/>.</param>
    /// <param name="padding"><c>"valid"</c> or <c>"same"</c> (case-insensitive).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(steps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>max_pooling1d</c>, …).</param>
    /// <exception cref="ArgumentException">An argument is invalid (Keras' messages).</exception>
    public MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", Shape? inputShape = null, string? name = null)
        : base(PoolMode.Max, [poolSize], [strides ?? poolSize], padding, inputShape, name)
    {
    }

    /// <summary>Window length.</summary>
    public int PoolSize => PoolDims[0];

    /// <summary>Stride.</summary>
    public int Strides => StrideDims[0];

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static MaxPooling1D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (pool, strides, padding) = PoolingArgs.Read1D(config, "MaxPooling1D");
        return LayerConfig.Finish(new MaxPooling1D(pool, strides, padding, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
