using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Exponential linear unit layer, Keras' <c>layers.ELU</c>: <c>f(x) = x</c> for <c>x &gt; 0</c>, otherwise
/// <c>alpha · (eˣ − 1)</c>.
/// </summary>
/// <remarks>
/// Input shape: arbitrary. Output shape: the same as the input. The config has <c>alpha</c> (Keras 2 wrote it;
/// Keras 3 reads it).
/// </remarks>
/// <example>
/// <code>
/// var layer = new ELU(alpha: 0.5);
/// var y = layer.Apply(Tensor.FromArray([-1f, 0f, 2f]));   // [-0.316, 0, 2]
/// </code>
/// </example>
public sealed class ELU : Layer
{
    private readonly float _alpha;

    /// <summary>Creates an ELU layer.</summary>
    /// <param name="alpha">Scale of the negative part (Keras' default 1.0).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>elu</c>, <c>elu_1</c>, …).</param>
    public ELU(double alpha = 1.0, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Alpha = alpha;
        _alpha = (float)alpha;
    }

    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Elu(inputs, _alpha);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["alpha"] = Alpha;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static ELU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new ELU(ConfigValues.GetDouble(config, "alpha", 1.0), LayerConfig.InputShape(config), LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
