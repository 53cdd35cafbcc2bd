using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Gated Recurrent Unit, Keras' <c>GRU</c> (Cho et al. 2014). Kernel columns come in Keras' gate order <b>z, r, h</b>
/// (blocks of <c>units</c>); with <c>x_* = x_t·kernel_* + b_in_*</c> and σ = <c>recurrentActivation</c>:
/// <c>z = σ(x_z + h_{t−1}·U_z + b_rec_z)</c>, <c>r = σ(x_r + h_{t−1}·U_r + b_rec_r)</c>,
/// <c>h̃ = tanh(x_h + r ⊙ (h_{t−1}·U_h + b_rec_h))</c> (reset after, the default) or
/// <c>h̃ = tanh(x_h + (r ⊙ h_{t−1})·U_h)</c> (<c>resetAfter: false</c>, no recurrent bias), and
/// <c>h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃</c>, from <c>h_0 = 0</c> (or the given initial state).
/// Weights, in Keras' order: <c>kernel (features, 3·units)</c>, <c>recurrent_kernel (units, 3·units)</c>, <c>bias</c>
/// <c>(2, 3·units)</c> (row 0 input bias, row 1 recurrent bias) or <c>(3·units)</c> without reset-after.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, timesteps, features)</c>. Output shape <c>(batch, units)</c> (the last output), or
/// <c>(batch, timesteps, units)</c> with <c>returnSequences</c>. Weight paths are <c>{name}/kernel</c>, … (Keras 3
/// nests them under the cell: <c>gru/gru_cell/kernel</c>; the weight names are the same).
/// </remarks>
/// <example>
/// <code>
/// var rnn = new GRU(4);
/// var y = rnn.Apply(Tensor.Zeros(new Shape(32, 10, 8)));   // (32, 4)
/// </code>
/// </example>
public sealed class GRU : RecurrentLayer
{

    /// <summary>Creates a GRU layer.</summary>
    /// <param name="units">Dimensionality of the output space (positive).</param>
    /// <param name="activation">Activation (null: Keras' default <c>tanh</c>; pass <c>"linear"</c> for none).</param>
    /// <param name="recurrentActivation">Gate activation (null: Keras' default <c>sigmoid</c>).</param>
    /// <param name="useBias">Whether to add a bias vector.</param>
    /// <param name="kernelInitializer">Initializer of the input kernel (default <c>glorot_uniform</c>).</param>
    /// <param name="recurrentInitializer">Initializer of the recurrent kernel (default <c>orthogonal</c>).</param>
    /// <param name="biasInitializer">Initializer of the bias (default <c>zeros</c>).</param>
    /// <param name="kernelRegularizer">Optional kernel penalty.</param>
    /// <param name="recurrentRegularizer">Optional recurrent kernel penalty.</param>
    /// <param name="biasRegularizer">Optional bias penalty.</param>
    /// <param name="dropout">Fraction of the input features dropped in training (one mask per sequence; clamped to [0, 1]).</param>
    /// <param name="recurrentDropout">Recurrent-state dropout; only 0 is supported.</param>
    /// <param name="seed">Seed of the dropout masks' generator (null: one drawn from the global stream now).</param>
    /// <param name="returnSequences">Return every step's output instead of the last one.</param>
    /// <param name="returnState">Also return the final state: the layer returns <c>[output, h]</c> (use <c>ApplyMany</c>).</param>
    /// <param name="goBackwards">Process the sequence backwards and return the reversed sequence.</param>
    /// <param name="resetAfter">Apply the reset gate after the recurrent matrix product (Keras 3 default, cuDNN-compatible, separate recurrent bias) or before it.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>gru</c>, <c>gru_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or an unsupported option is set.</exception>
    public GRU(int units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, bool resetAfter = true, Shape? inputShape = null, string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, inputShape, name)
    {
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Sigmoid;
        ResetAfter = resetAfter;
    }

    /// <summary>The gate activation (default <c>sigmoid</c>).</summary>
    public ActivationFunction RecurrentActivation { get; }

    /// <summary>Whether the reset gate is applied after the recurrent matrix product.</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc/>
    private protected override int Gates => 3;

    /// <summary>With reset-after, <c>(2, 3·units)</c>: the input bias and the recurrent bias.</summary>
    private protected override Shape BiasShape => ResetAfter ? new Shape(2, 3 * Units) : new Shape(3 * Units);

    /// <inheritdoc/>
    private protected override ActivationFunction? ConfigRecurrentActivation => RecurrentActivation;

    /// <inheritdoc/>
    private protected override void WriteLayerOptions(JsonObject config) => config["reset_after"] = ResetAfter;

    /// <inheritdoc/>
    private protected override Tensor Forward(Tensor inputs, IReadOnlyList<Tensor>? initialState, Tensor[]? finalState, bool training)
    {
        var projected = ProjectInputs(inputs, training);
        Tensor? recurrentBias = null;
        if (Bias is { } bias && ResetAfter)
        {
            var rows = Ops.Unstack(bias, axis: 0);
            projected = Ops.Add(projected, rows[0]);
            recurrentBias = rows[1];
        }
        else if (Bias is { } bias1)
        {
            projected = Ops.Add(projected, bias1);
        }
        Tensor u = RecurrentKernel;
        // reset-before needs U_z|U_r (units, 2·units) and U_h (units, units) apart
        var parts = ResetAfter ? null : Ops.Split(u, [2 * Units], axis: 1);
        var output = RunSteps(projected, initialState?[0], (xt, h) => Step(xt, h, u, recurrentBias, parts), out var last);
        if (finalState is not null)
        {
            finalState[0] = last;
        }
        return output;
    }

    /// <summary>One GRU step from the projected input <c>x_t·kernel + b_in</c> and the previous output.</summary>
    private Tensor Step(Tensor xt, Tensor h, Tensor u, Tensor? recurrentBias, Tensor[]? parts)
    {
        var xg = Ops.Split(xt, 3, axis: -1);
        Tensor z, r, candidate;
        if (parts is null)
        {
            var inner = Ops.MatMul(h, u);
            if (recurrentBias is not null)
            {
                inner = Ops.Add(inner, recurrentBias);
            }
            var hg = Ops.Split(inner, 3, axis: -1);
            z = RecurrentActivation.Call(Ops.Add(xg[0], hg[0]));
            r = RecurrentActivation.Call(Ops.Add(xg[1], hg[1]));
            candidate = Activation.Call(Ops.Add(xg[2], Ops.Multiply(r, hg[2])));
        }
        else
        {
            var hg = Ops.Split(Ops.MatMul(h, parts[0]), 2, axis: -1);
            z = RecurrentActivation.Call(Ops.Add(xg[0], hg[0]));
            r = RecurrentActivation.Call(Ops.Add(xg[1], hg[1]));
            candidate = Activation.Call(Ops.Add(xg[2], Ops.MatMul(Ops.Multiply(r, h), parts[1])));
        }
        return Ops.Add(Ops.Multiply(z, h), Ops.Multiply(Ops.Subtract(Tensor.Scalar(1f), z), candidate));
    }

    /// <summary>Rebuilds the layer from its Keras config (see <see cref="Layer.GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    public static GRU FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        RecurrentSupport.CheckConfig(config, nameof(GRU));
        var layer = new GRU(
            LayerConfig.Int(config, "units", nameof(GRU)),
            activation: RecurrentSupport.ReadActivation(config, "activation", ActivationFunction.Tanh),
            recurrentActivation: RecurrentSupport.ReadActivation(config, "recurrent_activation", ActivationFunction.Sigmoid),
            useBias: ConfigValues.GetBool(config, "use_bias", true),
            kernelInitializer: RecurrentSupport.ReadInitializer(config, "kernel_initializer"),
            recurrentInitializer: RecurrentSupport.ReadInitializer(config, "recurrent_initializer"),
            biasInitializer: RecurrentSupport.ReadInitializer(config, "bias_initializer"),
            kernelRegularizer: RecurrentSupport.ReadRegularizer(config, "kernel_regularizer"),
            recurrentRegularizer: RecurrentSupport.ReadRegularizer(config, "recurrent_regularizer"),
            biasRegularizer: RecurrentSupport.ReadRegularizer(config, "bias_regularizer"),
            dropout: ConfigValues.GetDouble(config, "dropout", 0.0),
            recurrentDropout: ConfigValues.GetDouble(config, "recurrent_dropout", 0.0),
            seed: ConfigValues.GetNullableInt(config, "seed"),
            returnSequences: ConfigValues.GetBool(config, "return_sequences", false),
            returnState: ConfigValues.GetBool(config, "return_state", false),
            goBackwards: ConfigValues.GetBool(config, "go_backwards", false),
            resetAfter: ConfigValues.GetBool(config, "reset_after", true),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
