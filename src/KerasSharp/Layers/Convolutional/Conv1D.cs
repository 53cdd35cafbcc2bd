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
public sealed class Conv1D : Layer
{
    private Variable? _kernel;
    private Variable? _bias;

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
        : base(name, inputShape: inputShape)
    {
        ConvArgs.CheckTuple([kernelSize], "kernel_size");
        ConvArgs.CheckTuple([strides], "strides");
        ConvArgs.CheckTuple([dilationRate], "dilation_rate");
        Padding = ConvArgs.Padding(padding, allowCausal: true);
        if (filters <= 0)
        {
            throw new ArgumentException($"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.", nameof(filters));
        }
        if (strides > 1 && dilationRate > 1)
        {
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=({strides},) and dilation_rate=({dilationRate},)");
        }
        Filters = filters;
        KernelSize = kernelSize;
        Strides = strides;
        DilationRate = dilationRate;
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        InputSpec = new InputSpec(ndim: 3);
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    /// <summary>Window length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Strides { get; }

    /// <summary><c>"valid"</c>, <c>"same"</c> or <c>"causal"</c>.</summary>
    public string Padding { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <summary>Dilation.</summary>
    public int DilationRate { get; }

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

    /// <summary>The kernel <c>(kernelSize, inC, filters)</c>, once built.</summary>
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
        _kernel = AddWeight("kernel", new Shape(KernelSize, channels, Filters), KernelInitializer, KernelRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Filters), BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(ndim: 3, axes: new Dictionary<int, int> { [-1] = channels });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        ComputeOutputShape(inputs.Shape);
        bool relu = ReferenceEquals(Activation, ActivationFunction.Relu);
        var y = Ops.ConvFused(inputs, Kernel, _bias?.Value, ShapeCache.Intern([Strides]), Padding, ShapeCache.Intern([DilationRate]), relu);
        return relu ? y : Activation.Call(y);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input is not rank 3, or the dilated kernel is longer than the input with <c>"valid"</c> padding.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw ConvArgs.WrongRank(Name, 3, inputShape);
        }
        int steps = ConvArgs.OutputLength(inputShape[1], KernelSize, Strides, DilationRate, Padding);
        if (steps == 0)
        {
            throw ConvArgs.OutputTooSmall(Name, ClassName, inputShape, $"kernel ({KernelSize},) with dilation_rate=({DilationRate},)",
                $"`kernel shape={new Shape(KernelSize, inputShape[2], Filters)}`, `dilation_rate=({DilationRate},)`, `strides=({Strides},)`, `padding={Padding}`");
        }
        return new Shape(inputShape[0], steps, Filters);
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
