using KerasSharp.Saving;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Thresholded rectified linear unit layer, Keras 2's <c>layers.ThresholdedReLU</c>: <c>f(x) = x</c> for
/// <c>x &gt; theta</c>, otherwise 0. Keras 3 dropped the layer in favour of <c>ReLU(threshold: theta)</c>, which
/// computes the same; it is here for models saved by Keras 2 and TF.js.
/// </summary>
/// <remarks>Input shape: arbitrary. Output shape: the same as the input. The gradient is 1 above theta, else 0.</remarks>
/// <example>
/// <code>
/// var layer = new ThresholdedReLU(theta: 1.0);
/// var y = layer.Apply(Tensor.FromArray([-2f, 0.5f, 1f, 1.5f]));   // [0, 0, 0, 1.5]
/// </code>
/// </example>
public sealed class ThresholdedReLU : Layer
{
    /// <summary>Creates a thresholded ReLU layer.</summary>
    /// <param name="theta">The threshold (≥ 0; Keras 2's default 1.0).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>thresholded_re_lu</c>, <c>thresholded_re_lu_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="theta"/> is negative (or NaN).</exception>
    public ThresholdedReLU(double theta = 1.0, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        if (!(theta >= 0.0))
        {
            throw new ArgumentException(
                $"The theta value of a Thresholded ReLU layer should be >=0. Received: theta={theta.ToString(CultureInfo.InvariantCulture)}",
                nameof(theta));
        }
        Theta = theta;
    }

    /// <summary>The threshold.</summary>
    public double Theta { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Threshold(inputs, Theta, 0.0);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["theta"] = Theta;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras 2 config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static ThresholdedReLU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new ThresholdedReLU(ConfigValues.GetDouble(config, "theta", 1.0), LayerConfig.InputShape(config), LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
