using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Regularizers;

namespace KerasSharp.Layers;

/// <summary>
/// The base of every layer, as Keras' <c>Layer</c>: weights are created on first use in <see cref="Build(Shape)"/> (so users
/// never pass input sizes), computation happens in <see cref="Call(Tensor, bool)"/>, and <see cref="Apply(Tensor, bool)"/> checks the input,
/// builds once and calls. Subclass it to write a custom layer from <see cref="Ops"/>; gradients come for free.
/// </summary>
/// <example>
/// <code>
/// sealed class Scale : Layer
/// {
///     private Variable? _w;
///     protected override void Build(Shape inputShape) => _w = AddWeight("w", new Shape(inputShape[^1]), "ones");
///     protected override Tensor Call(Tensor inputs, bool training) => inputs * _w!;
/// }
/// </code>
/// </example>
public abstract partial class Layer
{
    private readonly List<Variable> _variables = [];
    private readonly Dictionary<Variable, Regularizer> _regularizers = [];
    private readonly Lock _buildLock = new();
    private readonly List<Node> _inboundNodes = [];
    private readonly CallForms _forms;
    private volatile bool _built;
    private bool _trainable;

    /// <summary>Creates a layer.</summary>
    /// <param name="name">The name; by default the snake_case class name made unique in the session (<c>dense</c>, <c>dense_1</c>, …).</param>
    /// <param name="trainable">Whether its weights are trained.</param>
    /// <param name="inputShape">Keras' <c>input_shape</c>: the shape of one sample (no batch axis), for the first layer of a model.</param>
    /// <param name="inputDim">Keras' <c>input_dim</c>: shorthand for <c>inputShape: [inputDim]</c>.</param>
    protected Layer(string? name = null, bool trainable = true, Shape? inputShape = null, int? inputDim = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A layer name cannot be empty.", nameof(name));
        }
        Name = name ?? Keras.UniqueName(DefaultNamePrefix);
        _trainable = trainable;
        _forms = CallForms.Of(GetType());
        CreationIndex = TrackedLayers.NextCreationIndex();
        if (!Utils.LibraryCode.Is(this) && (_forms.Single || _forms.List || _forms.Many))
        {
            _tracked = new TrackedLayers(recordsCalls: true);   // a user-defined layer records the layers its call applies
        }
        if (inputShape is Shape s && inputDim is int d && (s.Rank != 1 || s[0] != d))
        {
            throw new ArgumentException($"Layer \"{Name}\" received both inputShape={s} and inputDim={d}, which disagree.");
        }
        if (inputDim is int dim)
        {
            if (dim <= 0)
            {
                throw new ArgumentException($"Received an invalid value for `inputDim` of layer \"{Name}\", expected a positive integer. Received: inputDim={dim}");
            }
            BatchInputShape = new Shape(-1, dim);
        }
        else if (inputShape is Shape shape)
        {
            BatchInputShape = shape.Prepend(-1);
        }
    }

    /// <summary>The snake_case prefix for auto-naming (the class name by default, e.g. <c>batch_normalization</c>).</summary>
    protected virtual string DefaultNamePrefix => Keras.ToSnakeCase(GetType().Name);

    /// <summary>The layer's name, unique in a model.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the layer's weights are trained. Setting it to false freezes the layer: its weights move to
    /// <see cref="NonTrainableWeights"/> and optimizers leave them unchanged. As in Keras it is set recursively: on
    /// a model or a layer holding layers it sets every sub-layer's flag too.
    /// </summary>
    public virtual bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            Interlocked.Increment(ref s_weightsVersion);
            // as Keras, recursively: freezing a model or a layer holding layers freezes them
            var layers = SubLayers;
            for (int i = 0; i < layers.Count; i++)
            {
                layers[i].Trainable = value;
            }
        }
    }

    private static int s_weightsVersion;

    /// <summary>
    /// Changes whenever any layer's set of weights or trainable flag changes (a weight added, a layer frozen or
    /// unfrozen, a layer added to or removed from a model), so models can cache their weight lists.
    /// </summary>
    internal static int WeightsVersion => Volatile.Read(ref s_weightsVersion);

    /// <summary>Marks every cached weight list out of date.</summary>
    internal static void WeightsChanged() => Interlocked.Increment(ref s_weightsVersion);

    /// <summary>
    /// Whether calling the layer runs only KerasSharp's own code: its class, activations and regularizers are the
    /// library's (see <see cref="Utils.LibraryCode"/>). Layers holding other pluggable objects extend it.
    /// </summary>
    internal virtual bool RunsOnlyLibraryCode
    {
        get
        {
            if (!Utils.LibraryCode.Is(this))
            {
                return false;
            }
            foreach (var regularizer in _regularizers.Values)
            {
                if (!Utils.LibraryCode.Is(regularizer))
                {
                    return false;
                }
            }
            var layers = SubLayers;
            for (int i = 0; i < layers.Count; i++)
            {
                if (!layers[i].RunsOnlyLibraryCode)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Whether any weight of this layer or of its sub-layers has a regularizer (so penalties must be added to the loss).</summary>
    internal bool HasRegularizers
    {
        get
        {
            if (_regularizers.Count > 0)
            {
                return true;
            }
            var layers = SubLayers;
            for (int i = 0; i < layers.Count; i++)
            {
                if (layers[i].HasRegularizers)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Whether <see cref="Build(Shape)"/> has run (weights exist).</summary>
    public bool Built => _built;

    /// <summary>The input shape including the batch axis (batch = -1, i.e. None), when known.</summary>
    public Shape? BatchInputShape { get; protected set; }

    /// <summary>The output shape including the batch axis, once built.</summary>
    public virtual Shape? OutputShape => BatchInputShape is Shape s && Built ? ComputeOutputShape(s) : (Shape?)null;

    /// <summary>What the layer accepts; checked on every call.</summary>
    protected InputSpec? InputSpec { get; set; }

    /// <summary>
    /// All weights, as Keras orders <c>layer.weights</c>: the layer's own (trainable first, then non-trainable), then
    /// each sub-layer's in turn (see <see cref="Track"/>), each weight once.
    /// </summary>
    public virtual IReadOnlyList<Variable> Weights => WithSubLayers([.. OwnTrainableWeights(), .. OwnNonTrainableWeights()], static l => l.Weights);

    /// <summary>The weights optimizers update, the sub-layers' included (none when the layer is frozen).</summary>
    public virtual IReadOnlyList<Variable> TrainableWeights => Trainable ? WithSubLayers(OwnTrainableWeights(), static l => l.TrainableWeights) : [];

    /// <summary>The weights optimizers leave alone, the sub-layers' included (all of them when the layer is frozen).</summary>
    public virtual IReadOnlyList<Variable> NonTrainableWeights => Trainable ? WithSubLayers(OwnNonTrainableWeights(), static l => l.NonTrainableWeights) : Weights;

    /// <summary>
    /// The shapes the layer was built for (one per input; null before the build), which a saved model records as the
    /// layer's <c>build_config</c>.
    /// </summary>
    internal IReadOnlyList<Shape>? BuildShapes { get; private set; }

    /// <summary>
    /// The layer's own variables as Keras saves them (<c>save_own_variables</c>): those created trainable, then the
    /// others, each group in creation order, whatever the layer's <see cref="Trainable"/> flag is now; the
    /// sub-layers' are not included.
    /// </summary>
    internal IReadOnlyList<Variable> OwnVariables => [.. _variables.Where(v => v.Trainable), .. _variables.Where(v => !v.Trainable)];

    private List<Variable> OwnTrainableWeights() => Trainable ? _variables.Where(v => v.Trainable).ToList() : [];

    private List<Variable> OwnNonTrainableWeights() => Trainable ? _variables.Where(v => !v.Trainable).ToList() : [.. _variables];

    private List<Variable> WithSubLayers(List<Variable> own, Func<Layer, IReadOnlyList<Variable>> select) =>
        SubLayers is { Count: > 0 } layers ? TrackedLayers.Append(own, layers, select) : own;

    /// <summary>Runs the layer: checks the input against <see cref="InputSpec"/>, builds on first use, then calls <see cref="Call(Tensor, bool)"/>.</summary>
    /// <param name="inputs">The input batch.</param>
    /// <param name="training">Training mode (dropout active, batch statistics, …).</param>
    public Tensor Apply(Tensor inputs, bool training = false)
    {
        using var call = TrackedLayers.Enter(this);
        return call.Completed(ApplyEager(inputs, training));
    }

    private Tensor ApplyEager(Tensor inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        InputSpec?.Check(Name, inputs.Shape);
        if (!Built)
        {
            CheckOutputFits(inputs.Shape);
            EnsureBuilt(inputs.Shape.Rank > 0 ? inputs.Shape.WithBatch(-1) : inputs.Shape);
            InputSpec?.Check(Name, inputs.Shape);   // Build may have set a stricter spec
        }
        // engine errors raised during the call (e.g. an output too large to allocate) name this layer
        var outer = LayerContext.Enter(Name);
        try
        {
            return _forms.Single || !(_forms.List || _forms.Many) ? Call(inputs, training) : SingleOutput(Invoke([inputs], training));
        }
        finally
        {
            LayerContext.Exit(outer);
        }
    }

    /// <summary>Runs a layer that takes several tensors (a merge layer, a custom layer) and returns one.</summary>
    /// <param name="inputs">The input batches, in the order the layer expects.</param>
    /// <param name="training">Training mode.</param>
    public Tensor Apply(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        using var call = TrackedLayers.Enter(this);
        return call.Completed(ApplyListEager(inputs, training));
    }

    private Tensor ApplyListEager(IReadOnlyList<Tensor> inputs, bool training)
    {
        PrepareCall(inputs);
        var outer = LayerContext.Enter(Name);
        try
        {
            // a layer with the list form returns its one tensor without a list around it (no allocation per call)
            return _forms.List && !_forms.Many ? Call(inputs, training) : SingleOutput(Invoke(inputs, training));
        }
        finally
        {
            LayerContext.Exit(outer);
        }
    }

    /// <summary>Runs the layer and returns all its outputs (e.g. an RNN's output and states with <c>returnState</c>).</summary>
    /// <param name="inputs">The input batch.</param>
    /// <param name="training">Training mode.</param>
    public IReadOnlyList<Tensor> ApplyMany(Tensor inputs, bool training = false) => ApplyMany([inputs], training);

    /// <summary>Runs the layer on several tensors and returns all its outputs.</summary>
    /// <param name="inputs">The input batches, in the order the layer expects.</param>
    /// <param name="training">Training mode.</param>
    public IReadOnlyList<Tensor> ApplyMany(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        using var call = TrackedLayers.Enter(this);
        return call.Completed(ApplyManyEager(inputs, training));
    }

    private IReadOnlyList<Tensor> ApplyManyEager(IReadOnlyList<Tensor> inputs, bool training)
    {
        PrepareCall(inputs);
        var outer = LayerContext.Enter(Name);
        try
        {
            return Invoke(inputs, training);
        }
        finally
        {
            LayerContext.Exit(outer);
        }
    }

    /// <summary>Checks the inputs of an eager call and builds the layer on first use; allocates nothing once built.</summary>
    private void PrepareCall(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentNullException(nameof(inputs), $"Input {i} of layer \"{Name}\" is null.");
            }
        }
        if (Built && inputs.Count > 0 && AcceptsInputCount(inputs.Count))
        {
            InputSpec?.Check(Name, inputs[0].Shape);
            return;
        }
        var shapes = new Shape[inputs.Count];
        for (int i = 0; i < shapes.Length; i++)
        {
            shapes[i] = inputs[i].Shape;
        }
        CheckInputs(shapes);
        if (!Built)
        {
            EnsureBuilt(Array.ConvertAll(shapes, s => s.Rank > 0 ? s.WithBatch(-1) : s));
        }
    }

    /// <summary>Whether the layer takes this many inputs in one call (any positive number by default; merge layers say).</summary>
    internal virtual bool AcceptsInputCount(int count) => count > 0;

    /// <summary>
    /// Applies the layer to a symbolic tensor (Keras' Functional API): records a <see cref="Node"/> instead of
    /// computing, builds the layer if needed and returns its output as a new symbolic tensor. A wrong wiring fails
    /// here, with the layer's message.
    /// </summary>
    /// <param name="inputs">The symbolic input, e.g. <c>new Input(shape: [784])</c> or another layer's output.</param>
    /// <exception cref="ArgumentException">The input does not fit the layer.</exception>
    public KerasTensor Apply(KerasTensor inputs) => SingleOutput(SymbolicCall.Apply(this, [inputs], NodeArguments.Single));

    /// <summary>Applies a layer that takes several tensors (a merge layer) to symbolic tensors.</summary>
    /// <param name="inputs">The symbolic inputs, e.g. <c>[x, y]</c>.</param>
    public KerasTensor Apply(IReadOnlyList<KerasTensor> inputs) =>
        SingleOutput(SymbolicCall.Apply(this, inputs, NodeArguments.List(inputs?.Count ?? 0)));

    /// <summary>
    /// Applies the layer to a symbolic tensor and returns all its outputs, e.g.
    /// <c>var (output, h, c) = new LSTM(64, returnState: true).ApplyMany(x);</c>.
    /// </summary>
    /// <param name="inputs">The symbolic input.</param>
    public IReadOnlyList<KerasTensor> ApplyMany(KerasTensor inputs) => SymbolicCall.Apply(this, [inputs], NodeArguments.Single);

    /// <summary>Applies the layer to several symbolic tensors and returns all its outputs.</summary>
    /// <param name="inputs">The symbolic inputs.</param>
    public IReadOnlyList<KerasTensor> ApplyMany(IReadOnlyList<KerasTensor> inputs) =>
        SymbolicCall.Apply(this, inputs, NodeArguments.List(inputs?.Count ?? 0));

    /// <summary>Applies the layer symbolically with keyword tensor arguments (an RNN's <c>initial_state</c>, …).</summary>
    private protected IReadOnlyList<KerasTensor> ApplySymbolic(IReadOnlyList<KerasTensor> inputs, NodeArguments arguments) =>
        SymbolicCall.Apply(this, inputs, arguments);

    /// <summary>Checks the shapes of a call's inputs against <see cref="InputSpec"/> (the first input's, when there are several).</summary>
    internal virtual void CheckInputs(IReadOnlyList<Shape> shapes)
    {
        if (shapes.Count == 0)
        {
            throw new ArgumentException($"Layer \"{Name}\" was called without inputs.");
        }
        InputSpec?.Check(Name, shapes[0]);
    }

    /// <summary>Runs whichever call form the layer implements on <paramref name="inputs"/> (inside the layer's context).</summary>
    internal virtual IReadOnlyList<Tensor> Invoke(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (_forms.Many)
        {
            return CallMany(inputs, training) ?? throw new InvalidOperationException($"Layer \"{Name}\" returned null from CallMany.");
        }
        if (_forms.List)
        {
            return [Call(inputs, training)];
        }
        return [Call(OneInput(inputs), training)];
    }

    private Tensor OneInput(IReadOnlyList<Tensor> inputs) => inputs.Count == 1
        ? inputs[0]
        : throw new ArgumentException(
            $"Layer \"{Name}\" ({ClassName}) expects 1 input, but it received {inputs.Count} input tensors. Inputs received: [{string.Join(", ", inputs.Select(t => t.Shape.ToString()))}]");

    private T SingleOutput<T>(IReadOnlyList<T> outputs) => outputs.Count == 1 ? outputs[0] : throw SeveralOutputs(outputs.Count);

    /// <summary>The error for asking a single output of a call that returns <paramref name="count"/> tensors.</summary>
    private protected InvalidOperationException SeveralOutputs(int count) => new(
        $"Layer \"{Name}\" ({ClassName}) returns {count} tensors; use ApplyMany(...) to get them all, e.g. var (a, b) = layer.ApplyMany(x).");

    /// <summary>The calls of this layer on symbolic tensors, in order (Keras' <c>_inbound_nodes</c>).</summary>
    public IReadOnlyList<Node> InboundNodes
    {
        get
        {
            lock (_inboundNodes)
            {
                return [.. _inboundNodes];
            }
        }
    }

    /// <summary>Records a node of this layer and returns it (its index is the number of earlier calls).</summary>
    internal Node AddNode(IReadOnlyList<KerasTensor> inputs, NodeArguments arguments, IReadOnlyList<Shape> outputShapes)
    {
        lock (_inboundNodes)
        {
            var node = new Node(this, _inboundNodes.Count, inputs, arguments, outputShapes);
            _inboundNodes.Add(node);
            return node;
        }
    }

    private Node FirstNode(string what)
    {
        lock (_inboundNodes)
        {
            return _inboundNodes.Count > 0
                ? _inboundNodes[0]
                : throw new InvalidOperationException($"The layer {Name} has never been called and thus has no defined {what}.");
        }
    }

    /// <summary>The symbolic input of the first call of this layer (Keras' <c>layer.input</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer was never applied to a symbolic tensor, or took several inputs (see <see cref="InboundNodes"/>).</exception>
    public KerasTensor Input
    {
        get
        {
            var node = FirstNode("input");
            return node.IsInput ? node.Outputs[0] : SingleOutput(node.Inputs);
        }
    }

    /// <summary>The symbolic output of the first call of this layer (Keras' <c>layer.output</c>).</summary>
    /// <exception cref="InvalidOperationException">The layer was never applied to a symbolic tensor, or has several outputs.</exception>
    public KerasTensor Output => SingleOutput(FirstNode("output").Outputs);

    /// <summary>Builds the layer for an input shape (batch axis included, -1 for None) if it is not built yet.</summary>
    /// <remarks>
    /// Safe to call from several threads at once (the first calls of a model from many threads): the layer builds
    /// exactly once, and every caller returns only after the weights exist.
    /// </remarks>
    /// <param name="inputShape">The input shape.</param>
    public void EnsureBuilt(Shape inputShape)
    {
        if (!_built)
        {
            BuildOnce([inputShape], several: false);
        }
    }

    /// <summary>Builds the layer for the shapes of several inputs (batch axes included) if it is not built yet.</summary>
    /// <param name="inputShapes">One shape per input.</param>
    public void EnsureBuilt(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count == 1)
        {
            EnsureBuilt(inputShapes[0]);
        }
        else if (!_built)
        {
            BuildOnce(inputShapes, several: true);
        }
    }

    /// <summary>
    /// Runs <see cref="Build(Shape)"/> (or the several-input <see cref="Build(IReadOnlyList{Shape})"/>) once, under
    /// the build lock, with the step arena suspended; a failed build leaves the layer unbuilt and without new weights.
    /// </summary>
    private void BuildOnce(IReadOnlyList<Shape> inputShapes, bool several)
    {
        lock (_buildLock)
        {
            if (_built)
            {
                return;
            }
            if (!several)
            {
                InputSpec?.Check(Name, inputShapes[0]);
            }
            int variables = _variables.Count;
            var outer = LayerContext.Enter(Name);
            var call = TrackedLayers.Enter(this);   // layers built inside Build are this layer's
            try
            {
                // Weights and anything else built here outlive the current step, so they never come from the step arena.
                using (TensorArena.Suspend())
                {
                    if (several)
                    {
                        Build(inputShapes);
                    }
                    else
                    {
                        Build(inputShapes[0]);
                    }
                }
            }
            catch
            {
                // A failed build leaves no weights behind: the layer stays unbuilt and can be built again.
                RemoveWeightsFrom(variables);
                throw;
            }
            finally
            {
                call.Dispose();
                LayerContext.Exit(outer);
            }
            if (inputShapes.Count > 0)
            {
                BatchInputShape ??= inputShapes[0];
            }
            BuildShapes = several ? [.. inputShapes] : [inputShapes[0]];
            _built = true;
        }
    }

    /// <summary>
    /// Before the first call builds the layer: throws when the output for <paramref name="inputShape"/> could not be
    /// allocated, so that no weight is created (and initialised, which for a huge kernel takes long) for a call that
    /// must fail. Only KerasSharp's own layers are asked for their output shape before they are built.
    /// </summary>
    /// <param name="inputShape">The actual input shape, batch included.</param>
    /// <returns>The output shape, or null when it is not known before the build.</returns>
    internal virtual Shape? CheckOutputFits(Shape inputShape)
    {
        if (GetType().Assembly != typeof(Layer).Assembly)
        {
            return null;
        }
        Shape output;
        try
        {
            output = ComputeOutputShape(inputShape);
        }
        catch (Exception)
        {
            // whatever is wrong with the input for this layer, its build or call reports it in its own words
            return null;
        }
        if (output.IsFullyDefined && output.ElementCount > MemoryLimits.MaxElements)
        {
            throw MemoryLimits.TooLarge(output, Name);
        }
        return output;
    }

    private void RemoveWeightsFrom(int count)
    {
        if (_variables.Count == count)
        {
            return;
        }
        for (int i = count; i < _variables.Count; i++)
        {
            _regularizers.Remove(_variables[i]);
        }
        _variables.RemoveRange(count, _variables.Count - count);
        WeightsChanged();
    }

    /// <summary>Creates the layer's weights for an input shape (override point; call <see cref="AddWeight"/>).</summary>
    /// <param name="inputShape">The input shape, batch axis included (-1 for None).</param>
    protected virtual void Build(Shape inputShape)
    {
    }

    /// <summary>Creates the weights of a layer that takes several inputs (override point; the default builds for one input).</summary>
    /// <param name="inputShapes">One shape per input, batch axes included.</param>
    protected virtual void Build(IReadOnlyList<Shape> inputShapes) => Build(inputShapes[0]);

    /// <summary>
    /// The layer's computation on one tensor, written with <see cref="Ops"/> (the override point of most layers; a
    /// layer taking several tensors overrides <see cref="Call(IReadOnlyList{Tensor}, bool)"/> or
    /// <see cref="CallMany"/> instead).
    /// </summary>
    /// <param name="inputs">The input batch.</param>
    /// <param name="training">Training mode.</param>
    protected virtual Tensor Call(Tensor inputs, bool training) =>
        throw new NotImplementedException($"Layer {GetType().Name} does not implement Call(). Override Call(Tensor, bool), Call(IReadOnlyList<Tensor>, bool) or CallMany.");

    /// <summary>The computation of a layer that takes several tensors and returns one (override point, e.g. merge layers).</summary>
    /// <param name="inputs">The input batches, in call order.</param>
    /// <param name="training">Training mode.</param>
    protected virtual Tensor Call(IReadOnlyList<Tensor> inputs, bool training) =>
        _forms.Many ? SingleOutput(CallMany(inputs, training)) : Call(OneInput(inputs), training);

    /// <summary>The computation of a layer that returns several tensors (override point, e.g. an RNN with <c>returnState</c>).</summary>
    /// <param name="inputs">The input batches, in call order.</param>
    /// <param name="training">Training mode.</param>
    protected virtual IReadOnlyList<Tensor> CallMany(IReadOnlyList<Tensor> inputs, bool training) =>
        _forms.List ? [Call(inputs, training)] : [Call(OneInput(inputs), training)];

    /// <summary>
    /// A dimension computed from an input shape, or an <see cref="ArgumentException"/> naming the layer when it is more
    /// than a dimension can be (<see cref="int.MaxValue"/>).
    /// </summary>
    /// <param name="value">The dimension, computed in 64 bits.</param>
    /// <param name="inputShape">The input shape it comes from.</param>
    /// <param name="what">What it is, e.g. <c>the flattened size of a sample</c>.</param>
    private protected int Dimension(long value, Shape inputShape, string what) => value <= int.MaxValue
        ? (int)value
        : throw new ArgumentException(
            $"Layer \"{Name}\" cannot handle an input of shape {inputShape}: {what} is {value}, more than the largest dimension a tensor can have ({int.MaxValue}).");

    /// <summary>The output shape for an input shape (batch axis included). The default keeps the shape.</summary>
    /// <param name="inputShape">The input shape.</param>
    public virtual Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <summary>The output shapes for the shapes of several inputs (override point for layers with several inputs or outputs).</summary>
    /// <param name="inputShapes">One shape per input, batch axes included.</param>
    /// <exception cref="ArgumentException">The layer takes one input and received several.</exception>
    public virtual IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        return inputShapes.Count == 1
            ? [ComputeOutputShape(inputShapes[0])]
            : throw new ArgumentException($"Layer \"{Name}\" ({ClassName}) expects 1 input, but it received {inputShapes.Count} input tensors.");
    }

    /// <summary>
    /// Creates a weight, like Keras' <c>add_weight</c>. Its path is <c>{layer name}/{name}</c>, under the names of the
    /// wrappers building the layer (<c>bidirectional/forward_lstm/kernel</c>).
    /// </summary>
    /// <param name="name">The weight's name, e.g. <c>kernel</c>.</param>
    /// <param name="shape">Its shape.</param>
    /// <param name="initializer">
    /// How to initialise it. Without one, a new <see cref="GlorotUniform"/> (Keras' default) is made here, drawing its
    /// seed from the global stream when the layer is built; layers that are built lazily on other threads create
    /// their initializers in the constructor instead, as the built-in layers do.
    /// </param>
    /// <param name="regularizer">An optional penalty added to the training loss.</param>
    /// <param name="trainable">False for state such as moving averages.</param>
    /// <exception cref="InvalidOperationException">The weight needs more memory than the process can use (checked before allocating).</exception>
    protected Variable AddWeight(string name, Shape shape, Initializer? initializer = null, Regularizer? regularizer = null, bool trainable = true)
    {
        string path = WeightScope.Path(Name, name);
        MemoryLimits.EnsureWeight(Name, path, shape);
        Saving.LoadBudget.Claim(Name, path, shape);
        var value = Saving.LoadBudget.InitializersSkipped ? Tensor.Zeros(shape) : (initializer ?? new GlorotUniform()).Call(shape);
        var v = new Variable(value, name, trainable, path);
        _variables.Add(v);
        WeightsChanged();
        if (regularizer is not null)
        {
            _regularizers[v] = regularizer;
        }
        return v;
    }

    /// <summary>The regularization penalties of this layer's trainable weights, then its sub-layers' (Keras' <c>layer.losses</c>).</summary>
    public IEnumerable<Tensor> RegularizationLosses()
    {
        if (!Trainable)
        {
            yield break;
        }
        foreach (var v in _variables)
        {
            if (v.Trainable && _regularizers.TryGetValue(v, out var r))
            {
                yield return r.Call(v.Value);
            }
        }
        foreach (var layer in SubLayers)
        {
            foreach (var penalty in layer.RegularizationLosses())
            {
                yield return penalty;
            }
        }
    }

    /// <summary>Copies of the weights' values, in <see cref="Weights"/> order (Keras' <c>get_weights()</c>).</summary>
    public Tensor[] GetWeights() => Weights.Select(v => Tensor.FromArray(v.Value.ToArray(), v.Shape.ToArray())).ToArray();

    /// <summary>Sets the weights' values, in <see cref="Weights"/> order (Keras' <c>set_weights()</c>).</summary>
    /// <param name="weights">One tensor per weight, with matching shapes.</param>
    /// <exception cref="ArgumentException">
    /// The list has the wrong length, an entry is null or has the wrong shape; nothing is assigned then.
    /// </exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var own = Weights;
        if (own.Count != weights.Count)
        {
            throw new ArgumentException(
                $"You called SetWeights(weights) on layer \"{Name}\" with a weight list of length {weights.Count}, but the layer was expecting {own.Count} weights.",
                nameof(weights));
        }
        for (int i = 0; i < own.Count; i++)
        {
            if (weights[i] is null)
            {
                throw new ArgumentException(
                    $"You called SetWeights(weights) on layer \"{Name}\" with a null entry at index {i}, where the layer expects a tensor of shape {own[i].Shape} for weight '{own[i].Path}'.",
                    nameof(weights));
            }
            if (own[i].Shape != weights[i].Shape)
            {
                throw new ArgumentException(
                    $"Layer {Name} weight shape {own[i].Shape} is not compatible with provided weight shape {weights[i].Shape} (index {i} of the weight list, weight '{own[i].Path}').",
                    nameof(weights));
            }
        }
        for (int i = 0; i < own.Count; i++)
        {
            own[i].Assign(weights[i]);
        }
    }

    /// <summary>Number of scalars in all weights.</summary>
    public long CountParams()
    {
        long n = 0;
        foreach (var v in Weights)
        {
            n += v.Value.Size;
        }
        return n;
    }

    /// <summary>The layer's configuration with Keras' snake_case keys (base keys: name, trainable, dtype).</summary>
    public virtual JsonObject GetConfig()
    {
        var config = new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["dtype"] = "float32",
        };
        if (BatchInputShape is Shape s && this is not InputLayer)
        {
            config["batch_input_shape"] = ShapeToJson(s);
        }
        return config;
    }

    /// <summary>A shape as a JSON array with null for unknown dimensions.</summary>
    protected static JsonArray ShapeToJson(Shape shape) => Saving.LayerConfig.ToJson(shape.Dims);

    /// <summary>The class name as Keras writes it in configs and summaries.</summary>
    public virtual string ClassName => GetType().Name;

    /// <inheritdoc/>
    public override string ToString() => $"<{ClassName} name={Name}, built={Built}>";
}
