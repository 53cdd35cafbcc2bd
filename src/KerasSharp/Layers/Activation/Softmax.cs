using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Softmax activation layer, Keras' <c>layers.Softmax</c>: <c>exp(x − max(x)) / Σ exp(x − max(x))</c> along
/// <see cref="Axis"/>, computed stably.
/// </summary>
/// <remarks>Input shape: arbitrary (rank large enough for <see cref="Axis"/>). Output shape: the same as the input.</remarks>
/// <example>
/// <code>
/// var layer = new Softmax();
/// var y = layer.Apply(Tensor.FromArray([1f, 2f, 1f]));   // [0.2119, 0.5761, 0.2119]
/// </code>
/// </example>
public sealed class Softmax : Layer
{
    /// <summary>Creates a softmax layer.</summary>
    /// <param name="axis">The axis along which the normalization is applied; -1 is the last.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>softmax</c>, <c>softmax_1</c>, …).</param>
    public Softmax(int axis = -1, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Axis = axis;
        // Inputs must have the axis; a shorter input gets Keras' min_ndim message naming this layer.
        InputSpec = new InputSpec(minNDim: axis < 0 ? -axis : axis + 1);
    }

    /// <summary>The axis along which the normalization is applied.</summary>
    public int Axis { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Ops.Softmax(inputs, Axis);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Softmax FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int axis = ConfigValues.GetNullableInt(config, "axis") ?? -1;
        return LayerConfig.Finish(new Softmax(axis, LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
