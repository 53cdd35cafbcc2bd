using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// A fully-connected RNN whose output is fed back as the next step's state, Keras' <c>SimpleRNN</c>:
/// <c>h_t = activation(x_t · kernel + bias + h_{t−1} · recurrent_kernel)</c> from <c>h_0 = 0</c> (or the given initial state).
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
public sealed class SimpleRNN : RecurrentLayer
{
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
    /// <param name="returnState">Also return the final state: the layer returns <c>[output, h]</c> (use <c>ApplyMany</c>).</param>
    /// <param name="goBackwards">Process the sequence backwards and return the reversed sequence.</param>
    /// <param name="seed">Seed of the dropout masks' generator (null: one drawn from the global stream now).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>simple_rnn</c>, <c>simple_rnn_1</c>, …).</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or an unsupported option is set.</exception>
    public SimpleRNN(int units, ActivationFunction? activation = null, bool useBias = true,
        Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
        Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
        double dropout = 0.0, double recurrentDropout = 0.0, bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, int? seed = null, Shape? inputShape = null, string? name = null)
        : base(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, kernelRegularizer,
            recurrentRegularizer, biasRegularizer, dropout, recurrentDropout, seed, returnSequences, returnState, goBackwards, inputShape, name)
    {
    }

    /// <inheritdoc/>
    private protected override int Gates => 1;

    /// <inheritdoc/>
    private protected override Tensor Forward(Tensor inputs, IReadOnlyList<Tensor>? initialState, Tensor[]? finalState, bool training)
    {
        var projected = ProjectInputs(inputs, training);
        if (Bias is { } bias)
        {
            projected = Ops.Add(projected, bias);
        }
        Tensor u = RecurrentKernel;
        var output = RunSteps(projected, initialState?[0], (xt, h) => Activation.Call(Ops.Add(xt, Ops.MatMul(h, u))), out var last);
        if (finalState is not null)
        {
            finalState[0] = last;
        }
        return output;
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
            dropout: ConfigValues.GetDouble(config, "dropout", 0.0),
            recurrentDropout: ConfigValues.GetDouble(config, "recurrent_dropout", 0.0),
            returnSequences: ConfigValues.GetBool(config, "return_sequences", false),
            returnState: ConfigValues.GetBool(config, "return_state", false),
            goBackwards: ConfigValues.GetBool(config, "go_backwards", false),
            seed: ConfigValues.GetNullableInt(config, "seed"),
            inputShape: LayerConfig.InputShape(config),
            name: LayerConfig.Name(config));
        return LayerConfig.Finish(layer, config);
    }
}
