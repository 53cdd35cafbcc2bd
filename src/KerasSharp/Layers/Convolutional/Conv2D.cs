using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// 2D convolution layer, Keras' <c>Conv2D</c> (channels_last): <c>activation(conv2d(inputs, kernel) + bias)</c>. The
/// kernel has Keras' layout <c>(kh, kw, inC, filters)</c>; <c>"same"</c> padding splits the extra pad as TensorFlow
/// does (half before, the rest after).
/// </summary>
/// <remarks>
/// Input shape <c>(batch, height, width, channels)</c>; output shape <c>(batch, newHeight, newWidth, filters)</c>,
/// where per axis <c>"valid"</c> gives <c>floor((n − dk) / s) + 1</c> with the dilated kernel size
/// <c>dk = d·(k − 1) + 1</c>, and <c>"same"</c> gives <c>ceil(n / s)</c>. A ReLU activation is fused into the
/// convolution's epilogue.
/// </remarks>
/// <example>
/// <code>
/// var layer = new Conv2D(32, 3, activation: "relu");
/// var y = layer.Apply(Tensor.Zeros(new Shape(64, 28, 28, 1)));   // (64, 26, 26, 32)
/// </code>
/// </example>
public sealed class Conv2D : ConvolutionLayer
{
    /// <summary>Creates a 2D convolution layer.</summary>
    /// <param name="filters">Number of output channels (positive).</param>
    /// <param name="kernelSize">Window size <c>(height, width)</c>; one int for both.</param>
    /// <param name="strides">Strides <c>(height, width)</c>; default <c>(1, 1)</c>. Strides &gt; 1 exclude dilation &gt; 1.</param>
    /// <param name="padding"><c>"valid"</c> (no padding) or <c>"same"</c> (case-insensitive).</param>
    /// <param name="dilationRate">Dilation <c>(height, width)</c>; default <c>(1, 1)</c>.</param>
    /// <param name="activation">Activation (default linear); a Keras id such as <c>"relu"</c> works.</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Kernel initializer (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Bias initializer (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(height, width, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>conv2d</c>, <c>conv2d_1</c>, …).</param>
    /// <exception cref="ArgumentException">An argument is invalid (Keras' messages).</exception>
    public Conv2D(int filters, IntPair kernelSize, IntPair? strides = null, string padding = "valid", IntPair? dilationRate = null,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null)
        : base(filters, kernelSize.ToArray(), (strides ?? 1).ToArray(), padding, (dilationRate ?? 1).ToArray(), allowCausal: false,
            activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, inputShape, name)
    {
        KernelSize = kernelSize;
        Strides = strides ?? 1;
        DilationRate = dilationRate ?? 1;
    }

    /// <summary>Window size <c>(height, width)</c>.</summary>
    public IntPair KernelSize { get; }

    /// <summary>Strides <c>(height, width)</c>.</summary>
    public IntPair Strides { get; }

    /// <summary>Dilation <c>(height, width)</c>.</summary>
    public IntPair DilationRate { get; }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Conv2D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "Conv2D");
        var layer = new Conv2D(
            LayerConfig.Int(config, "filters", "Conv2D"),
            ConvArgs.ReadPair(config, "kernel_size") ?? throw new ArgumentException($"The config of layer Conv2D is missing \"kernel_size\". Received: {config.ToJsonString()}"),
            ConvArgs.ReadPair(config, "strides"),
            ConfigValues.GetString(config, "padding", "valid"),
            ConvArgs.ReadPair(config, "dilation_rate"),
            LayerConfig.String(config, "activation"),
            ConfigValues.GetBool(config, "use_bias", true),
            ConvArgs.ReadInitializer(config, "kernel_initializer"),
            ConvArgs.ReadInitializer(config, "bias_initializer"),
            ConvArgs.ReadRegularizer(config, "kernel_regularizer"),
            ConvArgs.ReadRegularizer(config, "bias_regularizer"),
            LayerConfig.InputShape(config),
            LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
