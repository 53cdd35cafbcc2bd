using KerasSharp.Saving;
using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// A plain stack of layers, each with one input and one output (Keras' <c>Sequential</c>). The input shape comes
/// from an <see cref="InputLayer"/>/<see cref="Input"/> first, from <c>inputShape:</c>/<c>inputDim:</c> on the first
/// layer, or from the first batch of data.
/// </summary>
/// <example>
/// <code>
/// var model = new Sequential()
///     .Add(new Dense(1, inputDim: 8, activation: "sigmoid"));
/// model.Compile(loss: "binary_crossentropy", optimizer: new SGD(learningRate: 1.0), metrics: ["accuracy"]);
/// model.Fit(trainX, trainY, epochs: 20, batchSize: 5);
/// var p = model.Predict(testX);
/// </code>
/// </example>
public sealed class Sequential : Model
{
    private readonly List<Layer> _layers = [];
    private InputLayer? _inputLayer;
    private InputLayer? _implicitInput;
    // the graph's input and each layer's symbolic output, in order (see BuildGraph)
    private readonly List<KerasTensor> _chain = [];

    /// <summary>Creates a Sequential model.</summary>
    /// <param name="layers">Layers to add, in order.</param>
    /// <param name="name">The name (default <c>sequential</c>, <c>sequential_1</c>, …).</param>
    /// <param name="trainable">Whether its layers are trained.</param>
    public Sequential(IEnumerable<Layer>? layers = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        foreach (var layer in layers ?? [])
        {
            Add(layer);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The input layer, when the model has one (not listed in <see cref="Layers"/>, as in Keras).</summary>
    public InputLayer? InputLayer => _inputLayer;

    /// <summary>Adds a layer on top of the stack and returns the model, so calls can be chained.</summary>
    /// <param name="layer">The layer.</param>
    /// <remarks>
    /// When the model's input shape is known the layer is built at once; if that fails (e.g. its weights would not
    /// fit in memory) the exception propagates and the layer is not added.
    /// </remarks>
    public Sequential Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is InputLayer input)
        {
            if (_inputLayer is not null || _layers.Count > 0)
            {
                throw new ArgumentException($"Sequential model '{Name}' has already been configured to use input shape {InputShape()}. You cannot add a different Input layer to it.");
            }
            _inputLayer = input;
            EnsureBuilt(input.BatchInputShape!.Value);
            return this;
        }
        if (_layers.Any(l => l.Name == layer.Name) || _inputLayer?.Name == layer.Name)
        {
            throw new ArgumentException($"All layers added to a Sequential model should have unique names. Name \"{layer.Name}\" is already the name of a layer in this model. Update the `name` argument to pass a unique name.");
        }
        if (ReferenceEquals(layer, this))
        {
            throw new ArgumentException($"Cannot add Sequential model '{Name}' to itself.");
        }
        _layers.Add(layer);
        WeightsChanged();
        try
        {
            if (Built)
            {
                BuildLayers(_layers.Count - 1);
                BuildGraph();
            }
            else if (_layers.Count == 1 && layer.BatchInputShape is Shape s)
            {
                EnsureBuilt(s);
            }
        }
        catch
        {
            // a layer that cannot be built (e.g. its weights would not fit in memory) is not added
            _layers.RemoveAt(_layers.Count - 1);
            WeightsChanged();
            throw;
        }
        return this;
    }

    /// <summary>Removes the last layer (Keras' <c>pop</c>), e.g. to replace a classifier head.</summary>
    /// <returns>The removed layer.</returns>
    public Layer Pop()
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("There are no layers in the model.");
        }
        var last = _layers[^1];
        _layers.RemoveAt(_layers.Count - 1);
        WeightsChanged();
        if (Built)
        {
            BuildGraph();
        }
        return last;
    }

    /// <summary>The model's input shape (batch axis included), or "?" when not known yet.</summary>
    private string InputShape() => BatchInputShape?.ToString() ?? "?";

    /// <inheritdoc/>
    /// <remarks>Checks each layer's output in turn, so the message names the layer whose output does not fit.</remarks>
    internal override Shape? CheckOutputFits(Shape inputShape)
    {
        Shape? shape = inputShape;
        for (int i = 0; i < _layers.Count && shape is Shape input; i++)
        {
            shape = _layers[i].CheckOutputFits(input);
        }
        return shape;
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        var previous = BatchInputShape;
        BatchInputShape = inputShape;
        try
        {
            BuildLayers(0);
            BuildGraph();
        }
        catch
        {
            BatchInputShape = previous;   // not built: the model has no input shape it was built for
            Graph = null;
            throw;
        }
    }

    /// <summary>
    /// Once the input shape is known, the stack runs as a Functional graph, as in Keras 3: an input (the model's
    /// InputLayer, or one made for the shape) and each layer applied to the previous output, so that
    /// <see cref="Model.Inputs"/>, <see cref="Model.Outputs"/> and every layer's <see cref="Layer.Output"/> exist
    /// (e.g. to build a feature extractor from the model's layers).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private void BuildGraph()
    {
        if (_layers.Count == 0)
        {
            Graph = null;
            _chain.Clear();
            return;
        }
        var shape = BatchInputShape!.Value;
        var input = _inputLayer ?? (_implicitInput is { } made && made.BatchInputShape == shape
            ? made
            : _implicitInput = new InputLayer(new Shape(shape.Dims[1..]), shape[0] > 0 ? shape[0] : null));
        // the chain so far is kept when only layers were added or removed at the end (no layer is applied twice)
        if (_chain.Count == 0 || !ReferenceEquals(_chain[0].Layer, input) || !ChainMatchesLayers())
        {
            _chain.Clear();
            _chain.Add(input);
        }
        if (_chain.Count > _layers.Count + 1)
        {
            _chain.RemoveRange(_layers.Count + 1, _chain.Count - _layers.Count - 1);
        }
        for (int i = _chain.Count - 1; i < _layers.Count; i++)
        {
            _chain.Add(_layers[i].Apply(_chain[^1]));
        }
        Graph = new FunctionalGraph([_chain[0]], [_chain[^1]]);
    }

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private bool ChainMatchesLayers()
    {
        for (int i = 1; i < _chain.Count && i <= _layers.Count; i++)
        {
            if (!ReferenceEquals(_chain[i].Layer, _layers[i - 1]))
            {
                return false;
            }
        }
        return true;
    }

    private void BuildLayers(int from)
    {
        var shape = BatchInputShape!.Value;
        for (int i = 0; i < _layers.Count; i++)
        {
            if (i >= from)
            {
                _layers[i].EnsureBuilt(shape);
            }
            if (!SymbolicCall.DeclaresOutputShape(_layers[i]))
            {
                // a custom layer that does not say its output shape: the graph built next runs it on zeros once to
                // find it, and builds the layers after it for what it returns
                return;
            }
            shape = _layers[i].ComputeOutputShape(shape);
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException($"Sequential model '{Name}' has no layers. Add layers before calling it.");
        }
        var x = _inputLayer is null ? inputs : _inputLayer.Apply(inputs, training);
        if (Graph is { } graph)
        {
            return graph.RunSingle(x, training);
        }
        foreach (var layer in _layers)
        {
            x = layer.Apply(x, training);
        }
        return x;
    }

    /// <inheritdoc/>
    public override JsonObject GetConfig()
    {
        var layers = new JsonArray();
        foreach (var layer in (IEnumerable<Layer>)(_inputLayer is null ? _layers : [_inputLayer, .. _layers]))
        {
            layers.Add(ObjectRegistry.SerializeLayer(layer));
        }
        var config = new JsonObject
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["dtype"] = "float32",
            ["layers"] = layers,
        };
        if (BatchInputShape is Shape s)
        {
            config["build_input_shape"] = LayerConfig.ToJson(s.Dims);
        }
        return config;
    }

    /// <summary>Rebuilds a Sequential model (architecture only, new weights) from its Keras config.</summary>
    /// <param name="config">The config with a <c>layers</c> array of serialized layers.</param>
    public static new Sequential FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layers = config["layers"] as JsonArray ?? throw new ArgumentException($"The config of a Sequential model needs a \"layers\" array. Received: {config.ToJsonString()}");
        var model = new Sequential(name: LayerConfig.Name(config));
        foreach (var node in layers)
        {
            model.Add(ObjectRegistry.DeserializeLayer(node!));
        }
        if (model.BatchInputShape is null && LayerConfig.Dims(config["build_input_shape"]) is int[] dims)
        {
            model.EnsureBuilt(new Shape(dims));
        }
        return LayerConfig.Finish(model, config);
    }
}
