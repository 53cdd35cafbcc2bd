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
public sealed class Conv2D : Layer
{
    private Variable? _kernel;
    private Variable? _bias;

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
        : base(name, inputShape: inputShape)
    {
        KernelSize = kernelSize;
        Strides = strides ?? 1;
        DilationRate = dilationRate ?? 1;
        ConvArgs.CheckTuple(KernelSize.ToArray(), "kernel_size");
        ConvArgs.CheckTuple(Strides.ToArray(), "strides");
        ConvArgs.CheckTuple(DilationRate.ToArray(), "dilation_rate");
        Padding = ConvArgs.Padding(padding, allowCausal: false);
        if (filters <= 0)
        {
            throw new ArgumentException($"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.", nameof(filters));
        }
        if (Math.Max(Strides.Height, Strides.Width) > 1 && Math.Max(DilationRate.Height, DilationRate.Width) > 1)
        {
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Strides} and dilation_rate={DilationRate}");
        }
        Filters = filters;
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        InputSpec = new InputSpec(ndim: 4);
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    /// <summary>Window size <c>(height, width)</c>.</summary>
    public IntPair KernelSize { get; }

    /// <summary>Strides <c>(height, width)</c>.</summary>
    public IntPair Strides { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <summary>Dilation <c>(height, width)</c>.</summary>
    public IntPair DilationRate { get; }

    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Kernel penalty, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Bias penalty, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>The kernel <c>(kh, kw, inC, filters)</c>, once built.</summary>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"You must build the layer \"{Name}\" before accessing `kernel`: call it on an input first.");

    /// <summary>The bias <c>(filters)</c>, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int channels = inputShape[^1];
        if (channels <= 0)
        {
            throw new ArgumentException($"The channel dimension of the inputs of layer \"{Name}\" should be defined. Found None. Full input shape received: {inputShape}");
        }
        ComputeOutputShape(inputShape);
        _kernel = AddWeight("kernel", new Shape(KernelSize.Height, KernelSize.Width, channels, Filters), KernelInitializer, KernelRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Filters), BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(ndim: 4, axes: new Dictionary<int, int> { [-1] = channels });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        ComputeOutputShape(inputs.Shape);
        bool relu = ReferenceEquals(Activation, ActivationFunction.Relu);
        var y = Ops.ConvFused(inputs, Kernel, _bias?.Value, Strides.Shared, Padding, DilationRate.Shared, relu);
        return relu ? y : Activation.Call(y);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not rank 4, or the dilated kernel does not fit in it with <c>"valid"</c> padding.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 4)
        {
            throw ConvArgs.WrongRank(Name, 4, inputShape);
        }
        int h = ConvArgs.OutputLength(inputShape[1], KernelSize.Height, Strides.Height, DilationRate.Height, Padding);
        int w = ConvArgs.OutputLength(inputShape[2], KernelSize.Width, Strides.Width, DilationRate.Width, Padding);
        if (h == 0 || w == 0)
        {
            var kernel = new Shape(KernelSize.Height, KernelSize.Width, inputShape[3], Filters);
            throw ConvArgs.OutputTooSmall(Name, ClassName, inputShape, $"kernel {KernelSize} with dilation_rate={DilationRate}",
                $"`kernel shape={kernel}`, `dilation_rate={DilationRate}`, `strides={Strides}`, `padding={Padding}`");
        }
        return new Shape(inputShape[0], h, w, Filters);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = ConvArgs.Json(KernelSize);
        config["strides"] = ConvArgs.Json(Strides);
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = ConvArgs.Json(DilationRate);
        ConvArgs.WriteWeightConfig(config, Activation, UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return config;
    }

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
