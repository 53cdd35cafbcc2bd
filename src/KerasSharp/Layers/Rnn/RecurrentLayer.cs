using System.Text.Json.Nodes;
using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// What <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/> share (Keras' <c>RNN</c> layer wrapped
/// around a cell): the Keras arguments, the three weights sized by the number of gate blocks, input dropout, the loop
/// over time steps, the output shape and the config.
/// </summary>
/// <remarks>
/// Input shape <c>(batch, timesteps, features)</c>. Output shape <c>(batch, units)</c> (the last output), or
/// <c>(batch, timesteps, units)</c> with <c>returnSequences</c>. Weights, in Keras' order:
/// <c>kernel (features, gates·units)</c>, <c>recurrent_kernel (units, gates·units)</c>, <c>bias</c>. Weight paths are
/// <c>{name}/kernel</c>, … (Keras 3 nests them under the cell, e.g. <c>lstm/lstm_cell/kernel</c>; the names match).
/// <para>
/// States (Keras' <c>return_state</c> and <c>initial_state</c>): an LSTM has two, <c>h</c> and <c>c</c>; a GRU and a
/// SimpleRNN one, <c>h</c>; each <c>(batch, units)</c>. With <c>returnState</c> the layer returns
/// <c>[output, states…]</c>: get them with <c>ApplyMany</c> (<c>var (output, h, c) = lstm.ApplyMany(x)</c>); <c>Apply</c>
/// throws, as the layer has several outputs. <c>Apply(x, initialState: [h, c])</c> starts the recurrence from the
/// given states instead of zeros; gradients flow into them.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // Keras' encoder–decoder: the decoder starts from the encoder's final states
/// var encoderInput = Keras.Input(shape: [-1, 8]);
/// var (_, h, c) = new LSTM(64, returnState: true).ApplyMany(encoderInput);
/// var decoderInput = Keras.Input(shape: [-1, 8]);
/// var decoded = new LSTM(64).Apply(decoderInput, initialState: [h, c]);
/// var model = new Model([encoderInput, decoderInput], new Dense(10).Apply(decoded));
/// </code>
/// </example>
public abstract class RecurrentLayer : Layer
{
    private readonly SeedGenerator _seedGenerator;
    private readonly float _dropout;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Checks and stores the arguments every recurrent layer takes (see the subclasses for their meaning).</summary>
    private protected RecurrentLayer(int units, ActivationFunction? activation, bool useBias,
        Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
        double dropout, double recurrentDropout, int? seed, bool returnSequences, bool returnState, bool goBackwards,
        Shape? inputShape, string? name)
        : base(name, inputShape: inputShape)
    {
        Units = RecurrentSupport.CheckUnits(units);
        RecurrentDropout = RecurrentSupport.ClampRate(recurrentDropout);
        RecurrentSupport.CheckSupported(Name, RecurrentDropout);
        Activation = activation ?? ActivationFunction.Tanh;
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        RecurrentInitializer = recurrentInitializer ?? new Orthogonal();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        RecurrentRegularizer = recurrentRegularizer;
        BiasRegularizer = biasRegularizer;
        Dropout = RecurrentSupport.ClampRate(dropout);
        _dropout = (float)Dropout;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        Seed = seed;
        // the dropout masks' generator (Keras' cell.seed_generator), created here whatever the rate, as in Keras
        _seedGenerator = new SeedGenerator(seed);
        InputSpec = new InputSpec(ndim: 3);
    }

    /// <summary>Dimensionality of the output space.</summary>
    public int Units { get; }

    /// <summary>The activation (default <c>tanh</c>).</summary>
    public ActivationFunction Activation { get; }

    /// <inheritdoc/>
    internal override bool RunsOnlyLibraryCode =>
        base.RunsOnlyLibraryCode && Utils.LibraryCode.Is(Activation) && Utils.LibraryCode.Is(ConfigRecurrentActivation);

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
    public double Dropout { get; }

    /// <summary>Recurrent dropout rate (always 0).</summary>
    public double RecurrentDropout { get; }

    /// <summary>Whether every step's output is returned.</summary>
    public bool ReturnSequences { get; }

    /// <summary>Whether the final states are returned after the output (<c>[output, states…]</c>).</summary>
    public bool ReturnState { get; }

    /// <summary>Whether the sequence is processed backwards.</summary>
    public bool GoBackwards { get; }

    /// <summary>The dropout seed given to the constructor, or null when the layer's generator drew its own.</summary>
    public int? Seed { get; }

    /// <summary>The kernel <c>(features, gates·units)</c>, gate blocks side by side, once built.</summary>
    public Variable Kernel => _kernel ?? throw NotBuilt();

    /// <summary>The recurrent kernel <c>(units, gates·units)</c>, gate blocks side by side, once built.</summary>
    public Variable RecurrentKernel => _recurrentKernel ?? throw NotBuilt();

    /// <summary>The bias, gate blocks side by side, once built (null without bias).</summary>
    public Variable? Bias => _bias;

    /// <summary>Number of gate blocks of <c>units</c> columns in the kernels (1 for SimpleRNN, 4 for LSTM, 3 for GRU).</summary>
    private protected abstract int Gates { get; }

    /// <summary>Number of state tensors, each <c>(batch, units)</c>: 2 for LSTM (h, c), 1 for GRU and SimpleRNN (h).</summary>
    internal virtual int StateCount => 1;

    /// <summary>The bias shape (default <c>(gates·units)</c>).</summary>
    private protected virtual Shape BiasShape => new(Gates * Units);

    /// <summary>How the bias is initialised (default <see cref="BiasInitializer"/>).</summary>
    private protected virtual Initializer BiasBuildInitializer => BiasInitializer;

    /// <summary>The gate activation written to the config, or null for a cell without gates.</summary>
    private protected virtual ActivationFunction? ConfigRecurrentActivation => null;

    private InvalidOperationException NotBuilt() => new($"Layer \"{Name}\" is not built yet: call it on an input first.");

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int inputDim = RecurrentSupport.InputDim(ClassName, inputShape);
        int columns = Dimension((long)Gates * Units, inputShape, $"the width of its kernels ({Gates} gate blocks of units={Units})");
        _kernel = AddWeight("kernel", new Shape(inputDim, columns), KernelInitializer, KernelRegularizer);
        _recurrentKernel = AddWeight("recurrent_kernel", new Shape(Units, columns), RecurrentInitializer, RecurrentRegularizer);
        if (UseBias)
        {
            _bias = AddWeight("bias", BiasShape, BiasBuildInitializer, BiasRegularizer);
        }
        InputSpec = new InputSpec(ndim: 3, axes: new Dictionary<int, int> { [-1] = inputDim });
    }

    /// <summary>The inputs after dropout (in training), times the kernel: every time step's input projection at once.</summary>
    private protected Tensor ProjectInputs(Tensor inputs, bool training) =>
        Ops.MatMul(RecurrentSupport.DropInputs(inputs, _dropout, training, _seedGenerator), Kernel);

    /// <summary>
    /// Runs <paramref name="step"/> over the time steps from <paramref name="initialH"/> (zeros when null); the last
    /// step's output goes to <paramref name="last"/> (see <see cref="RecurrentSupport.Run"/>).
    /// </summary>
    private protected Tensor RunSteps(Tensor projected, Tensor? initialH, Func<Tensor, Tensor, Tensor> step, out Tensor last) =>
        RecurrentSupport.Run(Name, projected, Units, initialH, GoBackwards, ReturnSequences, step, out last);

    /// <summary>
    /// The layer's computation: the output for <paramref name="inputs"/>, starting from <paramref name="initialState"/>
    /// (<see cref="StateCount"/> tensors, already checked) or zeros when null; when <paramref name="finalState"/> is
    /// given (<see cref="StateCount"/> entries), it receives the final states.
    /// </summary>
    private protected abstract Tensor Forward(Tensor inputs, IReadOnlyList<Tensor>? initialState, Tensor[]? finalState, bool training);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The layer returns its states (<see cref="ReturnState"/>): use <c>ApplyMany</c>.</exception>
    protected sealed override Tensor Call(Tensor inputs, bool training) =>
        ReturnState ? throw SeveralOutputs(1 + StateCount) : Forward(inputs, null, null, training);

    /// <summary>
    /// The sequence (<c>inputs[0]</c>) and optional initial states (the rest) in; the output and, with
    /// <see cref="ReturnState"/>, the final states out.
    /// </summary>
    /// <param name="inputs">The sequence, then no state or <see cref="StateCount"/> of them.</param>
    /// <param name="training">Training mode.</param>
    protected sealed override IReadOnlyList<Tensor> CallMany(IReadOnlyList<Tensor> inputs, bool training)
    {
        IReadOnlyList<Tensor>? initialState = null;
        if (inputs.Count > 1)
        {
            RecurrentSupport.CheckInitialState(Name, ClassName, StateCount, Units, [.. inputs.Select(t => t.Shape)]);
            initialState = inputs.Skip(1).ToArray();
        }
        if (!ReturnState)
        {
            return [Forward(inputs[0], initialState, null, training)];
        }
        var states = new Tensor[StateCount];
        var output = Forward(inputs[0], initialState, states, training);
        return [output, .. states];
    }

    /// <summary>
    /// Applies the layer to a symbolic sequence starting from the given states (Keras'
    /// <c>layer(x, initial_state=[h, c])</c>); the node records them as the <c>initial_state</c> argument.
    /// </summary>
    /// <param name="inputs">The symbolic sequence <c>(batch, timesteps, features)</c>.</param>
    /// <param name="initialState">One <c>(batch, units)</c> tensor per state (LSTM: h, then c), or null for zeros.</param>
    /// <exception cref="ArgumentException">The states do not fit the layer.</exception>
    /// <exception cref="InvalidOperationException">The layer returns its states too: use <see cref="ApplyMany(KerasTensor, IReadOnlyList{KerasTensor})"/>.</exception>
    public KerasTensor Apply(KerasTensor inputs, IReadOnlyList<KerasTensor>? initialState) =>
        ReturnState ? throw SeveralOutputs(1 + StateCount) : ApplyMany(inputs, initialState)[0];

    /// <summary>Applies the layer to a symbolic sequence starting from the given states and returns all its outputs.</summary>
    /// <param name="inputs">The symbolic sequence.</param>
    /// <param name="initialState">One <c>(batch, units)</c> tensor per state, or null for zeros.</param>
    /// <exception cref="ArgumentException">The states do not fit the layer.</exception>
    public IReadOnlyList<KerasTensor> ApplyMany(KerasTensor inputs, IReadOnlyList<KerasTensor>? initialState)
    {
        var all = RecurrentSupport.WithState(inputs, initialState);
        RecurrentSupport.CheckInitialState(Name, ClassName, StateCount, Units, [.. all.Select(t => t.Shape)]);
        return ApplySymbolic(all, RecurrentSupport.StateArguments(all.Length - 1));
    }

    /// <summary>Runs the layer on a sequence starting from the given states.</summary>
    /// <param name="inputs">The sequence <c>(batch, timesteps, features)</c>.</param>
    /// <param name="initialState">One <c>(batch, units)</c> tensor per state (LSTM: h, then c), or null for zeros.</param>
    /// <param name="training">Training mode.</param>
    /// <exception cref="ArgumentException">The states do not fit the layer.</exception>
    /// <exception cref="InvalidOperationException">The layer returns its states too: use <see cref="ApplyMany(Tensor, IReadOnlyList{Tensor}, bool)"/>.</exception>
    public Tensor Apply(Tensor inputs, IReadOnlyList<Tensor>? initialState, bool training = false) =>
        ReturnState ? throw SeveralOutputs(1 + StateCount) : ApplyMany(inputs, initialState, training)[0];

    /// <summary>Runs the layer on a sequence starting from the given states and returns all its outputs.</summary>
    /// <param name="inputs">The sequence.</param>
    /// <param name="initialState">One <c>(batch, units)</c> tensor per state, or null for zeros.</param>
    /// <param name="training">Training mode.</param>
    /// <exception cref="ArgumentException">The states do not fit the layer.</exception>
    public IReadOnlyList<Tensor> ApplyMany(Tensor inputs, IReadOnlyList<Tensor>? initialState, bool training = false)
    {
        var all = RecurrentSupport.WithState(inputs, initialState);
        RecurrentSupport.CheckInitialState(Name, ClassName, StateCount, Units, [.. all.Select(t => t.Shape)]);
        return ApplyMany(all, training);
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => RecurrentSupport.OutputShape(inputShape, Units, ReturnSequences);

    /// <summary>
    /// The output shape and, with <see cref="ReturnState"/>, one <c>(batch, units)</c> shape per state, for the
    /// sequence's shape followed by the initial states' shapes, if any.
    /// </summary>
    /// <param name="inputShapes">The sequence's shape, then the initial states' shapes.</param>
    /// <exception cref="ArgumentException">The initial states do not fit the layer.</exception>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count == 0)
        {
            throw new ArgumentException($"Layer \"{Name}\" was called without inputs.", nameof(inputShapes));
        }
        RecurrentSupport.CheckInitialState(Name, ClassName, StateCount, Units, inputShapes);
        var output = ComputeOutputShape(inputShapes[0]);
        if (!ReturnState)
        {
            return [output];
        }
        var shapes = new Shape[1 + StateCount];
        shapes[0] = output;
        for (int i = 1; i < shapes.Length; i++)
        {
            shapes[i] = new Shape(inputShapes[0][0], Units);
        }
        return shapes;
    }

    /// <summary>Adds the cell's own keys after the cell's shared ones (LSTM's <c>unit_forget_bias</c>).</summary>
    private protected virtual void WriteCellOptions(JsonObject config)
    {
    }

    /// <summary>Adds the layer's own keys after the penalties (GRU's <c>reset_after</c>).</summary>
    private protected virtual void WriteLayerOptions(JsonObject config)
    {
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        RecurrentSupport.WriteRnnConfig(config, ReturnSequences, ReturnState, GoBackwards);
        RecurrentSupport.WriteCellConfig(config, Units, Activation, ConfigRecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer);
        WriteCellOptions(config);
        RecurrentSupport.WritePenaltyConfig(config, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, Dropout, RecurrentDropout);
        WriteLayerOptions(config);
        config["seed"] = Seed;
        return config;
    }
}
