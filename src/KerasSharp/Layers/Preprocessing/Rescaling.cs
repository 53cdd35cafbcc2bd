using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>Rescaling</c> preprocessing layer: <c>inputs · scale + offset</c>, in training and inference alike. To map
/// <c>[0, 255]</c> to <c>[0, 1]</c> use <c>scale: 1f / 255</c>; to map it to <c>[-1, 1]</c> use
/// <c>scale: 1f / 127.5f, offset: -1</c>.
/// </summary>
/// <remarks>Input shape: arbitrary. Output shape: the same as the input. No weights.</remarks>
/// <example>
/// <code>
/// var rescale = new Rescaling(1f / 255);
/// var y = rescale.Apply(images);   // pixel values in [0, 1]
/// </code>
/// </example>
public sealed class Rescaling : Layer
{
    /// <summary>Creates a rescaling layer.</summary>
    /// <param name="scale">The scale applied to the inputs.</param>
    /// <param name="offset">The offset added after scaling.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>rescaling</c>, …).</param>
    public Rescaling(float scale, float offset = 0f, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Scale = scale;
        Offset = offset;
    }

    /// <summary>The scale.</summary>
    public float Scale { get; }

    /// <summary>The offset.</summary>
    public float Offset { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) =>
        Ops.Add(Ops.Multiply(inputs, Tensor.Scalar(Scale)), Tensor.Scalar(Offset));

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["scale"] = ConfigValues.Number(Scale);
        config["offset"] = ConfigValues.Number(Offset);
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
        var layer = new Rescaling(
            ConfigValues.GetNullableFloat(config, "scale") ?? throw new ArgumentException($"The config of layer Rescaling is missing the number \"scale\". Received: {config.ToJsonString()}"),
            ConfigValues.GetFloat(config, "offset", 0f),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
