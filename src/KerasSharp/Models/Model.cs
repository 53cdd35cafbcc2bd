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
/// A layer with training and inference features, as Keras' <c>Model</c>: <see cref="Compile"/>, <see cref="Fit"/>,
/// <see cref="Evaluate"/>, <see cref="Predict"/>, <see cref="Summary"/>. Three ways to make one, as in Keras:
/// <see cref="Sequential"/>; the Functional API, <c>new Model(inputs, outputs)</c> over a graph of layers applied to
/// symbolic tensors; or a subclass that overrides <c>Call</c>. Override <see cref="TrainStep"/> to customise what
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

    /// <summary>The generator of <see cref="Fit"/>'s shuffles, seeded when the model is created (see <see cref="Keras.SetRandomSeed"/>).</summary>
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

    /// <summary>The loss given to <see cref="Compile"/>.</summary>
    public Loss? Loss { get; private set; }

    /// <summary>The compiled metrics (after the first batch, <c>"accuracy"</c> is resolved to its concrete class).</summary>
    public IReadOnlyList<Metric> Metrics => _compiledMetrics?.Metrics ?? [];

    /// <summary>Whether <see cref="Compile"/> has been called.</summary>
    public bool IsCompiled => Optimizer is not null;

    /// <summary>Set to true (e.g. by a callback) to end <see cref="Fit"/> after the current batch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>True while <see cref="Fit"/> runs (validation inside fit prints no progress bar).</summary>
    public bool IsInFit { get; internal set; }

    internal CompiledMetrics CompiledMetrics => _compiledMetrics ?? throw NotCompiled();

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
    /// <param name="loss">The loss or its Keras id, e.g. <c>"binary_crossentropy"</c>.</param>
    /// <param name="metrics">Metrics or Keras ids, e.g. <c>["accuracy"]</c>.</param>
    /// <example>
    /// <code>
    /// model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">Fit, Evaluate or TrainOnBatch is running on this model on another thread.</exception>
    public void Compile(Optimizer? optimizer = null, Loss? loss = null, IReadOnlyList<Metric>? metrics = null)
    {
        using var gate = Gate.Enter(this, "Compile");
        var compiled = new CompiledMetrics(metrics);
        Optimizer = optimizer ?? Optimizer.Get("rmsprop");
        Loss = loss;
        _compiledMetrics = compiled;
        bool library = LibraryCode.Is(Optimizer) && LibraryCode.Is(loss);
        foreach (var metric in compiled.Metrics)
        {
            library &= LibraryCode.Is(metric);
        }
        _compiledPartsAreLibraryCode = library;
    }

    internal static InvalidOperationException NotCompiled() => new("You must call Compile() before using the model.");

    internal void EnsureCompiled()
    {
        if (!IsCompiled)
        {
            throw NotCompiled();
        }
        if (Loss is null)
        {
            throw new InvalidOperationException("No loss to compute. Provide a `loss` argument in Compile().");
        }
    }

    /// <summary>Trains the model for a number of epochs (Keras' <c>fit</c>).</summary>
    /// <param name="x">Inputs: <c>float[,]</c>, <c>float[][]</c>, <c>float[,,]</c> images or a <see cref="Tensor"/>, samples on the first axis.</param>
    /// <param name="y">Targets: <c>float[]</c>, <c>int[]</c> class ids, <c>float[,]</c> or a <see cref="Tensor"/>.</param>
    /// <param name="batchSize">Samples per gradient update (default 32).</param>
    /// <param name="epochs">Epoch index to stop at (training runs epochs <paramref name="initialEpoch"/> … epochs − 1).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks (a <see cref="TrainingHistory"/> is always added and returned).</param>
    /// <param name="validationSplit">Fraction in [0, 1) of the data, taken from the end before shuffling, held out for validation.</param>
    /// <param name="validationData">Held-out <c>(x, y)</c> evaluated after each epoch; overrides <paramref name="validationSplit"/>.</param>
    /// <param name="shuffle">Reshuffle the training samples every epoch (with the model's own generator, seeded when the model was created).</param>
    /// <param name="classWeight">Per-class loss weights (class id → weight), turned into sample weights as Keras does.</param>
    /// <param name="sampleWeight">Per-sample loss weights, shape (samples,).</param>
    /// <param name="initialEpoch">Epoch to start from (to resume training).</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    /// <remarks>
    /// Thread safety: one <c>Fit</c> at a time per model. A second <c>Fit</c>, or <see cref="Evaluate"/>,
    /// <see cref="TrainOnBatch"/> or <see cref="Compile"/> on another thread while it runs, fails at once with an
    /// <see cref="InvalidOperationException"/> naming the model and leaves the running <c>Fit</c> undisturbed;
    /// <see cref="Predict"/> keeps working (it reads the weights as the optimizer updates them). A callback may call
    /// <see cref="Evaluate"/> on the thread running <c>Fit</c>, as in Keras.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The model is being trained or evaluated by another call.</exception>
    public TrainingHistory Fit(Tensor x, Tensor y, int? batchSize = null, int epochs = 1, int verbose = 1,
        IReadOnlyList<Callback>? callbacks = null, double validationSplit = 0, (Tensor X, Tensor Y)? validationData = null,
        bool shuffle = true, IReadOnlyDictionary<int, float>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0)
        => Trainer.Fit(this, new FitArguments(x, y, batchSize, epochs, verbose, callbacks, validationSplit, validationData,
            shuffle, classWeight, sampleWeight, initialEpoch));

    /// <summary>Returns the loss and metric values on the given data (Keras' <c>evaluate</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns><c>loss</c> first, then each metric in compile order; <c>var (loss, acc) = model.Evaluate(x, y)</c> works.</returns>
    /// <remarks>
    /// Thread safety: calls from several threads at once take turns on the model's metrics, and each returns its own,
    /// correct values. While <see cref="Fit"/> runs on another thread it fails at once with an
    /// <see cref="InvalidOperationException"/> naming the model.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs Evaluate(Tensor x, Tensor y, int? batchSize = null, int verbose = 1, Tensor? sampleWeight = null, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Evaluate(this, x, y, batchSize, verbose, sampleWeight, callbacks);

    /// <summary>Generates outputs for the inputs, batch by batch, without recording gradients (Keras' <c>predict</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Samples per batch (default 32).</param>
    /// <param name="verbose">0 silent, 1 progress bar (Keras' default), 2 one line.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The outputs; index them directly, e.g. <c>p[0, 0]</c>. The tensor is yours: nothing changes it later.</returns>
    /// <remarks>
    /// Thread safety: safe from any number of threads at once, the first calls on an unbuilt model included (each
    /// layer builds exactly once), and while <see cref="Fit"/> runs (the weights are then those of some recent step).
    /// </remarks>
    public Tensor Predict(Tensor x, int? batchSize = null, int verbose = 1, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Predict(this, x, batchSize, verbose, callbacks);

    /// <summary>Runs one gradient update on one batch (Keras' <c>train_on_batch</c>).</summary>
    /// <param name="x">Input batch.</param>
    /// <param name="y">Target batch.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <returns>The loss and metrics of this batch (computed before the update).</returns>
    /// <remarks>
    /// Thread safety: calls from several threads take turns (each update sees the weights the previous one left); while
    /// <see cref="Fit"/> runs on another thread it fails at once with an <see cref="InvalidOperationException"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Fit is running on this model on another thread.</exception>
    public Logs TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) => Trainer.TrainOnBatch(this, x, y, sampleWeight);

    /// <summary>Outputs for one batch, without progress output.</summary>
    /// <param name="x">Input batch.</param>
    /// <remarks>Thread safety: as <see cref="Predict"/>, safe from any number of threads.</remarks>
    public Tensor PredictOnBatch(Tensor x) => PredictStep(x);

    /// <summary>One training step: forward with <c>training: true</c>, loss, gradients, optimizer update, metrics.</summary>
    /// <param name="x">Input batch.</param>
    /// <param name="y">Target batch.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    /// <returns>The running loss and metrics of the epoch (a logs object the next step refills; clone it to keep it).</returns>
    public virtual Logs TrainStep(Tensor x, Tensor y, Tensor? sampleWeight)
    {
        var trainable = TrainableWeights;
        if (_gradients.Length != trainable.Count)
        {
            _gradients = new Tensor[trainable.Count];
        }
        var gradients = _gradients;
        Tensor yPred, loss;
        using (var tape = GradientTape.RecordStep())
        {
            yPred = Apply(x, training: true);
            loss = ComputeLoss(y, yPred, sampleWeight);
            tape.Gradient(loss, trainable, gradients);
        }
        Optimizer!.Apply(gradients, trainable);
        Array.Clear(gradients);
        CompiledMetrics.Update(y, yPred, loss.Item(), x.Shape[0]);
        return CompiledMetrics.Results();
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

    /// <summary>One prediction step: forward with <c>training: false</c>.</summary>
    /// <param name="x">Input batch.</param>
    public virtual Tensor PredictStep(Tensor x) => Apply(x, training: false);

    /// <summary>The compiled loss plus the layers' regularization penalties (Keras' <c>compute_loss</c>).</summary>
    /// <param name="y">Targets.</param>
    /// <param name="yPred">Predictions.</param>
    /// <param name="sampleWeight">Per-sample weights.</param>
    public virtual Tensor ComputeLoss(Tensor y, Tensor yPred, Tensor? sampleWeight = null)
    {
        var loss = (Loss ?? throw NotCompiled()).Compute(y, yPred, sampleWeight);
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
            shape = layer.ComputeOutputShape(shape);
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
