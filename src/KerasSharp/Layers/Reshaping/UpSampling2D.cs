using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Upsampling for 2D inputs, Keras' <c>UpSampling2D</c> (channels_last): repeats each row <c>size.Height</c> times
/// and each column <c>size.Width</c> times (<c>interpolation="nearest"</c>, the only interpolation implemented).
/// </summary>
/// <remarks>
/// Input shape <c>(batch, rows, cols, channels)</c>; output shape
/// <c>(batch, rows · size.Height, cols · size.Width, channels)</c>. The gradient of an input pixel is the sum of the
/// gradients of its copies.
/// </remarks>
/// <example>
/// <code>
/// var layer = new UpSampling2D((1, 2));
/// var y = layer.Apply(Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 2, 1, 3));
/// // (1, 2, 2, 3): [[[[0, 1, 2], [0, 1, 2]], [[3, 4, 5], [3, 4, 5]]]]
/// </code>
/// </example>
public sealed class UpSampling2D : Layer
{
    private static readonly string[] s_kerasInterpolations = ["bicubic", "bilinear", "lanczos3", "lanczos5", "nearest"];

    /// <summary>Creates an upsampling layer.</summary>
    /// <param name="size">The upsampling factors <c>(rows, cols)</c>; one int for both. Default <c>(2, 2)</c>.</param>
    /// <param name="interpolation">
    /// <c>"nearest"</c>. Keras' other methods (<c>bicubic</c>, <c>bilinear</c>, <c>lanczos3</c>, <c>lanczos5</c>) are not
    /// implemented and are rejected.
    /// </param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(rows, cols, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>up_sampling2d</c>, …).</param>
    /// <exception cref="ArgumentException">A factor is not positive, or the interpolation is not <c>"nearest"</c>.</exception>
    public UpSampling2D(IntPair? size = null, string interpolation = "nearest", Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        ArgumentNullException.ThrowIfNull(interpolation);
        Size = size ?? 2;
        ConvArgs.CheckTuple(Size.ToArray(), "size");
        string method = interpolation.ToLowerInvariant();
        if (!s_kerasInterpolations.Contains(method))
        {
            throw new ArgumentException(
                $"Invalid value for argument `interpolation` of layer \"{Name}\". Expected one of {{{string.Join(", ", s_kerasInterpolations)}}}. Received: interpolation={interpolation}",
                nameof(interpolation));
        }
        if (method != "nearest")
        {
            throw new ArgumentException(
                $"UpSampling2D (layer \"{Name}\") implements interpolation=\"nearest\" only. Received: interpolation={interpolation}. " +
                "Use \"nearest\", or resize the images before the model.",
                nameof(interpolation));
        }
        Interpolation = method;
        InputSpec = new InputSpec(ndim: 4);
    }

    /// <summary>The upsampling factors <c>(rows, cols)</c>.</summary>
    public IntPair Size { get; }

    /// <summary>The interpolation method (<c>"nearest"</c>).</summary>
    public string Interpolation { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var (n, h, w, c) = (inputs.Shape[0], inputs.Shape[1], inputs.Shape[2], inputs.Shape[3]);
        // nearest neighbour = repeat rows and columns: view (n, h, 1, w, 1, c), broadcast the unit axes, merge back
        var x = Ops.Reshape(inputs, new Shape(n, h, 1, w, 1, c));
        x = Ops.BroadcastTo(x, new Shape(n, h, Size.Height, w, Size.Width, c));
        return Ops.Reshape(x, new Shape(n, h * Size.Height, w * Size.Width, c));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not rank 4.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 4)
        {
            throw ConvArgs.WrongRank(Name, 4, inputShape);
        }
        int h = inputShape[1] < 0 ? -1 : Dimension((long)inputShape[1] * Size.Height, inputShape, "the upsampled height");
        int w = inputShape[2] < 0 ? -1 : Dimension((long)inputShape[2] * Size.Width, inputShape, "the upsampled width");
        return new Shape(inputShape[0], h, w, inputShape[3]);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["size"] = ConvArgs.Json(Size);
        config["data_format"] = DataFormat;
        config["interpolation"] = Interpolation;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static UpSampling2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "UpSampling2D");
        var layer = new UpSampling2D(
            ConvArgs.ReadPair(config, "size"),
            ConfigValues.GetString(config, "interpolation", "nearest"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
