using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// A densely-connected layer, Keras' <c>Dense</c>: <c>activation(inputs · kernel + bias)</c>. The kernel has Keras'
/// layout <c>(inputDim, units)</c>. On inputs of rank &gt; 2 it acts on the last axis.
/// </summary>
/// <remarks>Input shape <c>(batch, …, inputDim)</c>; output shape <c>(batch, …, units)</c>.</remarks>
/// <example>
/// <code>
/// var layer = new Dense(64, activation: "relu");
/// var y = layer.Apply(Tensor.Zeros(new Shape(32, 16)));   // (32, 64)
/// </code>
/// </example>
public sealed class Dense : Layer
{
    private Variable? _kernel;
    private Variable? _bias;

    /// <summary>Creates a Dense layer.</summary>
    /// <param name="units">Dimensionality of the output (positive).</param>
    /// <param name="activation">Activation (default linear); a Keras id such as <c>"relu"</c> works.</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Kernel initializer (default <c>glorot_uniform</c>).</param>
    /// <param name="biasInitializer">Bias initializer (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="inputDim">Keras' <c>input_dim</c>, for the first layer of a model.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>dense</c>, <c>dense_1</c>, …).</param>
    public Dense(int units, ActivationFunction? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
        int? inputDim = null, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape, inputDim: inputDim)
    {
        if (units <= 0)
        {
            throw new ArgumentException($"Received an invalid value for `units`, expected a positive integer. Received: units={units}", nameof(units));
        }
        Units = units;
        Activation = activation ?? ActivationFunction.Linear;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
    }

    /// <summary>Output dimensionality.</summary>
    public int Units { get; }

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

    /// <summary>The kernel <c>(inputDim, units)</c>, once built.</summary>
    public Variable Kernel => _kernel ?? throw new InvalidOperationException($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <summary>The bias <c>(units)</c>, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        if (inputShape.Rank < 2)
        {
            throw new ArgumentException($"Input 0 of layer \"{Name}\" is incompatible with the layer: expected min_ndim=2, found ndim={inputShape.Rank}. Full shape received: {inputShape}");
        }
        int inputDim = inputShape[^1];
        if (inputDim <= 0)
        {
            throw new ArgumentException($"The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: {inputShape}");
        }
        _kernel = AddWeight("kernel", new Shape(inputDim, Units), KernelInitializer, KernelRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Units), BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(minNDim: 2, axes: new Dictionary<int, int> { [-1] = inputDim });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        // One fused op for the matrix product, the bias and a ReLU (or no) activation; other activations follow it.
        bool relu = ReferenceEquals(Activation, ActivationFunction.Relu);
        var y = Ops.Dense(inputs, Kernel, _bias?.Value, relu);
        return relu || ReferenceEquals(Activation, ActivationFunction.Linear) ? y : Activation.Call(y);
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var dims = inputShape.ToArray();
        dims[^1] = Units;
        return new Shape(dims);
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        config["kernel_initializer"] = Initializer.Serialize(KernelInitializer);
        config["bias_initializer"] = Initializer.Serialize(BiasInitializer);
        config["kernel_regularizer"] = KernelRegularizer is null ? null : Regularizer.Serialize(KernelRegularizer);
        config["bias_regularizer"] = BiasRegularizer is null ? null : Regularizer.Serialize(BiasRegularizer);
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static Dense FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layer = new Dense(
            LayerConfig.Int(config, "units", "Dense"),
            activation: LayerConfig.String(config, "activation"),
            useBias: ConfigValues.GetBool(config, "use_bias", true),
            kernelInitializer: config["kernel_initializer"] is JsonNode k ? Initializer.Deserialize(k) : null,
            biasInitializer: config["bias_initializer"] is JsonNode b ? Initializer.Deserialize(b) : null,
            kernelRegularizer: config["kernel_regularizer"] is JsonNode kr ? Regularizer.Deserialize(kr) : null,
            biasRegularizer: config["bias_regularizer"] is JsonNode br ? Regularizer.Deserialize(br) : null,
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
