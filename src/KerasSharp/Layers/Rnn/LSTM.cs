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
/// <c>h_t = o ⊙ tanh(c_t)</c> (σ = <c>recurrentActivation</c>, tanh = <c>activation</c>), from zero states (or the
/// given initial states <c>[h, c]</c>).
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
public sealed class LSTM : RecurrentLayer
{
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
    /// <param name="seed">Seed of the dropout masks' generator (null: one drawn from the global stream now).</param>
    /// <param name="returnSequences">Return every step's output instead of the last one.</param>
    /// <param name="returnState">Also return the final states: the layer returns <c>[output, h, c]</c> (use <c>ApplyMany</c>).</param>
    /// <param name="goBackwards">Process the sequence backwards and return the reversed sequence.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>lstm</c>, <c>lstm_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or an unsupported option is set.</exception>
    public LSTM(int units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        bool unitForgetBias = true,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, Shape? inputShape = null, string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, inputShape, name)
    {
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>The gate activation (default <c>sigmoid</c>).</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether the forget-gate bias starts at one.</summary>
    public bool UnitForgetBias { get; }

    /// <inheritdoc/>
    private protected override int Gates => 4;

    /// <inheritdoc/>
    private protected override Initializer BiasBuildInitializer =>
        UnitForgetBias ? new UnitForgetBiasInitializer(BiasInitializer, Units) : BiasInitializer;

    /// <inheritdoc/>
    private protected override ActivationFunction? ConfigRecurrentActivation => RecurrentActivation;

    /// <inheritdoc/>
    private protected override void WriteCellOptions(JsonObject config) => config["unit_forget_bias"] = UnitForgetBias;

    /// <inheritdoc/>
    internal override int StateCount => 2;

    /// <inheritdoc/>
    private protected override Tensor Forward(Tensor inputs, IReadOnlyList<Tensor>? initialState, Tensor[]? finalState, bool training)
    {
        var projected = ProjectInputs(inputs, training);
        if (Bias is { } bias)
        {
            projected = Ops.Add(projected, bias);
        }
        Tensor u = RecurrentKernel;
        var c = initialState?[1] ?? Tensor.Zeros(new Shape(inputs.Shape[0], Units));
        var output = RunSteps(projected, initialState?[0], (xt, h) =>
        {
            var z = Ops.Split(Ops.Add(xt, Ops.MatMul(h, u)), 4, axis: -1);
            var i = RecurrentActivation.Call(z[0]);
            var f = RecurrentActivation.Call(z[1]);
            c = Ops.Add(Ops.Multiply(f, c), Ops.Multiply(i, Activation.Call(z[2])));
            var o = RecurrentActivation.Call(z[3]);
            return Ops.Multiply(o, Activation.Call(c));
        }, out var last);
        if (finalState is not null)
        {
            finalState[0] = last;
            finalState[1] = c;
        }
        return output;
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
            dropout: ConfigValues.GetDouble(config, "dropout", 0.0),
            recurrentDropout: ConfigValues.GetDouble(config, "recurrent_dropout", 0.0),
            seed: ConfigValues.GetNullableInt(config, "seed"),
            returnSequences: ConfigValues.GetBool(config, "return_sequences", false),
            returnState: ConfigValues.GetBool(config, "return_state", false),
            goBackwards: ConfigValues.GetBool(config, "go_backwards", false),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
