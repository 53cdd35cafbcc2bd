using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Zero-padding for 2D inputs (e.g. pictures), Keras' <c>ZeroPadding2D</c> (channels_last): adds rows of zeros at the
/// top and bottom and columns of zeros at the left and right of each image.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, height, width, channels)</c>; output shape
/// <c>(batch, top + height + bottom, left + width + right, channels)</c>.
/// </remarks>
/// <example>
/// <code>
/// var symmetric = new ZeroPadding2D(1);                  // ((1, 1), (1, 1))
/// var perAxis = new ZeroPadding2D((1, 2));               // ((1, 1), (2, 2))
/// var explicitPads = new ZeroPadding2D(((0, 1), (2, 3))); // top 0, bottom 1, left 2, right 3
/// var y = symmetric.Apply(Tensor.Zeros(new Shape(1, 2, 2, 1)));   // (1, 4, 4, 1)
/// </code>
/// </example>
public sealed class ZeroPadding2D : Layer
{
    /// <summary>Creates a zero-padding layer with symmetric padding per axis.</summary>
    /// <param name="padding">
    /// Keras' int or tuple of 2 ints: one int pads all four sides by it; <c>(h, w)</c> pads <c>h</c> rows at the top and
    /// at the bottom and <c>w</c> columns at the left and at the right. Default <c>(1, 1)</c>.
    /// </param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(height, width, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>zero_padding2d</c>, …).</param>
    /// <exception cref="ArgumentException">A padding value is negative.</exception>
    public ZeroPadding2D(IntPair? padding = null, Shape? inputShape = null, string? name = null)
        : this(Symmetric(padding ?? 1), inputShape, name)
    {
    }

    /// <summary>Creates a zero-padding layer with explicit padding on each side.</summary>
    /// <param name="padding">Keras' tuple of 2 tuples <c>((top, bottom), (left, right))</c>.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(height, width, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>zero_padding2d</c>, …).</param>
    /// <exception cref="ArgumentException">A padding value is negative.</exception>
    public ZeroPadding2D(((int Top, int Bottom) Height, (int Left, int Right) Width) padding, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        ConvArgs.CheckTuple([padding.Height.Top, padding.Height.Bottom], "1st entry of padding", allowZero: true);
        ConvArgs.CheckTuple([padding.Width.Left, padding.Width.Right], "2nd entry of padding", allowZero: true);
        Padding = padding;
        InputSpec = new InputSpec(ndim: 4);
    }

    /// <summary>The padding <c>((top, bottom), (left, right))</c>.</summary>
    public ((int Top, int Bottom) Height, (int Left, int Right) Width) Padding { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    private static ((int, int), (int, int)) Symmetric(IntPair p) => ((p.Height, p.Height), (p.Width, p.Width));

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Pad(inputs, [(0, 0), Padding.Height, Padding.Width, (0, 0)]);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not rank 4.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 4)
        {
            throw ConvArgs.WrongRank(Name, 4, inputShape);
        }
        int h = inputShape[1] < 0 ? -1 : Dimension((long)inputShape[1] + Padding.Height.Top + Padding.Height.Bottom, inputShape, "the padded height");
        int w = inputShape[2] < 0 ? -1 : Dimension((long)inputShape[2] + Padding.Width.Left + Padding.Width.Right, inputShape, "the padded width");
        return new Shape(inputShape[0], h, w, inputShape[3]);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["padding"] = new JsonArray(
            new JsonArray(Padding.Height.Top, Padding.Height.Bottom),
            new JsonArray(Padding.Width.Left, Padding.Width.Right));
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static ZeroPadding2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "ZeroPadding2D");
        var inputShape = LayerConfig.InputShape(config);
        var name = LayerConfig.Name(config);
        ZeroPadding2D layer = config["padding"] switch
        {
            JsonArray { Count: 2 } a when a[0] is JsonArray && a[1] is JsonArray =>
                new ZeroPadding2D(Pair(a[0]!, "1st entry of padding"), Pair(a[1]!, "2nd entry of padding"), inputShape, name),
            null => new ZeroPadding2D(null, inputShape, name),
            _ => new ZeroPadding2D(ConvArgs.ReadPair(config, "padding"), inputShape, name),
        };
        return LayerConfig.Finish(layer, config);
    }

    private ZeroPadding2D((int, int) height, (int, int) width, Shape? inputShape, string? name)
        : this((height, width), inputShape, name)
    {
    }

    private static (int, int) Pair(JsonNode node, string what)
    {
        var dims = LayerConfig.Dims(node);
        if (dims is not { Length: 2 })
        {
            throw new ArgumentException($"The `{what}` argument must be a tuple of 2 integers. Received {what}={node.ToJsonString()}");
        }
        return (dims[0], dims[1]);
    }
}
