using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;

namespace KerasSharp.Layers;

/// <summary>
/// Applies an activation function to its input, Keras' <c>layers.Activation</c>. It has no weights; gradients come
/// from the activation's ops.
/// </summary>
/// <remarks>Input shape: arbitrary. Output shape: the same as the input, except for <c>glu</c>, which halves its axis.</remarks>
/// <example>
/// <code>
/// var layer = new Activation("relu");
/// var y = layer.Apply(Tensor.FromArray([-3f, -1f, 0f, 2f]));   // [0, 0, 0, 2]
/// </code>
/// </example>
public sealed class Activation : Layer
{
    /// <summary>Creates an activation layer.</summary>
    /// <param name="activation">The activation function; a Keras id such as <c>"relu"</c> works.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>activation</c>, <c>activation_1</c>, …).</param>
    public Activation(ActivationFunction activation, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Function = activation;
    }

    /// <summary>The activation function (Keras' <c>activation</c> argument).</summary>
    public ActivationFunction Function { get; }

    /// <inheritdoc/>
    internal override bool RunsOnlyLibraryCode => base.RunsOnlyLibraryCode && Utils.LibraryCode.Is(Function);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Function.Call(inputs);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => Function.ComputeOutputShape(inputShape);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["activation"] = Function.Name;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Activation FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return LayerConfig.Finish(new Activation(LayerConfig.String(config, "activation"), LayerConfig.InputShape(config), LayerConfig.Name(config)), config);
    }
}
