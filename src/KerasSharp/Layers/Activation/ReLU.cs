using KerasSharp.Saving;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Rectified linear unit layer, Keras' <c>layers.ReLU</c>, with an optional cap, threshold and negative slope:
/// <c>f(x) = min(x, maxValue)</c> for <c>x &gt; threshold</c>, otherwise <c>negativeSlope · (x − threshold)</c>.
/// </summary>
/// <remarks>
/// Input shape: arbitrary. Output shape: the same as the input. As in Keras, with a threshold the values in
/// <c>(0, threshold]</c> map to 0 (not to themselves), and the gradient at a kink is that of the piece on its left.
/// </remarks>
/// <example>
/// <code>
/// var layer = new ReLU(maxValue: 10, negativeSlope: 0.5);
/// var y = layer.Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f]));   // [-5, -2.5, 0, 5, 10]
/// </code>
/// </example>
public sealed class ReLU : Layer
{
    private readonly float? _maxValue;
    private readonly float _negativeSlope;
    private readonly float _threshold;

    /// <summary>Creates a ReLU layer.</summary>
    /// <param name="maxValue">The largest output value (≥ 0); null means unbounded.</param>
    /// <param name="negativeSlope">Slope below the threshold (≥ 0).</param>
    /// <param name="threshold">Inputs at or below it are damped (≥ 0).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>re_lu</c>, <c>re_lu_1</c>, …).</param>
    /// <exception cref="ArgumentException">An argument is negative (or NaN).</exception>
    public ReLU(double? maxValue = null, double negativeSlope = 0.0, double threshold = 0.0, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        if (maxValue is double m && !(m >= 0.0))
        {
            throw new ArgumentException($"max_value of a ReLU layer cannot be a negative value. Received: max_value={Format(m)}", nameof(maxValue));
        }
        if (!(negativeSlope >= 0.0))
        {
            throw new ArgumentException($"negative_slope of a ReLU layer cannot be a negative value. Received: negative_slope={Format(negativeSlope)}", nameof(negativeSlope));
        }
        if (!(threshold >= 0.0))
        {
            throw new ArgumentException($"threshold of a ReLU layer cannot be a negative value. Received: threshold={Format(threshold)}", nameof(threshold));
        }
        MaxValue = maxValue;
        NegativeSlope = negativeSlope;
        Threshold = threshold;
        _maxValue = maxValue is double max ? (float)max : null;
        _negativeSlope = (float)negativeSlope;
        _threshold = (float)threshold;
    }

    /// <summary>The largest output value, or null for unbounded.</summary>
    public double? MaxValue { get; }

    /// <summary>The slope below the threshold.</summary>
    public double NegativeSlope { get; }

    /// <summary>The threshold below which values are damped.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => KerasRelu.Apply(inputs, _negativeSlope, _maxValue, _threshold);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["max_value"] = MaxValue;
        config["negative_slope"] = NegativeSlope;
        config["threshold"] = Threshold;
        return config;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static ReLU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new ReLU(
            config["max_value"] is null ? null : ConfigValues.GetDouble(config, "max_value", 0.0),
            ConfigValues.GetDouble(config, "negative_slope", 0.0),
            ConfigValues.GetDouble(config, "threshold", 0.0),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
