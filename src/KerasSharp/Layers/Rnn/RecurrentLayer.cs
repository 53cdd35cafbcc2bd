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
/// </remarks>
public abstract class RecurrentLayer : Layer
{
    private readonly SeedGenerator _seedGenerator;
    private Variable? _kernel;
    private Variable? _recurrentKernel;
    private Variable? _bias;

    /// <summary>Checks and stores the arguments every recurrent layer takes (see the subclasses for their meaning).</summary>
    private protected RecurrentLayer(int units, ActivationFunction? activation, bool useBias,
        Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer,
        Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
        float dropout, float recurrentDropout, int? seed, bool returnSequences, bool returnState, bool goBackwards,
        Shape? inputShape, string? name)
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
    public float Dropout { get; }

    /// <summary>Recurrent dropout rate (always 0).</summary>
    public float RecurrentDropout { get; }

    /// <summary>Whether every step's output is returned.</summary>
    public bool ReturnSequences { get; }

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
        Ops.MatMul(RecurrentSupport.DropInputs(inputs, Dropout, training, _seedGenerator), Kernel);

    /// <summary>Runs <paramref name="step"/> over the time steps (see <see cref="RecurrentSupport.Run"/>).</summary>
    private protected Tensor RunSteps(Tensor projected, Func<Tensor, Tensor, Tensor> step) =>
        RecurrentSupport.Run(Name, projected, Units, GoBackwards, ReturnSequences, step);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => RecurrentSupport.OutputShape(inputShape, Units, ReturnSequences);

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
        RecurrentSupport.WriteRnnConfig(config, ReturnSequences, GoBackwards);
        RecurrentSupport.WriteCellConfig(config, Units, Activation, ConfigRecurrentActivation, UseBias, KernelInitializer, RecurrentInitializer, BiasInitializer);
        WriteCellOptions(config);
        RecurrentSupport.WritePenaltyConfig(config, KernelRegularizer, RecurrentRegularizer, BiasRegularizer, Dropout, RecurrentDropout);
        WriteLayerOptions(config);
        config["seed"] = Seed;
        return config;
    }
}
