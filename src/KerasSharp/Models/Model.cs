using System.Text.Json.Nodes;
using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Optimizers;
using KerasSharp.Saving;
using KerasSharp.Training;
using KerasSharp.Utils;

namespace KerasSharp.Models;

/// <summary>
/// A layer with training and inference features, as Keras' <c>Model</c>: <see cref="Compile"/>, <c>Fit</c>,
/// <c>Evaluate</c>, <c>Predict</c>, <see cref="Summary"/>. Three ways to make one, as in Keras:
/// <see cref="Sequential"/>; the Functional API, <c>new Model(inputs, outputs)</c> over a graph of layers applied to
/// symbolic tensors; or a subclass that overrides <c>Call</c>. Override <c>TrainStep</c> to customise what
/// one training step does.
/// </summary>
/// <example>
/// <code>
/// var inputs = new Input(shape: [32]);
/// var x = new Dense(64, activation: "relu").Apply(inputs);
/// var outputs = new Dense(1, activation: "sigmoid").Apply(x);
/// var model = new Model(inputs, outputs, name: "classifier");   // keras.Model(inputs=inputs, outputs=outputs)
/// </code>
/// </example>
public partial class Model : Layer
{
    private FunctionalGraph? _graph;
    private KerasTensors _inputs;
    private KerasTensors _outputs;
    private CompiledMetrics? _compiledMetrics;
    private CompiledLoss? _compiledLoss;
    private string[]? _outputNameArray;
    private IReadOnlyList<Variable>? _trainableWeights;
    private int _trainableWeightsVersion;
    private Tensor[] _gradients = [];
    private bool _compiledPartsAreLibraryCode;
    // (weights version << 1) | runs-only-library-code, one field so that threads read a consistent pair
    private long _libraryCodeState = -1;

    /// <summary>Creates a model.</summary>
    /// <param name="name">The name (default: snake_case class name, made unique).</param>
    /// <param name="trainable">Whether its layers are trained.</param>
    protected Model(string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        ShuffleGenerator = new SeedGenerator();
    }

    /// <summary>
    /// A Functional model: the layers that turn <paramref name="inputs"/> into <paramref name="outputs"/> (Keras'
    /// <c>keras.Model(inputs=…, outputs=…)</c>). Each may be one symbolic tensor, a list (<c>[a, b]</c>) or a
    /// dictionary keyed by name.
    /// </summary>
    /// <param name="inputs">The model's inputs: <see cref="Input"/>s, or intermediate tensors of another graph.</param>
    /// <param name="outputs">Tensors computed from the inputs by applying layers.</param>
    /// <param name="name">The name (default <c>functional</c>, made unique).</param>
    /// <param name="trainable">Whether its layers are trained.</param>
    /// <exception cref="ArgumentException">An output cannot be computed from the inputs (Keras' "Graph disconnected"), or two layers share a name.</exception>
    public Model(KerasTensors inputs, KerasTensors outputs, string? name = null, bool trainable = true)
        : base(name ?? Keras.UniqueName("functional"), trainable)
    {
        ShuffleGenerator = new SeedGenerator();
        _graph = new FunctionalGraph(inputs, outputs);
        _inputs = inputs;
        _outputs = outputs;
        var shape = _graph.Inputs[0].Shape;
        EnsureBuilt(_graph.Inputs.Select(t => t.Shape).ToArray());
        BatchInputShape = shape;
    }

    /// <summary>The graph of a Functional model (also of a built Sequential one), else null.</summary>
    internal FunctionalGraph? Graph
    {
        get => _graph;
        private protected set
        {
            _graph = value;
            _inputs = value is null ? default : (KerasTensors)value.Inputs;
            _outputs = value is null ? default : (KerasTensors)value.Outputs;
            WeightsChanged();
        }
    }

    /// <summary>True for a Functional model (built from inputs and outputs).</summary>
    internal bool IsFunctional => _graph is not null && this is not Sequential;

    /// <summary>The model's symbolic inputs (Keras' <c>model.inputs</c>); empty for a subclassed model or an unbuilt Sequential one.</summary>
    public IReadOnlyList<KerasTensor> Inputs => _graph?.Inputs ?? [];

    /// <summary>The model's symbolic outputs (Keras' <c>model.outputs</c>).</summary>
    public IReadOnlyList<KerasTensor> Outputs => _graph?.Outputs ?? [];

    /// <summary>The inputs as given: one tensor, a list or a dictionary (see <see cref="KerasTensors"/>).</summary>
    public KerasTensors InputStructure => _inputs;

    /// <summary>The outputs as given: one tensor, a list or a dictionary.</summary>
    public KerasTensors OutputStructure => _outputs;

    /// <summary>
    /// The names of the outputs, as Keras 3 names them for losses and logs: the dictionary keys when the outputs were
    /// given as a dictionary, else the names of the layers that produce them.
    /// </summary>
    public IReadOnlyList<string> OutputNames => _outputs.Names ?? [.. Outputs.Select(t => t.Layer.Name)];

    /// <summary>The names of the inputs: the dictionary keys, else the input layers' names.</summary>
    public IReadOnlyList<string> InputNames => _inputs.Names ?? [.. Inputs.Select(t => t.Layer.Name)];

    /// <summary>The layer called <paramref name="name"/> (Keras' <c>model.get_layer(name=…)</c>).</summary>
    /// <param name="name">The layer's name.</param>
    /// <exception cref="ArgumentException">No layer has that name; the message lists the names.</exception>
    public Layer GetLayer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var layer in AllLayers())
        {
            if (layer.Name == name)
            {
                return layer;
            }
        }
        throw new ArgumentException(
            $"No such layer: {name}. Existing layers are: [{string.Join(", ", AllLayers().Select(l => $"'{l.Name}'"))}].", nameof(name));
    }

    /// <summary>The layer at <paramref name="index"/> in <see cref="Layers"/> (Keras' <c>model.get_layer(index=…)</c>).</summary>
    /// <param name="index">The position.</param>
    /// <exception cref="ArgumentOutOfRangeException">There are fewer layers.</exception>
    public Layer GetLayer(int index)
    {
        var layers = Layers;
        if (index < 0 || index >= layers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"Was asked to retrieve layer at index {index} but model only has {layers.Count} layers.");
        }
        return layers[index];
    }

    /// <summary>The layers <see cref="GetLayer(string)"/> searches: <see cref="Layers"/>, plus a Sequential model's input layer.</summary>
    private protected virtual IEnumerable<Layer> AllLayers() => Layers;

    /// <summary>The generator of <c>Fit</c>'s shuffles, seeded when the model is created (see <see cref="Keras.SetRandomSeed"/>).</summary>
    internal SeedGenerator ShuffleGenerator { get; }

    /// <summary>
    /// The model's layers, in order (Keras' <c>model.layers</c>): a Functional model lists its input layers first, then
    /// the others by depth, each shared layer once; a Sequential model does not list its InputLayer, as in Keras; a
    /// subclassed model lists the layers its <c>Call</c> applies, in order of first use, once it has been built or
    /// called (and those its constructor declares with <see cref="Layer.Track"/>, from the start).
    /// </summary>
    public virtual IReadOnlyList<Layer> Layers => _graph?.Layers ?? TrackedSubLayers;

    /// <inheritdoc/>
    internal override IReadOnlyList<Layer> SubLayers => Layers;

    /// <inheritdoc/>
    public override string ClassName => IsFunctional && GetType() == typeof(Model) ? "Functional" : base.ClassName;

    /// <summary>The optimizer given to <see cref="Compile"/>.</summary>
    public Optimizer? Optimizer { get; private set; }

    /// <summary>
    /// The loss given to <see cref="Compile"/> when it is one loss (for every output), or the loss of a model with one
    /// output; null when the outputs have losses of their own (see <see cref="OutputLoss"/>).
    /// </summary>
    public Loss? Loss { get; private set; }

    /// <summary>The compiled loss of each output, in output order (null for an output without a loss).</summary>
    public IReadOnlyList<Loss?> OutputLoss => _compiledLoss is { } c ? [.. Enumerable.Range(0, c.Outputs).Select(i => c[i])] : [];

    /// <summary>
    /// The compiled metrics, output by output (after the first batch, <c>"accuracy"</c> is resolved to its concrete
    /// class). A metric's <see cref="Metric.Name"/> is its own; the logs of a model with several outputs prefix it with
    /// the output's name (<c>department_accuracy</c>).
    /// </summary>
    public IReadOnlyList<Metric> Metrics => _compiledMetrics?.Metrics ?? [];

    /// <summary>Whether <see cref="Compile"/> has been called.</summary>
    public bool IsCompiled => Optimizer is not null;

    /// <summary>Set to true (e.g. by a callback) to end <c>Fit</c> after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>True while <c>Fit</c> runs (validation inside fit prints no progress bar).</summary>
    public bool IsInFit { get; internal set; }

    /// <summary>
    /// An epoch set by a callback at the start of training (<see cref="Callbacks.BackupAndRestore"/> after restoring a
    /// backup) for <c>Fit</c> to start from instead of its <c>initialEpoch</c>; read once.
    /// </summary>
    internal int? ResumeEpoch { get; set; }

    internal CompiledMetrics CompiledMetrics => _compiledMetrics ?? throw NotCompiled();

    /// <summary>The compiled loss, matched to the outputs.</summary>
    internal CompiledLoss CompiledLossState => _compiledLoss ?? throw NotCompiled();

    /// <summary>The arguments given to <see cref="Compile"/>, as given (for the model's compile config).</summary>
    internal (OutputLosses? Loss, LossWeights? LossWeights, OutputMetrics? Metrics) CompileArguments { get; private set; }

    /// <summary>Serialises Fit, Evaluate, TrainOnBatch and Compile on this model (see <see cref="ModelGate"/>).</summary>
    internal ModelGate Gate { get; } = new();

    /// <inheritdoc/>
    /// <remarks>Cached until the model's layers or weights change.</remarks>
    internal override bool RunsOnlyLibraryCode
    {
        get
        {
            long version = WeightsVersion;
            long state = Volatile.Read(ref _libraryCodeState);
            if (state >> 1 == version)
            {
                return (state & 1) != 0;
            }
            bool library = base.RunsOnlyLibraryCode;   // the model's class and each of its layers
            Volatile.Write(ref _libraryCodeState, (version << 1) | (library ? 1L : 0L));
            return library;
        }
    }

    /// <summary>
    /// Whether a training or evaluation step runs only the library's code: the model and its layers, and the
    /// compiled loss, metrics and optimizer (a <see cref="LossFunctionWrapper"/> or <see cref="MeanMetricWrapper"/>
    /// calls a user function, so it counts as user code). Only then may the step's tensors come from the step arena.
    /// </summary>
    internal bool TrainingRunsOnlyLibraryCode => _compiledPartsAreLibraryCode && RunsOnlyLibraryCode;

    /// <inheritdoc/>
    /// <remarks>The list is cached until a weight is added, a layer is frozen or unfrozen, or the layers change.</remarks>
    public override IReadOnlyList<Variable> TrainableWeights
    {
        get
        {
            int version = WeightsVersion;
            if (_trainableWeights is null || _trainableWeightsVersion != version)
            {
                _trainableWeights = base.TrainableWeights;
                _trainableWeightsVersion = version;
            }
            return _trainableWeights;
        }
    }

    /// <summary>Configures the model for training (Keras' <c>compile</c>).</summary>
    /// <param name="optimizer">The optimizer or its Keras id (default <c>"rmsprop"</c>).</param>
    /// <param name="loss">
    /// The loss or its Keras id, e.g. <c>"binary_crossentropy"</c>; for a model with several outputs also a list with
    /// one loss per output (null for an output without a loss) or a dictionary by output name
    /// (<see cref="OutputNames"/>). One loss applies to every output.
    /// </param>
    /// <param name="metrics">
    /// Metrics or Keras ids, e.g. <c>["accuracy"]</c>. For a model with several outputs, a list with one entry per
    /// output (each one metric or a list of them, e.g. <c>[["accuracy"], ["accuracy", "mse"]]</c>) or a dictionary by
    /// output name; as in Keras 3, a list of another length is an error (see <see cref="OutputMetrics"/>).
    /// </param>
    /// <param name="lossWeights">
    /// Factors of the outputs' losses in the total loss (Keras' <c>loss_weights</c>): a list with one weight per
    /// output, a dictionary by output name (an output left out weighs 1), or one number for one loss.
    /// </param>
    /// <example>
    /// <code>
    /// model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
    /// model.Compile(optimizer: "adam",
    ///     loss: new Dictionary&lt;string, Loss&gt; { ["priority"] = "binary_crossentropy", ["department"] = "categorical_crossentropy" },
    ///     lossWeights: new Dictionary&lt;string, double&gt; { ["priority"] = 1.0, ["department"] = 0.2 });
    /// </code>
    /// </example>
    /// <remarks>
    /// The logs of a model with several outputs hold <c>loss</c> (the weighted total, with any regularization),
    /// <c>&lt;output&gt;_loss</c> per output (unweighted, when more than one output has a loss) and
    /// <c>&lt;output&gt;_&lt;metric&gt;</c> per metric, as Keras 3 names them.
    /// </remarks>
    /// <exception cref="ArgumentException">A loss, weight or metric names an output the model does not have, or a list has the wrong length.</exception>
    /// <exception cref="InvalidOperationException">Fit, Evaluate or TrainOnBatch is running on this model on another thread.</exception>
    public void Compile(Optimizer? optimizer = null, OutputLosses? loss = null, OutputMetrics? metrics = null, LossWeights? lossWeights = null)
    {
        using var gate = Gate.Enter(this, "Compile");
        var compiledLoss = new CompiledLoss(loss, lossWeights, CompileOutputNames());
        var compiled = new CompiledMetrics(metrics, compiledLoss);
        Optimizer = optimizer ?? Optimizer.Get("rmsprop");
        Loss = loss is { IsSingle: true } one ? one[0] : compiledLoss.Outputs == 1 ? compiledLoss[0] : null;
        _compiledLoss = compiledLoss;
        _compiledMetrics = compiled;
        CompileArguments = (loss, lossWeights, metrics);
        _compiledPartsAreLibraryCode = LibraryCode.Is(Optimizer) && compiledLoss.IsLibraryCode && compiled.IsLibraryCode;
    }

    /// <summary>
    /// The output names losses and metrics are matched to: <see cref="OutputNames"/>, or for a model whose outputs are
    /// not known yet (an unbuilt Sequential, a subclassed model) one output, named after its last layer.
    /// </summary>
    private string[] CompileOutputNames() =>
        Outputs.Count > 0 ? [.. OutputNames] : [Layers.Count > 0 ? Layers[^1].Name : Name];

    internal static InvalidOperationException NotCompiled() => new("You must call Compile() before using the model.");

    internal void EnsureCompiled()
    {
        if (!IsCompiled)
        {
            throw NotCompiled();
        }
        if (!_compiledLoss!.HasLoss)
        {
            throw CompiledLoss.NoLoss();
        }
    }

    /// <summary>Trains the model for a number of epochs (Keras' <c>fit</c>).</summary>
    /// <param name="x">Inputs: <c>float[,]</c>, <c>float[][]</c>, <c>float[,,]</c> images or a <see cref="Tensor"/>, samples on the first axis.</param>
    /// <param name="y">Targets: <c>float[]</c>, <c>int[]</c> class ids, <c>float[,]</c> or a <see cref="Tensor"/>.</param>
    /// <param name="batchSize">Samples per gradient update (default 32).</param>
    /// <param name="epochs">Epoch index to stop at (training runs epochs <paramref name="initialEpoch"/> … epochs − 1).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks (a <see cref="TrainingHistory"/> is always added and returned).</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the data, taken from the end before shuffling, held out for validation (with its sample weights).</param>
    /// <param name="validationData">Held-out <c>(x, y)</c> evaluated after each epoch; overrides <paramref name="validationSplit"/>.</param>
    /// <param name="shuffle">Reshuffle the training samples every epoch (with the model's own generator, seeded when the model was created).</param>
    /// <param name="classWeight">Per-class loss weights (class id → weight), turned into sample weights as Keras does.</param>
    /// <param name="sampleWeight">Per-sample loss weights, shape (samples,).</param>
    /// <param name="initialEpoch">Epoch to start from (to resume training).</param>
    /// <param name="stepsPerEpoch">
    /// Batches per epoch (Keras' <c>steps_per_epoch</c>); null for one pass over the samples. An epoch then goes on
    /// where the previous one stopped, and a pass that runs out ends the epoch early with Keras' warning. Without
    /// <paramref name="batchSize"/>, the batch size is then the samples divided by the steps, rounded up, as in Keras.
    /// </param>
    /// <param name="validationSteps">Batches of each validation (Keras' <c>validation_steps</c>); null for all of them.</param>
    /// <param name="validationBatchSize">Samples per validation batch (default: <paramref name="batchSize"/>).</param>
    /// <param name="validationFreq">Validate after every n-th epoch (Keras 3's <c>validation_freq</c>, counted from the first epoch): the <c>val_</c> logs appear in those epochs only.</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    /// <remarks>
    /// A 1-D array for a model whose input shape is <c>(None, 1)</c> gets its trailing axis, and an array with an extra
    /// trailing axis of size 1 loses it (Keras' <c>_adjust_input_rank</c>). Thread safety: one <c>Fit</c> at a time
    /// per model. A second <c>Fit</c>, or <see cref="Evaluate(Tensor, Tensor, int?, int, Tensor?, IReadOnlyList{Callback}?, int?)"/>,
    /// <see cref="TrainOnBatch(Tensor, Tensor, Tensor?)"/> or <see cref="Compile"/> on another thread while it runs,
    /// fails at once with an <see cref="InvalidOperationException"/> naming the model and leaves the running
    /// <c>Fit</c> undisturbed; <c>Predict</c> keeps working (it reads the weights as the optimizer updates them). A
    /// callback may call <c>Evaluate</c> on the thread running <c>Fit</c>, as in Keras.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is being trained or evaluated by another call.</exception>
    public TrainingHistory Fit(Tensor x, Tensor y, int? batchSize = null, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, double validationSplit = 0, (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
        => Trainer.Fit(this, new FitArguments(Given(x, nameof(x)), Given(y, nameof(y)), batchSize, epochs, verbose, callbacks, validationSplit,
            validationData is { } v ? (Given(v.X, "validationData.x"), Given(v.Y, "validationData.y"), null) : null,
            shuffle, classWeight, sampleWeight is null ? null : (Tensors?)sampleWeight, initialEpoch)
        {
            StepsPerEpoch = stepsPerEpoch,
            ValidationSteps = validationSteps,
            ValidationBatchSize = validationBatchSize,
            ValidationFreq = validationFreq,
        });

    /// <summary>
    /// Trains a model with several inputs or outputs (Keras' <c>fit</c> with lists or dictionaries of arrays): each of
    /// <paramref name="x"/>, <paramref name="y"/> and <paramref name="sampleWeight"/> is one array, a list (by
    /// position) or a dictionary (by input or output name).
    /// </summary>
    /// <param name="x">One array per input: a list in input order, or a dictionary by input name (<see cref="InputNames"/>).</param>
    /// <param name="y">
    /// One target per output: a list in output order (or one per output that has a loss or metrics), or a dictionary by
    /// output name (<see cref="OutputNames"/>). An output without a loss or metrics needs no target.
    /// </param>
    /// <param name="batchSize">Samples per gradient update (default 32).</param>
    /// <param name="epochs">Epoch index to stop at.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationSplit">Fraction in [0, 1) of every array, taken from the end before shuffling, held out for validation.</param>
    /// <param name="validationData">Held-out <c>(x, y)</c>, structured as <paramref name="x"/> and <paramref name="y"/>.</param>
    /// <param name="shuffle">Reshuffle the samples every epoch; every array is shuffled alike.</param>
    /// <param name="classWeight">Per-class loss weights (models with one output only, as in Keras).</param>
    /// <param name="sampleWeight">One array of per-sample weights for every output, or one per output (a list or a dictionary by output name).</param>
    /// <param name="initialEpoch">Epoch to start from.</param>
    /// <param name="stepsPerEpoch">Batches per epoch (Keras' <c>steps_per_epoch</c>); null for one pass over the samples.</param>
    /// <param name="validationSteps">Batches of each validation; null for all of them.</param>
    /// <param name="validationBatchSize">Samples per validation batch (default: <paramref name="batchSize"/>).</param>
    /// <param name="validationFreq">Validate after every n-th epoch.</param>
    /// <returns>The history: <c>loss</c>, <c>&lt;output&gt;_loss</c>, <c>&lt;output&gt;_&lt;metric&gt;</c> and their <c>val_</c> twins.</returns>
    /// <example>
    /// <code>
    /// model.Fit(new Dictionary&lt;string, Tensor&gt; { ["title"] = titles, ["body"] = bodies },
    ///           new Dictionary&lt;string, Tensor&gt; { ["priority"] = priorities, ["department"] = departments },
    ///           epochs: 2, batchSize: 32);
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">The arrays do not match the model's inputs or outputs, or their sample counts differ.</exception>
    /// <exception cref="InvalidOperationException">The model is being trained or evaluated by another call.</exception>
    public TrainingHistory Fit(Tensors x, Tensors y, int? batchSize = null, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, double validationSplit = 0, (Tensors X, Tensors Y)? validationData = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? classWeight = null, Tensors? sampleWeight = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
        => Trainer.Fit(this, new FitArguments(x, y, batchSize, epochs, verbose, callbacks, validationSplit,
            validationData is { } v ? (v.X, v.Y, null) : null, shuffle, classWeight, sampleWeight, initialEpoch)
        {
            StepsPerEpoch = stepsPerEpoch,
            ValidationSteps = validationSteps,
            ValidationBatchSize = validationBatchSize,
            ValidationFreq = validationFreq,
        });

    /// <summary>Returns the loss and metric values on the given data (Keras' <c>evaluate</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="steps">Batches to evaluate (Keras' <c>steps</c>); null for all. Without <paramref name="batchSize"/> the batch size is then the samples divided by the steps, rounded up.</param>
    /// <returns><c>loss</c> first, then each metric in compile order; <c>var (loss, acc) = model.Evaluate(x, y)</c> works.</returns>
    /// <remarks>
    /// Thread safety: calls from several threads at once take turns on the model's metrics, and each returns its own,
    /// correct values. While <c>Fit</c> runs on another thread it fails at once with an
    /// <see cref="InvalidOperationException"/> naming the model.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs Evaluate(Tensor x, Tensor y, int? batchSize = null, int verbose = 1, Tensor? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null, int? steps = null)
        => Trainer.Evaluate(this, Given(x, nameof(x)), Given(y, nameof(y)), batchSize, verbose, sampleWeight is null ? null : (Tensors?)sampleWeight, callbacks, steps);

    /// <summary>Evaluates a model with several inputs or outputs; the arrays are given as for <see cref="Fit(Tensors, Tensors, int?, int, int, IReadOnlyList{Callback}?, double, ValueTuple{Tensors, Tensors}?, bool, IReadOnlyDictionary{int, float}?, Tensors?, int, int?, int?, int?, int)"/>.</summary>
    /// <param name="x">One array per input (a list or a dictionary by input name).</param>
    /// <param name="y">One target per output (a list or a dictionary by output name).</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="sampleWeight">One array of per-sample weights for every output, or one per output.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="steps">Batches to evaluate; null for all.</param>
    /// <returns>
    /// In Keras' <c>evaluate()</c> order: <c>loss</c> (the weighted total), each <c>&lt;output&gt;_loss</c>, then the
    /// <c>&lt;output&gt;_&lt;metric&gt;</c> values by name; <c>var (loss, aLoss, bLoss) = model.Evaluate(x, y)</c> works.
    /// </returns>
    /// <exception cref="ArgumentException">The arrays do not match the model's inputs or outputs.</exception>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs Evaluate(Tensors x, Tensors y, int? batchSize = null, int verbose = 1, Tensors? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null, int? steps = null)
        => Trainer.Evaluate(this, x, y, batchSize, verbose, sampleWeight, callbacks, steps);

    /// <summary>Generates outputs for the inputs, batch by batch, without recording gradients (Keras' <c>predict</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar (Keras' default), 2 one line.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The outputs; index them directly, e.g. <c>p[0, 0]</c>. The tensor is yours: nothing changes it later.</returns>
    /// <remarks>
    /// Thread safety: safe from any number of threads at once, the first calls on an unbuilt model included (each
    /// layer builds exactly once), and while <c>Fit</c> runs (the weights are then those of some recent step).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictMany(Tensors, int?, int, IReadOnlyList{Callback}?)"/>).</exception>
    public Tensor Predict(Tensor x, int? batchSize = null, int verbose = 1, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Predict(this, Given(x, nameof(x))[0], batchSize, verbose, callbacks);

    /// <summary>The output of a model with several inputs and one output; the inputs as a list or a dictionary by input name.</summary>
    /// <param name="x">One array per input.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The output, one row per sample.</returns>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictMany(Tensors, int?, int, IReadOnlyList{Callback}?)"/>).</exception>
    public Tensor Predict(Tensors x, int? batchSize = null, int verbose = 1, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.One(this, Trainer.Predict(this, x, batchSize, verbose, callbacks));

    /// <summary>
    /// Keras' <c>predict</c> for a model with several outputs: one tensor per output, in output order, which can also
    /// be read by output name (<c>result["priority"]</c>) or deconstructed (<c>var (p, d) = model.PredictMany(x)</c>).
    /// </summary>
    /// <param name="x">One array per input (one array, a list or a dictionary by input name).</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The outputs; the tensors are yours. Thread safety as <see cref="Predict(Tensor, int?, int, IReadOnlyList{Callback}?)"/>.</returns>
    public Tensors PredictMany(Tensors x, int? batchSize = null, int verbose = 1, IReadOnlyList<Callback>? callbacks = null)
    {
        var outputs = Trainer.Predict(this, x, batchSize, verbose, callbacks);
        return outputs.IsSingle ? NameOutputs([outputs[0]]) : outputs;
    }

    /// <summary>Runs one gradient update on one batch (Keras' <c>train_on_batch</c>).</summary>
    /// <param name="x">Input batch.</param>
    /// <param name="y">Target batch.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <returns>The loss and metrics of this batch (computed before the update).</returns>
    /// <remarks>
    /// Thread safety: calls from several threads take turns (each update sees the weights the previous one left); while
    /// <c>Fit</c> runs on another thread it fails at once with an <see cref="InvalidOperationException"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) =>
        Trainer.TrainOnBatch(this, Given(x, nameof(x)), Given(y, nameof(y)), sampleWeight is null ? null : (Tensors?)sampleWeight);

    /// <summary>One gradient update of a model with several inputs or outputs; the arrays are given as for <c>Fit</c>.</summary>
    /// <param name="x">One input batch per input.</param>
    /// <param name="y">One target batch per output.</param>
    /// <param name="sampleWeight">Per-sample weights: one array for every output, or one per output.</param>
    /// <returns>The loss, the per-output losses and the metrics of this batch.</returns>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs TrainOnBatch(Tensors x, Tensors y, Tensors? sampleWeight = null) => Trainer.TrainOnBatch(this, x, y, sampleWeight);

    /// <summary>Outputs for one batch, without progress output.</summary>
    /// <param name="x">Input batch.</param>
    /// <remarks>Thread safety: as <c>Predict</c>, safe from any number of threads.</remarks>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictManyOnBatch"/>).</exception>
    public Tensor PredictOnBatch(Tensor x)
    {
        var batch = Given(x, nameof(x))[0];
        return IsSingleInputOutput(1) ? PredictStep(Trainer.AdjustedInput(this, batch)) : PredictOnBatch((Tensors)batch);
    }

    /// <summary>The output for one batch of a model with several inputs and one output.</summary>
    /// <param name="x">One input batch per input (a list or a dictionary by input name).</param>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictManyOnBatch"/>).</exception>
    public Tensor PredictOnBatch(Tensors x) => Trainer.One(this, PredictManyOnBatch(x));

    /// <summary>One tensor per output for one batch (Keras' <c>predict_on_batch</c> of a model with several outputs).</summary>
    /// <param name="x">One input batch per input (one array, a list or a dictionary by input name).</param>
    /// <returns>The outputs, in output order and named by <see cref="OutputNames"/>.</returns>
    public Tensors PredictManyOnBatch(Tensors x)
    {
        var data = ModelData.ForInputs(this, x);
        var outputs = PredictStep(data.Whole().X);
        return NameOutputs([.. outputs]);
    }

    /// <summary>Outputs named by <see cref="OutputNames"/> (a dictionary when the outputs were given as one).</summary>
    internal Tensors NameOutputs(Tensor[] outputs)
    {
        var names = OutputNameArray();
        return Tensors.Of(outputs, names.Length == outputs.Length ? names : null, OutputStructure.IsDictionary && names.Length == outputs.Length);
    }

    /// <summary>One input and at most one known output: the training and prediction steps take tensors, not lists.</summary>
    internal bool IsSingleInputOutput(int inputs) => inputs == 1 && Inputs.Count <= 1 && Outputs.Count <= 1;

    private string[] OutputNameArray()
    {
        var names = _outputNameArray;
        if (names is null || names.Length != Outputs.Count)
        {
            _outputNameArray = names = [.. OutputNames];
        }
        return names;
    }

    private static Tensors Given(Tensor? tensor, string name)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        return tensor;
    }

    /// <summary>One training step: forward with <c>training: true</c>, loss, gradients, optimizer update, metrics.</summary>
    /// <param name="x">Input batch.</param>
    /// <param name="y">Target batch.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <returns>The running loss and metrics of the epoch (a logs object the next step refills; clone it to keep it).</returns>
    public virtual Logs TrainStep(Tensor x, Tensor y, Tensor? sampleWeight)
    {
        var (trainable, gradients) = GradientBuffers();
        Tensor yPred, loss;
        using (var tape = GradientTape.RecordStep())
        {
            yPred = Apply(x, training: true);
            loss = ComputeLoss(y, yPred, sampleWeight);
            tape.Gradient(loss, trainable, gradients);
        }
        ApplyGradients(trainable, gradients);
        CompiledMetrics.Update(y, yPred, loss.Item(), x.Shape[0]);
        return CompiledMetrics.Results();
    }

    /// <summary>
    /// One training step of a model with several inputs or outputs (the loop calls this form for every model; for one
    /// input and one output it calls <see cref="TrainStep(Tensor, Tensor, Tensor?)"/>, so overriding that one is enough).
    /// </summary>
    /// <param name="x">One input batch per input, in input order (named by <see cref="InputNames"/>).</param>
    /// <param name="y">One target batch per output, in output order (named by <see cref="OutputNames"/>); null for an output that has no target.</param>
    /// <param name="sampleWeight">One weight batch per output (null entries for none), or null.</param>
    /// <returns>The running loss and metrics of the epoch (a logs object the next step refills).</returns>
    public virtual Logs TrainStep(Tensors x, Tensors y, Tensors? sampleWeight)
    {
        if (IsSingleStep(x))
        {
            return TrainStep(x[0], y[0], sampleWeight?.At(0));
        }
        var (trainable, gradients) = GradientBuffers();
        Tensors yPred;
        Tensor loss;
        using (var tape = GradientTape.RecordStep())
        {
            yPred = Forward(x, training: true);
            loss = ComputeLoss(y, yPred, sampleWeight);
            tape.Gradient(loss, trainable, gradients);
        }
        ApplyGradients(trainable, gradients);
        CompiledMetrics.Update(y, yPred, loss.Item(), x[0].Shape[0]);
        return CompiledMetrics.Results();
    }

    /// <summary>The trainable weights and a gradient buffer for each (reused from step to step).</summary>
    private (IReadOnlyList<Variable> Trainable, Tensor[] Gradients) GradientBuffers()
    {
        var trainable = TrainableWeights;
        if (_gradients.Length != trainable.Count)
        {
            _gradients = new Tensor[trainable.Count];
        }
        return (trainable, _gradients);
    }

    /// <summary>The optimizer's update, then the buffers are cleared (the tensors they held are the step's).</summary>
    private void ApplyGradients(IReadOnlyList<Variable> trainable, Tensor[] gradients)
    {
        Optimizer!.Apply(gradients, trainable);
        Array.Clear(gradients);
    }

    /// <summary>Whether a step on <paramref name="x"/> takes the one-tensor form (one input, one compiled output).</summary>
    private bool IsSingleStep(Tensors x) => x.Count == 1 && (_compiledLoss?.Outputs ?? Math.Max(Outputs.Count, 1)) == 1;

    /// <summary>Runs the model on its inputs and names the outputs.</summary>
    private Tensors Forward(Tensors x, bool training)
    {
        var inputs = new Tensor[x.Count];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = x[i];
        }
        var outputs = ApplyMany(inputs, training);
        return NameOutputs(outputs as Tensor[] ?? [.. outputs]);
    }

    /// <summary>One evaluation step: forward with <c>training: false</c>, loss and metrics.</summary>
    /// <param name="x">Input batch.</param>
    /// <param name="y">Target batch.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <returns>The running loss and metrics.</returns>
    public virtual Logs TestStep(Tensor x, Tensor y, Tensor? sampleWeight)
    {
        var yPred = Apply(x, training: false);
        var loss = ComputeLoss(y, yPred, sampleWeight);
        CompiledMetrics.Update(y, yPred, loss.Item(), x.Shape[0]);
        return CompiledMetrics.Results();
    }

    /// <summary>One evaluation step of a model with several inputs or outputs (for one of each it calls <see cref="TestStep(Tensor, Tensor, Tensor?)"/>).</summary>
    /// <param name="x">One input batch per input.</param>
    /// <param name="y">One target batch per output (null for an output that has no target).</param>
    /// <param name="sampleWeight">One weight batch per output, or null.</param>
    /// <returns>The running loss and metrics.</returns>
    public virtual Logs TestStep(Tensors x, Tensors y, Tensors? sampleWeight)
    {
        if (IsSingleStep(x))
        {
            return TestStep(x[0], y[0], sampleWeight?.At(0));
        }
        var yPred = Forward(x, training: false);
        var loss = ComputeLoss(y, yPred, sampleWeight);
        CompiledMetrics.Update(y, yPred, loss.Item(), x[0].Shape[0]);
        return CompiledMetrics.Results();
    }

    /// <summary>One prediction step: forward with <c>training: false</c>.</summary>
    /// <param name="x">Input batch.</param>
    public virtual Tensor PredictStep(Tensor x) => Apply(x, training: false);

    /// <summary>One prediction step of a model with several inputs or outputs: one tensor per output (for one input and one output it calls <see cref="PredictStep(Tensor)"/>).</summary>
    /// <param name="x">One input batch per input.</param>
    public virtual Tensors PredictStep(Tensors x) =>
        x.Count == 1 && IsSingleInputOutput(1) && Outputs.Count == 1 ? Tensors.OfSingle(PredictStep(x[0])) : Forward(x, training: false);

    /// <summary>The compiled loss plus the layers' regularization penalties (Keras' <c>compute_loss</c>).</summary>
    /// <param name="y">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    public virtual Tensor ComputeLoss(Tensor y, Tensor yPred, Tensor? sampleWeight = null)
    {
        var compiled = _compiledLoss ?? throw NotCompiled();
        if (compiled.Outputs != 1)
        {
            throw new InvalidOperationException(
                $"Model \"{Name}\" was compiled for {compiled.Outputs} outputs {Utils.Python.List(compiled.Names)}; use ComputeLoss(Tensors y, Tensors yPred, Tensors? sampleWeight).");
        }
        return WithRegularization(compiled.Compute(y, yPred, sampleWeight));
    }

    /// <summary>
    /// The compiled loss of a model with several outputs: <c>Σ weight_i · loss_i</c> over the outputs with a loss, plus
    /// the layers' regularization penalties (Keras' <c>compute_loss</c>). Each output's unweighted loss is recorded
    /// for its <c>&lt;output&gt;_loss</c> log. For one output it calls <see cref="ComputeLoss(Tensor, Tensor, Tensor?)"/>.
    /// </summary>
    /// <param name="y">One target per output (null for an output without a loss).</param>
    /// <param name="yPred">One prediction per output.</param>
    /// <param name="sampleWeight">One weight per output (null entries for none), or null.</param>
    public virtual Tensor ComputeLoss(Tensors y, Tensors yPred, Tensors? sampleWeight = null)
    {
        var compiled = _compiledLoss ?? throw NotCompiled();
        if (compiled.Outputs == 1 && yPred.Count == 1)
        {
            return ComputeLoss(y[0], yPred[0], sampleWeight?.At(0));
        }
        return WithRegularization(compiled.Compute(y, yPred, sampleWeight));
    }

    private Tensor WithRegularization(Tensor loss)
    {
        var layers = Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (!layers[i].HasRegularizers)
            {
                continue;
            }
            foreach (var penalty in layers[i].RegularizationLosses())
            {
                loss = Ops.Add(loss, penalty);
            }
        }
        return loss;
    }

    /// <summary>Prints the model as Keras 3 does: a table of layers, output shapes and parameter counts.</summary>
    /// <param name="lineLength">Total width (default: the terminal's width − 4, at most 88; 76 when output is redirected).</param>
    /// <param name="output">Where to print (default: the console).</param>
    /// <remarks>
    /// A Functional model lists its input layers too, and, unless it is one chain without shared layers, adds
    /// Keras' <c>Connected to</c> column (108 wide at most); a nested model is one row.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A subclassed model that has never been built or called, so its layers are not known.</exception>
    public void Summary(int? lineLength = null, TextWriter? output = null)
    {
        PrepareSummary();
        var (rows, layout) = ModelSummary.Describe(this);
        long trainable = TrainableWeights.Sum(v => (long)v.Value.Size);
        long total = Weights.Sum(v => (long)v.Value.Size);
        long? optimizerParams = Optimizer is { Built: true } ? Optimizer.CountParams() : null;
        long? optimizerBytes = optimizerParams is long n ? (n - 1) * 4 + 8 : null; // the iteration counter is an int64
        int width = lineLength ?? (output is null ? SummaryTable.LineLengthFor(ConsoleInfo.Columns, layout) : SummaryTable.DefaultLineLength);
        bool unicode = output is not null || ConsoleInfo.IsUtf8;
        (output ?? Console.Out).Write(SummaryTable.Render(Name, rows, total, trainable, total - trainable, optimizerParams, optimizerBytes, width, unicode, layout: layout));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A Functional model gives Keras' Functional config: <c>name</c>, <c>trainable</c>, <c>layers</c> (each with its
    /// <c>name</c> and <c>inbound_nodes</c>), <c>input_layers</c> and <c>output_layers</c>.
    /// </remarks>
    public override JsonObject GetConfig() => IsFunctional ? FunctionalConfig.Write(this) : base.GetConfig();

    /// <summary>
    /// Rebuilds a Functional model from its config (Keras 3's, or Keras 2's with <c>[[["dense", 0, 0, {}]]]</c>
    /// inbound nodes): the same layers, connections and shapes, with new weights (Keras' <c>Model.from_config</c>).
    /// </summary>
    /// <param name="config">The config, as <see cref="GetConfig"/> writes it.</param>
    /// <exception cref="ArgumentException">The config is malformed, names an unknown layer class, or its graph cannot be built.</exception>
    public static Model FromConfig(JsonObject config) => FunctionalConfig.Read(config);

    /// <inheritdoc/>
    /// <remarks>A subclassed model runs its <c>Call</c> on zeros of that shape (one sample for an unknown batch) to find out.</remarks>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (IsSubclassed)
        {
            var outputs = SymbolicCall.DryRun(this, [inputShape]);
            return outputs.Length == 1 ? outputs[0] : throw new InvalidOperationException($"Model \"{Name}\" has {outputs.Length} outputs; use ComputeOutputShapes.");
        }
        if (IsFunctional)
        {
            var shapes = ComputeOutputShapes([inputShape]);
            return shapes.Count == 1 ? shapes[0] : throw new InvalidOperationException($"Model \"{Name}\" has {shapes.Count} outputs; use ComputeOutputShapes.");
        }
        var shape = inputShape;
        foreach (var layer in Layers)
        {
            shape = SymbolicCall.OutputShapes(layer, [shape])[0];
        }
        return shape;
    }

    /// <inheritdoc/>
    /// <remarks>A Functional model gives its outputs' shapes with the batch size of the first input.</remarks>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (IsSubclassed)
        {
            return SymbolicCall.DryRun(this, inputShapes);
        }
        if (!IsFunctional)
        {
            return base.ComputeOutputShapes(inputShapes);
        }
        int batch = inputShapes.Count > 0 && inputShapes[0].Rank > 0 ? inputShapes[0][0] : -1;
        return [.. _graph!.Outputs.Select(t => t.Shape.Rank > 0 ? t.Shape.WithBatch(batch) : t.Shape)];
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (IsSubclassed)
        {
            BuildByCall(inputShapes);
        }
        else if (_graph is null)
        {
            base.Build(inputShapes);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A Functional model runs its graph; a subclassed model overrides this.</remarks>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (_graph is null)
        {
            throw new NotImplementedException(
                $"Model {GetType().Name} does not implement Call(). A subclassed model overrides Call(Tensor, bool) (or Call(IReadOnlyList<Tensor>, bool)); a Functional model is made with new Model(inputs, outputs).");
        }
        if (_graph.Inputs.Length == 1 && _graph.Outputs.Length == 1)
        {
            return _graph.RunSingle(inputs, training);
        }
        var outputs = CallMany([inputs], training);
        return outputs.Count == 1 ? outputs[0] : throw new InvalidOperationException($"Model \"{Name}\" has {outputs.Count} outputs; use ApplyMany or Predict with several outputs.");
    }

    /// <summary>A Functional model runs its graph on several inputs; other models call their own <c>Call</c>.</summary>
    internal override IReadOnlyList<Tensor> Invoke(IReadOnlyList<Tensor> inputs, bool training) =>
        _graph is null ? base.Invoke(inputs, training) : _graph.Run(inputs, training);
}
