using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Long Short-Term Memory, Keras' <c>LSTM</c> (Hochreiter 1997). With <c>z = x_t·kernel + h_{t−1}·recurrent_kernel + bias</c>
/// split into four blocks of <c>units</c> columns in Keras' gate order <b>i, f, c, o</b>:
/// <c>i = σ(z_i)</c>, <c>f = σ(z_f)</c>, <c>c_t = f ⊙ c_{t−1} + i ⊙ tanh(z_c)</c>, <c>o = σ(z_o)</c>,
/// <c>h_t = o ⊙ tanh(c_t)</c> (σ = <c>recurrentActivation</c>, tanh = <c>activation</c>), from zero states.
/// Weights, in Keras' order: <c>kernel (features, 4·units)</c>, <c>recurrent_kernel (units, 4·units)</c>, <c>bias (4·units)</c>.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, timesteps, features)</c>. Output shape <c>(batch, units)</c> (the last output), or
/// <c>(batch, timesteps, units)</c> with <c>returnSequences</c>. Weight paths are <c>{name}/kernel</c>, … (Keras 3
/// nests them under the cell: <c>lstm/lstm_cell/kernel</c>; the weight names are the same).
/// </remarks>
/// <example>
/// <code>
/// var rnn = new LSTM(4);
/// var y = rnn.Apply(Tensor.Zeros(new Shape(32, 10, 8)));   // (32, 4)
/// </code>
/// </example>
public sealed class LSTM : Layer
{
    private readonly Rng? _rng;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Creates an LSTM layer.</summary>
    /// <param name="units">Dimensionality of the output space (positive).</param>
    /// <param name="activation">Activation (null: Keras' default <c>tanh</c>; pass <c>"linear"</c> for none).</param>
    /// <param name="recurrentActivation">Gate activation (null: Keras' default <c>sigmoid</c>).</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Initializer of the input kernel (default <c>glorot_uniform</c>).</param>
    /// <param name="recurrentInitializer">Initializer of the recurrent kernel (default <c>orthogonal</c>).</param>
    /// <param name="biasInitializer">Initializer of the bias (default <c>zeros</c>).</param>
    /// <param name="unitForgetBias">Initialise the forget-gate block of the bias to ones (the rest with <paramref name="biasInitializer"/>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="recurrentRegularizer">Optional recurrent kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="dropout">Fraction of the input features dropped in training (one mask per sequence; clamped to [0, 1]).</param>
    /// <param name="recurrentDropout">Recurrent-state dropout; only 0 is supported.</param>
    /// <param name="seed">Seed of the dropout mask (null: the session generator).</param>
    /// <param name="returnSequences">Return every step's output instead of the last one.</param>
    /// <param name="returnState">Only false is supported (models pass one tensor between layers).</param>
    /// <param name="goBackwards">Process the sequence backwards and return the reversed sequence.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>lstm</c>, <c>lstm_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or an unsupported option is set.</exception>
    public LSTM(int units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        float dropout = 0f, float recurrentDropout = 0f, int? seed = null, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, Shape? inputShape = null, string? name = null)
        : base(name, inputShape: inputShape)
    {
        Units = RecurrentSupport.CheckUnits(units);
        RecurrentDropout = RecurrentSupport.ClampRate(recurrentDropout);
        RecurrentSupport.CheckSupported(Name, RecurrentDropout, returnState);
        Activation = activation ?? ActivationFunction.Tanh;
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        UseBias = useBias;
        UnitForgetBias = unitForgetBias;
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

    /// <summary>The gate activation (default <c>sigmoid</c>).</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>Whether the forget-gate bias starts at one.</summary>
    public bool UnitForgetBias { get; }

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

    /// <summary>The kernel <c>(features, 4·units)</c>, blocks i, f, c, o, once built.</summary>
    public Variable Kernel => _kernel ?? throw NotBuilt();

    /// <summary>The recurrent kernel <c>(units, 4·units)</c>, blocks i, f, c, o, once built.</summary>
    public Variable RecurrentKernel => _recurrentKernel ?? throw NotBuilt();

    /// <summary>The bias <c>(4·units)</c>, blocks i, f, c, o, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    private InvalidOperationException NotBuilt() => new($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int inputDim = RecurrentSupport.InputDim(ClassName, inputShape);
        _kernel = AddWeight("kernel", new Shape(inputDim, 4 * Units), KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, 4 * Units), RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            var init = UnitForgetBias ? new UnitForgetBiasInitializer(BiasInitializer, Units) : BiasInitializer;
            _bias = AddWeight("bias", new Shape(4 * Units), init, BiasRegularizer);
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
        var c = Tensor.Zeros(new Shape(inputs.Shape[0], Units));
        return RecurrentSupport.Run(Name, projected, Units, GoBackwards, ReturnSequences, (xt, h) =>
        {
            var z = Ops.Split(Ops.Add(xt, Ops.MatMul(h, u)), 4, axis: -1);
            var i = RecurrentActivation.Call(z[0]);
            var f = RecurrentActivation.Call(z[1]);
            c = Ops.Add(Ops.Multiply(f, c), Ops.Multiply(i, Activation.Call(z[2])));
            var o = RecurrentActivation.Call(z[3]);
            return Ops.Multiply(o, Activation.Call(c));
        });
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => RecurrentSupport.OutputShape(inputShape, Units, ReturnSequences);

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        RecurrentSupport.WriteRnnConfig(config, ReturnSequences, GoBackwards);
        RecurrentSupport.WriteCellConfig(config, Units, Activation, RecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer);
        config["unit_forget_bias"] = UnitForgetBias;
        RecurrentSupport.WritePenaltyConfig(config, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, Dropout, RecurrentDropout);
        config["seed"] = Seed;
        return config;
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static LSTM FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        RecurrentSupport.CheckConfig(config, nameof(LSTM));
        var layer = new LSTM(
            LayerConfig.Int(config, "units", nameof(LSTM)),
            activation: RecurrentSupport.ReadActivation(config, "activation", ActivationFunction.Tanh),
            recurrentActivation: RecurrentSupport.ReadActivation(config, "recurrent_activation", ActivationFunction.Sigmoid),
            useBias: ConfigValues.GetBool(config, "use_bias", true),
            kernelInitializer: RecurrentSupport.ReadInitializer(config, "kernel_initializer"),
            recurrentInitializer: RecurrentSupport.ReadInitializer(config, "recurrent_initializer"),
            biasInitializer: RecurrentSupport.ReadInitializer(config, "bias_initializer"),
            unitForgetBias: ConfigValues.GetBool(config, "unit_forget_bias", true),
            kernelRegularizer: RecurrentSupport.ReadRegularizer(config, "kernel_regularizer"),
            recurrentRegularizer: RecurrentSupport.ReadRegularizer(config, "recurrent_regularizer"),
            biasRegularizer: RecurrentSupport.ReadRegularizer(config, "bias_regularizer"),
            dropout: ConfigValues.GetFloat(config, "dropout", 0f),
            recurrentDropout: ConfigValues.GetFloat(config, "recurrent_dropout", 0f),
            seed: ConfigValues.GetNullableInt(config, "seed"),
            returnSequences: ConfigValues.GetBool(config, "return_sequences", false),
            returnState: ConfigValues.GetBool(config, "return_state", false),
            goBackwards: ConfigValues.GetBool(config, "go_backwards", false),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
