using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>Rescaling</c> preprocessing layer: <c>inputs · scale + offset</c>, in training and inference alike. To map
/// <c>[0, 255]</c> to <c>[0, 1]</c> use <c>scale: 1.0 / 255</c>; to map it to <c>[-1, 1]</c> use
/// <c>scale: 1.0 / 127.5, offset: -1</c>.
/// </summary>
/// <remarks>Input shape: arbitrary. Output shape: the same as the input. No weights.</remarks>
/// <example>
/// <code>
/// var rescale = new Rescaling(1.0 / 255);
/// var y = rescale.Apply(images);   // pixel values in [0, 1]
/// </code>
/// </example>
public sealed class Rescaling : Layer
{
    private readonly float _scale;
    private readonly float _offset;

    /// <summary>Creates a rescaling layer.</summary>
    /// <param name="scale">The scale applied to the inputs.</param>
    /// <param name="offset">The offset added after scaling.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>rescaling</c>, …).</param>
    public Rescaling(double scale, double offset = 0.0, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Scale = ConfigValues.AsWritten(scale);
        Offset = ConfigValues.AsWritten(offset);
        _scale = (float)Scale;
        _offset = (float)Offset;
    }

    /// <summary>The scale.</summary>
    public double Scale { get; }

    /// <summary>The offset.</summary>
    public double Offset { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Add(Ops.Multiply(inputs, Tensor.Scalar(_scale)), Tensor.Scalar(_offset));

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["scale"] = Scale;
        config["offset"] = Offset;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="NotSupportedException">The config has a per-channel (list) scale or offset.</exception>
    public static Rescaling FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var key in new[] { "scale", "offset" })
        {
            if (config[key] is JsonArray or JsonObject)
            {
                throw new NotSupportedException($"Rescaling supports a scalar {key} only, but the config has {key}={config[key]!.ToJsonString()}.");
            }
        }
        if (config["scale"] is null)
        {
            throw new ArgumentException($"The config of layer Rescaling is missing the number \"scale\". Received: {config.ToJsonString()}");
        }
        var layer = new Rescaling(
            ConfigValues.GetDouble(config, "scale", double.NaN),
            ConfigValues.GetDouble(config, "offset", 0.0),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
