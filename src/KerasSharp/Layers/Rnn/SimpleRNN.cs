using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// A fully-connected RNN whose output is fed back as the next step's state, Keras' <c>SimpleRNN</c>:
/// <c>h_t = activation(x_t · kernel + bias + h_{t−1} · recurrent_kernel)</c> from <c>h_0 = 0</c>.
/// Weights, in Keras' order: <c>kernel (features, units)</c>, <c>recurrent_kernel (units, units)</c>, <c>bias (units)</c>.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, timesteps, features)</c>. Output shape <c>(batch, units)</c> (the last output), or
/// <c>(batch, timesteps, units)</c> with <c>returnSequences</c>. Weight paths are <c>{name}/kernel</c>, … (Keras 3
/// nests them under the cell: <c>simple_rnn/simple_rnn_cell/kernel</c>; the weight names are the same).
/// </remarks>
/// <example>
/// <code>
/// var rnn = new SimpleRNN(4);
/// var y = rnn.Apply(Tensor.Zeros(new Shape(32, 10, 8)));   // (32, 4)
/// </code>
/// </example>
public sealed class SimpleRNN : Layer
{
    private readonly Rng? _rng;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Creates a SimpleRNN layer.</summary>
    /// <param name="units">Dimensionality of the output space (positive).</param>
    /// <param name="activation">Activation (null: Keras' default <c>tanh</c>; pass <c>"linear"</c> for none).</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Initializer of the input kernel (default <c>glorot_uniform</c>).</param>
    /// <param name="recurrentInitializer">Initializer of the recurrent kernel (default <c>orthogonal</c>).</param>
    /// <param name="biasInitializer">Initializer of the bias (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="recurrentRegularizer">Optional recurrent kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="dropout">Fraction of the input features dropped in training (one mask per sequence; clamped to [0, 1]).</param>
    /// <param name="recurrentDropout">Recurrent-state dropout; only 0 is supported.</param>
    /// <param name="returnSequences">Return every step's output instead of the last one.</param>
    /// <param name="returnState">Only false is supported (models pass one tensor between layers).</param>
    /// <param name="goBackwards">Process the sequence backwards and return the reversed sequence.</param>
    /// <param name="seed">Seed of the dropout mask (null: the session generator).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>simple_rnn</c>, <c>simple_rnn_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or an unsupported option is set.</exception>
    public SimpleRNN(int units, ActivationFunction? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        float dropout = 0f, float recurrentDropout = 0f, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, int? seed = null, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Units = RecurrentSupport.CheckUnits(units);
        RecurrentDropout = RecurrentSupport.ClampRate(recurrentDropout);
        RecurrentSupport.CheckSupported(Name, RecurrentDropout, returnState);
        Activation = activation ?? ActivationFunction.Tanh;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
        Dropout = RecurrentSupport.ClampRate(dropout);
        ReturnSequences = returnSequences;
        GoBackwards = goBackwards;
        Seed = seed;
        _rng = seed is int s ? new Rng(s) : null;
        InputSpec = new InputSpec(ndim: 3);
    }

    /// <summary>Dimensionality of the output space.</summary>
    public int Units { get; }

    /// <summary>The activation (default <c>tanh</c>).</summary>
    public ActivationFunction Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Kernel initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>Recurrent kernel initializer.</summary>
    public Initializer RecurrentInitializer { get; }

    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>Kernel penalty, if any.</summary>
    public Regularizer? KernelRegularizer { get; }

    /// <summary>Recurrent kernel penalty, if any.</summary>
    public Regularizer? RecurrentRegularizer { get; }

    /// <summary>Bias penalty, if any.</summary>
    public Regularizer? BiasRegularizer { get; }

    /// <summary>Input dropout rate.</summary>
    public float Dropout { get; }

    /// <summary>Recurrent dropout rate (always 0).</summary>
    public float RecurrentDropout { get; }

    /// <summary>Whether every step's output is returned.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the sequence is processed backwards.</summary>
    public bool GoBackwards { get; }

    /// <summary>The dropout seed, or null.</summary>
    public int? Seed { get; }

    /// <summary>The kernel <c>(features, units)</c>, once built.</summary>
    public Variable Kernel => _kernel ?? throw NotBuilt();

    /// <summary>The recurrent kernel <c>(units, units)</c>, once built.</summary>
    public Variable RecurrentKernel => _recurrentKernel ?? throw NotBuilt();

    /// <summary>The bias <c>(units)</c>, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    private InvalidOperationException NotBuilt() => new($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int inputDim = RecurrentSupport.InputDim(ClassName, inputShape);
        _kernel = AddWeight("kernel", new Shape(inputDim, Units), KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, Units), RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", new Shape(Units), BiasInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(ndim: 3, axes: new Dictionary<int, int> { [-1] = inputDim });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        var x = RecurrentSupport.DropInputs(inputs, Dropout, training, _rng ?? Keras.Random);
        var projected = Ops.MatMul(x, Kernel);
        if (_bias is not null)
        {
            projected = Ops.Add(projected, _bias);
        }
        Tensor u = RecurrentKernel;
        return RecurrentSupport.Run(Name, projected, Units, GoBackwards, ReturnSequences,
            (xt, h) => Activation.Call(Ops.Add(xt, Ops.MatMul(h, u))));
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => RecurrentSupport.OutputShape(inputShape, Units, ReturnSequences);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        RecurrentSupport.WriteRnnConfig(config, ReturnSequences, GoBackwards);
        RecurrentSupport.WriteCellConfig(config, Units, Activation, null, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer);
        RecurrentSupport.WritePenaltyConfig(config, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, Dropout, RecurrentDropout);
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static SimpleRNN FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        RecurrentSupport.CheckConfig(config, nameof(SimpleRNN));
        var layer = new SimpleRNN(
            LayerConfig.Int(config, "units", nameof(SimpleRNN)),
            activation: RecurrentSupport.ReadActivation(config, "activation", ActivationFunction.Tanh),
            useBias: ConfigValues.GetBool(config, "use_bias", true),
            kernelInitializer: RecurrentSupport.ReadInitializer(config, "kernel_initializer"),
            recurrentInitializer: RecurrentSupport.ReadInitializer(config, "recurrent_initializer"),
            biasInitializer: RecurrentSupport.ReadInitializer(config, "bias_initializer"),
            kernelRegularizer: RecurrentSupport.ReadRegularizer(config, "kernel_regularizer"),
            recurrentRegularizer: RecurrentSupport.ReadRegularizer(config, "recurrent_regularizer"),
            biasRegularizer: RecurrentSupport.ReadRegularizer(config, "bias_regularizer"),
            dropout: ConfigValues.GetFloat(config, "dropout", 0f),
            recurrentDropout: ConfigValues.GetFloat(config, "recurrent_dropout", 0f),
            returnSequences: ConfigValues.GetBool(config, "return_sequences", false),
            returnState: ConfigValues.GetBool(config, "return_state", false),
            goBackwards: ConfigValues.GetBool(config, "go_backwards", false),
            seed: ConfigValues.GetNullableInt(config, "seed"),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
