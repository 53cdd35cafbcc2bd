using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// What <see cref="Conv1D"/> and <see cref="Conv2D"/> share (Keras' <c>BaseConv</c>): the filters, padding,
/// activation, bias and their initializers and penalties, a kernel <c>(window…, inC, filters)</c>, the fused call and
/// the output shape, for inputs <c>(batch, spatial…, channels)</c>. The subclasses give the window as Keras types it
/// (an int, a pair).
/// </summary>
public abstract class ConvolutionLayer : Layer
{
    private readonly int[] _kernelSize;
    private readonly int[] _strides;
    private readonly int[] _dilationRate;
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>Checks and stores the arguments, in Keras' order of checks (see the subclasses for their meaning).</summary>
    private protected ConvolutionLayer(int filters, int[] kernelSize, int[] strides, string padding, int[] dilationRate, bool allowCausal,
        ActivationFunction? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Shape? inputShape, string? name)
        : base(name, inputShape: inputShape)
    {
        ConvArgs.CheckTuple(kernelSize, "kernel_size");
        ConvArgs.CheckTuple(strides, "strides");
        ConvArgs.CheckTuple(dilationRate, "dilation_rate");
        Padding = ConvArgs.Padding(padding, allowCausal);
        if (filters <= 0)
        {
            throw new ArgumentException($"Invalid value for argument `filters`. Expected a strictly positive value. Received filters={filters}.", nameof(filters));
        }
        if (strides.Max() > 1 && dilationRate.Max() > 1)
        {
            throw new ArgumentException($"`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides={Ops.FormatTuple(strides)} and dilation_rate={Ops.FormatTuple(dilationRate)}");
        }
        // shared arrays: the fused op reads them on every call without copying
        _kernelSize = ShapeCache.Intern(kernelSize);
        _strides = ShapeCache.Intern(strides);
        _dilationRate = ShapeCache.Intern(dilationRate);
        Filters = filters;
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        InputSpec = new InputSpec(ndim: Rank + 2);
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c> (and for <see cref="Conv1D"/> also <c>"causal"</c>).</summary>
    public string Padding { get; }

    /// <summary>The ordering of the input's axes; only Keras' default <c>channels_last</c> is supported.</summary>
    public string DataFormat => "channels_last";

    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }

    /// <inheritdoc/>
    internal override bool RunsOnlyLibraryCode => base.RunsOnlyLibraryCode && Utils.LibraryCode.Is(Activation);

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

    /// <summary>The kernel <c>(window…, inC, filters)</c>, once built.</summary>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"You must build the layer \"{Name}\" before accessing `kernel`: call it on an input first.");

    /// <summary>The bias <c>(filters)</c>, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    /// <summary>Number of spatial axes.</summary>
    private int Rank => _kernelSize.Length;

    internal IReadOnlyList<int> KernelSizeValues => _kernelSize;

    internal IReadOnlyList<int> StridesValues => _strides;

    internal IReadOnlyList<int> DilationRateValues => _dilationRate;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int channels = inputShape[^1];
        if (channels <= 0)
        {
            throw new ArgumentException($"The channel dimension of the inputs of layer \"{Name}\" should be defined. Found None. Full input shape received: {inputShape}");
        }
        ComputeOutputShape(inputShape);
        _kernel = AddWeight("kernel", KernelShape(channels), KernelInitializer, KernelRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Filters), BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(ndim: Rank + 2, axes: new Dictionary<int, int> { [-1] = channels });
    }

    private Shape KernelShape(int channels) => [.. _kernelSize, channels, Filters];

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        ComputeOutputShape(inputs.Shape);
        bool relu = ReferenceEquals(Activation, ActivationFunction.Relu);
        var y = Ops.ConvFused(inputs, Kernel, _bias?.Value, _strides, Padding, _dilationRate, relu);
        return relu ? y : Activation.Call(y);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The input has the wrong rank, or the dilated kernel does not fit in it with <c>"valid"</c> padding.</exception>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != Rank + 2)
        {
            throw ConvArgs.WrongRank(Name, Rank + 2, inputShape);
        }
        Span<int> output = stackalloc int[Rank + 2];
        output[0] = inputShape[0];
        output[^1] = Filters;
        for (int i = 0; i < Rank; i++)
        {
            output[i + 1] = ConvArgs.OutputLength(inputShape[i + 1], _kernelSize[i], _strides[i], _dilationRate[i], Padding);
            if (output[i + 1] == 0)
            {
                string kernel = Ops.FormatTuple(_kernelSize), dilation = Ops.FormatTuple(_dilationRate);
                throw ConvArgs.OutputTooSmall(Name, ClassName, inputShape, $"kernel {kernel} with dilation_rate={dilation}",
                    $"`kernel shape={KernelShape(inputShape[^1])}`, `dilation_rate={dilation}`, `strides={Ops.FormatTuple(_strides)}`, `padding={Padding}`");
            }
        }
        return new Shape(output);
    }

    /// <summary>The Keras JSON of a window argument (<c>[3]</c>, <c>[3, 3]</c>).</summary>
    private static JsonArray Json(int[] values) => [.. values.Select(v => JsonValue.Create(v))];

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = Json(_kernelSize);
        config["strides"] = Json(_strides);
        config["padding"] = Padding;
        config["data_format"] = DataFormat;
        config["dilation_rate"] = Json(_dilationRate);
        ConvArgs.WriteWeightConfig(config, Activation, UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer);
        return config;
    }
}
