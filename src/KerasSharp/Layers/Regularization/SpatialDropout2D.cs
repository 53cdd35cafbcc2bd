using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Keras' <c>SpatialDropout2D</c>: dropout that drops entire feature maps (channels) instead of single elements. In
/// training, each (sample, channel) map is set to 0 with probability <see cref="Rate"/> and the kept maps are scaled
/// by <c>1 / (1 − rate)</c>; the noise shape is <c>(batch, 1, 1, channels)</c> (<c>(batch, channels, 1, 1)</c> for
/// channels-first data). At inference (<c>training: false</c>) it is the identity.
/// </summary>
/// <remarks>
/// Input shape: 4-D, <c>(samples, rows, cols, channels)</c> for <c>"channels_last"</c> or
/// <c>(samples, channels, rows, cols)</c> for <c>"channels_first"</c>. Output shape: the same as the input.
/// The masks come from the layer's own <see cref="SeedGenerator"/>, created in the constructor from <c>seed</c> (or,
/// without one, from a seed drawn then from the global stream, see <see cref="Keras.SetRandomSeed"/>); each training
/// call advances it.
/// </remarks>
/// <example>
/// <code>
/// var drop = new SpatialDropout2D(0.25, seed: 1);
/// var y = drop.Apply(featureMaps, training: true);   // about a quarter of the channels of each sample are zero
/// </code>
/// </example>
public sealed class SpatialDropout2D : Layer
{
    private readonly SeedGenerator? _seedGenerator;
    private readonly float _rate;

    /// <summary>Creates a spatial 2-D dropout layer.</summary>
    /// <param name="rate">Fraction of the feature maps to drop, in [0, 1].</param>
    /// <param name="dataFormat"><c>"channels_last"</c> (default, also for null) or <c>"channels_first"</c>.</param>
    /// <param name="seed">The seed of the layer's generator; null draws one from the global stream now.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>spatial_dropout2d</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="rate"/> is outside [0, 1] or <paramref name="dataFormat"/> is unknown.</exception>
    public SpatialDropout2D(double rate, string? dataFormat = null, int? seed = null, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Rate = HyperParameter.CheckRate(rate, nameof(rate));
        _rate = (float)Rate;
        dataFormat ??= "channels_last";
        string normalized = dataFormat.ToLowerInvariant();
        if (normalized is not ("channels_last" or "channels_first"))
        {
            throw new ArgumentException(
                $"The `data_format` argument must be one of {{\"channels_first\", \"channels_last\"}}. Received: data_format={dataFormat}", nameof(dataFormat));
        }
        DataFormat = normalized;
        Seed = seed;
        // as in Keras, only a layer that can drop anything owns a generator
        _seedGenerator = _rate > 0f ? new SeedGenerator(seed) : null;
        InputSpec = new InputSpec(ndim: 4);
    }

    /// <summary>Fraction of the feature maps dropped in training.</summary>
    public double Rate { get; }

    /// <summary><c>"channels_last"</c> or <c>"channels_first"</c>.</summary>
    public string DataFormat { get; }

    /// <summary>The seed given to the constructor, or null when the layer's generator drew its own.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (!training || _rate == 0f)
        {
            return inputs;
        }
        var s = inputs.Shape;
        var maskShape = DataFormat == "channels_first" ? new Shape(s[0], s[1], 1, 1) : new Shape(s[0], 1, 1, s[3]);
        return Dropout.Drop(inputs, maskShape, _rate, _seedGenerator!);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["rate"] = Rate;
        config["seed"] = Seed;
        config["data_format"] = DataFormat;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static SpatialDropout2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new SpatialDropout2D(
            ConfigValues.GetDouble(config, "rate", double.NaN),
            LayerConfig.String(config, "data_format"),
            ConfigValues.GetNullableInt(config, "seed"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
