using KerasSharp.Saving;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Leaky rectified linear unit layer, Keras' <c>layers.LeakyReLU</c>: <c>f(x) = x</c> for <c>x ≥ 0</c>, otherwise
/// <c>negativeSlope · x</c>. The layer's default slope is 0.3 (the <c>leaky_relu</c> function's is 0.2).
/// </summary>
/// <remarks>
/// Input shape: arbitrary. Output shape: the same as the input. Keras 2 called the slope <c>alpha</c>; Keras 3 still
/// accepts that name, and so do this constructor (<c>new LeakyReLU(alpha: 0.1)</c>) and <see cref="FromConfig"/>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new LeakyReLU(negativeSlope: 0.5);
/// var y = layer.Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f]));   // [-5, -2.5, 0, 5, 10]
/// </code>
/// </example>
public sealed class LeakyReLU : Layer
{
    private readonly float _negativeSlope;

    /// <summary>Creates a leaky ReLU layer.</summary>
    /// <param name="negativeSlope">Slope for negative inputs (≥ 0).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>leaky_re_lu</c>, <c>leaky_re_lu_1</c>, …).</param>
    /// <param name="alpha">
    /// Deprecated name of <paramref name="negativeSlope"/> (Keras 2's); when given, it is the slope, as in Keras 3.
    /// </param>
    /// <exception cref="ArgumentException">The slope is negative (or NaN).</exception>
    public LeakyReLU(double negativeSlope = 0.3, Shape? inputShape = null, string? name = null, double? alpha = null)
        : base(name, inputShape: inputShape)
    {
        double slope = alpha ?? negativeSlope;
        if (!(slope >= 0.0))
        {
            throw new ArgumentException(
                "The negative_slope value of a Leaky ReLU layer cannot be a negative value. Expected a float >= 0. " +
                $"Received: negative_slope={slope.ToString(CultureInfo.InvariantCulture)}",
                alpha is null ? nameof(negativeSlope) : nameof(alpha));
        }
        NegativeSlope = slope;
        _negativeSlope = (float)slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.LeakyRelu(inputs, _negativeSlope);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["negative_slope"] = NegativeSlope;
        return config;
    }

    /// <summary>
    /// Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>); a Keras 2 config's <c>alpha</c>
    /// is the slope.
    /// </summary>
    /// <param name="config">The config.</param>
    public static LeakyReLU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double slope = ConfigValues.GetDouble(config, "negative_slope", ConfigValues.GetDouble(config, "alpha", 0.3));
        return LayerConfig.Finish(new LeakyReLU(slope, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
