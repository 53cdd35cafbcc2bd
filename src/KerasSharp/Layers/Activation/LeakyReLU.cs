using KerasSharp.Saving;
using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Leaky rectified linear unit layer, Keras' <c>layers.LeakyReLU</c>: <c>f(x) = x</c> for <c>x ≥ 0</c>, otherwise
/// <c>negativeSlope · x</c>. The layer's default slope is 0.3 (the <c>leaky_relu</c> function's is 0.2).
/// </summary>
/// <remarks>Input shape: arbitrary. Output shape: the same as the input.</remarks>
/// <example>
/// <code>
/// var layer = new LeakyReLU(negativeSlope: 0.5f);
/// var y = layer.Apply(Tensor.FromArray([-10f, -5f, 0f, 5f, 10f]));   // [-5, -2.5, 0, 5, 10]
/// </code>
/// </example>
public sealed class LeakyReLU : Layer
{
    /// <summary>Creates a leaky ReLU layer.</summary>
    /// <param name="negativeSlope">Slope for negative inputs (≥ 0).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>leaky_re_lu</c>, <c>leaky_re_lu_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="negativeSlope"/> is negative (or NaN).</exception>
    public LeakyReLU(float negativeSlope = 0.3f, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        if (!(negativeSlope >= 0f))
        {
            throw new ArgumentException(
                "The negative_slope value of a Leaky ReLU layer cannot be a negative value. Expected a float >= 0. " +
                $"Received: negative_slope={negativeSlope.ToString(CultureInfo.InvariantCulture)}",
                nameof(negativeSlope));
        }
        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.LeakyRelu(inputs, NegativeSlope);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["negative_slope"] = NegativeSlope;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static LeakyReLU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        float slope = ConfigValues.GetFloat(config, "negative_slope", ConfigValues.GetFloat(config, "alpha", 0.3f));
        return LayerConfig.Finish(new LeakyReLU(slope, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
