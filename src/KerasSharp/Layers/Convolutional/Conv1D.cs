using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// 1D convolution layer (temporal convolution), Keras' <c>Conv1D</c> (channels_last):
/// <c>activation(conv1d(inputs, kernel) + bias)</c>. The kernel has Keras' layout <c>(kernelSize, inC, filters)</c>.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, steps, channels)</c>; output shape <c>(batch, newSteps, filters)</c>, where <c>"valid"</c>
/// gives <c>floor((steps − dk) / s) + 1</c> with <c>dk = d·(k − 1) + 1</c>, and <c>"same"</c> and <c>"causal"</c>
/// give <c>ceil(steps / s)</c>. <c>"causal"</c> pads <c>dk − 1</c> zeros on the left only, so output <c>t</c> never
/// sees inputs after <c>t</c>.
/// </remarks>
/// <example>
/// <code>
/// var layer = new Conv1D(16, 3, padding: "causal", dilationRate: 2);
/// var y = layer.Apply(Tensor.Zeros(new Shape(8, 100, 4)));   // (8, 100, 16)
/// </code>
/// </example>
public sealed class Conv1D : ConvolutionLayer
{
    /// <summary>Creates a 1D convolution layer.</summary>
    /// <param name="filters">Number of output channels (positive).</param>
    /// <param name="kernelSize">Window length.</param>
    /// <param name="strides">Stride. Strides &gt; 1 exclude dilation &gt; 1.</param>
    /// <param name="padding"><c>"valid"</c>, <c>"same"</c> or <c>"causal"</c> (case-insensitive).</param>
    /// <param name="dilationRate">Dilation.</param>
    /// <param name="activation">Activation (default linear); a Keras id such as <c>"relu"</c> works.</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Kernel initializer (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Bias initializer (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(steps, channels)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>conv1d</c>, <c>conv1d_1</c>, …).</param>
    /// <exception cref="ArgumentException">An argument is invalid (Keras' messages).</exception>
    public Conv1D(int filters, int kernelSize, int strides = 1, string padding = "valid", int dilationRate = 1,
        ActivationFunction? activation = null, bool useBias = true, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null, Shape? inputShape = null, string? name = null)
        : base(filters, [kernelSize], [strides], padding, [dilationRate], allowCausal: true, activation, useBias, kernelInitializer,
            biasInitializer, kernelRegularizer, biasRegularizer, inputShape, name)
    {
        KernelSize = kernelSize;
        Strides = strides;
        DilationRate = dilationRate;
    }

    /// <summary>Length of the convolution window.</summary>
    public int KernelSize { get; }

    /// <summary>Stride of the window.</summary>
    public int Strides { get; }

    /// <summary>Dilation of the window.</summary>
    public int DilationRate { get; }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Conv1D FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConvArgs.CheckSupported(config, "Conv1D");
        var layer = new Conv1D(
            LayerConfig.Int(config, "filters", "Conv1D"),
            ConvArgs.ReadSingle(config, "kernel_size", "Conv1D") ?? throw new ArgumentException($"The config of layer Conv1D is missing \"kernel_size\". Received: {config.ToJsonString()}"),
            ConvArgs.ReadSingle(config, "strides", "Conv1D") ?? 1,
            ConfigValues.GetString(config, "padding", "valid"),
            ConvArgs.ReadSingle(config, "dilation_rate", "Conv1D") ?? 1,
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
