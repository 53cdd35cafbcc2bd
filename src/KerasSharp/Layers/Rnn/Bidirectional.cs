using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Layers;

/// <summary>
/// Bidirectional wrapper for recurrent layers, Keras' <c>Bidirectional</c>: runs a forward copy of the layer and a
/// backward one (<c>goBackwards: true</c>) on the same sequence and merges their outputs.
/// </summary>
/// <remarks>
/// <para>
/// Both copies are made from the wrapped layer's config, with fresh weights (the wrapped layer itself is not used):
/// the forward one is named <c>forward_{name}</c>, the backward one <c>backward_{name}</c> and processes the sequence
/// last step first. Pass <c>backwardLayer</c> to use your own backward layer instead; it must have
/// <c>goBackwards</c> different from the forward layer's and the same <c>returnSequences</c> and <c>returnState</c>.
/// </para>
/// <para>
/// With <c>returnSequences</c> the backward output is flipped back in time, so that step <c>t</c> of both outputs
/// belongs to input step <c>t</c>. <c>mergeMode</c>: <c>"concat"</c> (default, features side by side), <c>"sum"</c>,
/// <c>"mul"</c>, <c>"ave"</c>, or null for no merge: the layer then returns <c>[forward, backward]</c> (use
/// <c>ApplyMany</c>). With <c>returnState</c> the forward layer's final states follow, then the backward layer's:
/// <c>[output, h_fw, c_fw, h_bw, c_bw]</c> for an LSTM. <c>initialState</c> takes the forward states, then the
/// backward ones.
/// </para>
/// <para>
/// Weights: the forward layer's, then the backward layer's (Keras' order), with paths
/// <c>{name}/forward_{layer}/kernel</c>, … . <c>Bidirectional(LSTM(64))</c> on 128 features has
/// 2 × 4·64·(128 + 64 + 1) = 98,816 parameters.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var model = new Sequential([
///     new Bidirectional(new LSTM(64, returnSequences: true), inputShape: new Shape(5, 10)),   // (None, 5, 128)
///     new Bidirectional(new LSTM(32)),                                                         // (None, 64)
///     new Dense(10),
/// ]);
/// </code>
/// </example>
public sealed class Bidirectional : Wrapper
{
    private readonly Layer[] _sublayers;

    /// <summary>Creates a Bidirectional wrapper.</summary>
    /// <param name="layer">The recurrent layer to copy forward and backward (its own weights are not used).</param>
    /// <param name="mergeMode"><c>"concat"</c> (default), <c>"sum"</c>, <c>"mul"</c>, <c>"ave"</c>, or null to return both outputs.</param>
    /// <param name="backwardLayer">Optional layer for the backward direction (default: a copy of <paramref name="layer"/> with <c>goBackwards: true</c>).</param>
    /// <param name="inputShape">Keras' <c>input_shape</c> <c>(timesteps, features)</c>, for the first layer of a model.</param>
    /// <param name="name">The layer name (default <c>bidirectional</c>, <c>bidirectional_1</c>, …).</param>
    /// <exception cref="ArgumentException">
    /// Unknown merge mode; the two layers have the same <c>goBackwards</c> or different <c>returnSequences</c> or
    /// <c>returnState</c>; or a merge that needs equal outputs gets layers with different <c>units</c>.
    /// </exception>
    public Bidirectional(RecurrentLayer layer, string? mergeMode = "concat", RecurrentLayer? backwardLayer = null,
        Shape? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (mergeMode is not (null or "concat" or "sum" or "mul" or "ave"))
        {
            throw new ArgumentException(
                $"Invalid merge mode. Received: {mergeMode}. Merge mode should be one of {{\"sum\", \"mul\", \"ave\", \"concat\", null}}", nameof(mergeMode));
        }
        MergeMode = mergeMode;
        ForwardLayer = Copy(layer, $"forward_{RemovePrefix(layer.Name, "forward_")}", goBackwards: null);
        BackwardLayer = backwardLayer ?? Copy(layer, $"backward_{RemovePrefix(layer.Name, "backward_")}", goBackwards: true);
        Verify();
        _sublayers = [ForwardLayer, BackwardLayer];
        InputSpec = new InputSpec(ndim: 3);
    }

    /// <summary>The forward layer (a copy of the wrapped layer named <c>forward_{name}</c>).</summary>
    public RecurrentLayer ForwardLayer { get; }

    /// <summary>The backward layer (a copy with <c>goBackwards: true</c> named <c>backward_{name}</c>, or the one given).</summary>
    public RecurrentLayer BackwardLayer { get; }

    /// <summary>How the two outputs are merged: <c>"concat"</c>, <c>"sum"</c>, <c>"mul"</c>, <c>"ave"</c>, or null (not merged).</summary>
    public string? MergeMode { get; }

    /// <summary>Whether every step's output is returned (the wrapped layer's setting).</summary>
    public bool ReturnSequences => ForwardLayer.ReturnSequences;

    /// <summary>Whether the final states of both layers follow the output (the wrapped layer's setting).</summary>
    public bool ReturnState => ForwardLayer.ReturnState;

    /// <inheritdoc/>
    private protected override IReadOnlyList<Layer> WrappedLayers => _sublayers;

    private int OutputCount =>
        (MergeMode is null ? 2 : 1) + (ReturnState ? ForwardLayer.StateCount + BackwardLayer.StateCount : 0);

    private static string RemovePrefix(string name, string prefix) => name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

    /// <summary>A fresh layer from <paramref name="layer"/>'s config with another name (and <c>go_backwards</c>), as Keras makes its copies.</summary>
    private static RecurrentLayer Copy(RecurrentLayer layer, string name, bool? goBackwards)
    {
        var serialized = ObjectRegistry.SerializeLayer(layer);
        var config = (JsonObject)serialized["config"]!;
        config["name"] = name;
        if (goBackwards is bool backwards)
        {
            config["go_backwards"] = backwards;
        }
        return (RecurrentLayer)ObjectRegistry.DeserializeLayer(serialized);
    }

    private void Verify()
    {
        if (ForwardLayer.GoBackwards == BackwardLayer.GoBackwards)
        {
            throw new ArgumentException(
                $"Layer \"{Name}\" (Bidirectional): Forward layer and backward layer should have different `go_backwards` value. Received: " +
                $"forward_layer.go_backwards={ForwardLayer.GoBackwards}, backward_layer.go_backwards={BackwardLayer.GoBackwards}", "layer");
        }
        void Same(string attribute, bool forward, bool backward)
        {
            if (forward != backward)
            {
                throw new ArgumentException(
                    $"Layer \"{Name}\" (Bidirectional): Forward layer and backward layer are expected to have the same value for attribute \"{attribute}\", " +
                    $"got \"{forward}\" for forward layer and \"{backward}\" for backward layer", "backwardLayer");
            }
        }
        Same("return_sequences", ForwardLayer.ReturnSequences, BackwardLayer.ReturnSequences);
        Same("return_state", ForwardLayer.ReturnState, BackwardLayer.ReturnState);
        if (MergeMode is "sum" or "mul" or "ave" && ForwardLayer.Units != BackwardLayer.Units)
        {
            throw new ArgumentException(
                $"Layer \"{Name}\" (Bidirectional) cannot merge with merge_mode=\"{MergeMode}\" outputs of different sizes: the forward layer has " +
                $"units={ForwardLayer.Units}, the backward layer units={BackwardLayer.Units}. Use merge_mode=\"concat\" or null, or equal units.", "backwardLayer");
        }
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        BuildSublayer(ForwardLayer, inputShape);
        BuildSublayer(BackwardLayer, inputShape);
        InputSpec = new InputSpec(ndim: 3, axes: new Dictionary<int, int> { [-1] = inputShape[^1] });
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The layer has several outputs (no merge, or <see cref="ReturnState"/>): use <c>ApplyMany</c>.</exception>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (OutputCount != 1)
        {
            throw SeveralOutputs(OutputCount);
        }
        return Merge(ForwardLayer.Apply(inputs, training), Flip(BackwardLayer.Apply(inputs, training)));
    }

    /// <summary>The sequence (<c>inputs[0]</c>) and optional initial states (forward then backward) in; the merged output (or both) and the states out.</summary>
    /// <param name="inputs">The sequence, then no state or the forward layer's states followed by the backward layer's.</param>
    /// <param name="training">Training mode.</param>
    protected override IReadOnlyList<Tensor> CallMany(IReadOnlyList<Tensor> inputs, bool training)
    {
        var (forwardState, backwardState) = SplitStates(inputs, [.. inputs.Select(t => t.Shape)]);
        var forward = ForwardLayer.ApplyMany(inputs[0], forwardState, training);
        var backward = BackwardLayer.ApplyMany(inputs[0], backwardState, training);
        var y = forward[0];
        var yRev = Flip(backward[0]);
        var outputs = new List<Tensor>(OutputCount);
        if (MergeMode is null)
        {
            outputs.Add(y);
            outputs.Add(yRev);
        }
        else
        {
            outputs.Add(Merge(y, yRev));
        }
        outputs.AddRange(forward.Skip(1));
        outputs.AddRange(backward.Skip(1));
        return outputs;
    }

    /// <summary>
    /// Applies the wrapper to a symbolic sequence starting from the given states: the forward layer's, then the
    /// backward layer's (Keras' <c>initial_state</c>, split in two halves).
    /// </summary>
    /// <param name="inputs">The symbolic sequence <c>(batch, timesteps, features)</c>.</param>
    /// <param name="initialState">The forward layer's states, then the backward layer's, or null for zeros.</param>
    /// <exception cref="ArgumentException">The states do not fit the layers.</exception>
    /// <exception cref="InvalidOperationException">The layer has several outputs: use <see cref="ApplyMany(KerasTensor, IReadOnlyList{KerasTensor})"/>.</exception>
    public KerasTensor Apply(KerasTensor inputs, IReadOnlyList<KerasTensor>? initialState) =>
        OutputCount != 1 ? throw SeveralOutputs(OutputCount) : ApplyMany(inputs, initialState)[0];

    /// <summary>Applies the wrapper to a symbolic sequence starting from the given states and returns all its outputs.</summary>
    /// <param name="inputs">The symbolic sequence.</param>
    /// <param name="initialState">The forward layer's states, then the backward layer's, or null for zeros.</param>
    /// <exception cref="ArgumentException">The states do not fit the layers.</exception>
    public IReadOnlyList<KerasTensor> ApplyMany(KerasTensor inputs, IReadOnlyList<KerasTensor>? initialState)
    {
        var all = RecurrentSupport.WithState(inputs, initialState);
        SplitStates(all, [.. all.Select(t => t.Shape)]);
        return ApplySymbolic(all, RecurrentSupport.StateArguments(all.Length - 1));
    }

    /// <summary>Runs the wrapper on a sequence starting from the given states.</summary>
    /// <param name="inputs">The sequence.</param>
    /// <param name="initialState">The forward layer's states, then the backward layer's, or null for zeros.</param>
    /// <param name="training">Training mode.</param>
    /// <exception cref="ArgumentException">The states do not fit the layers.</exception>
    /// <exception cref="InvalidOperationException">The layer has several outputs: use <see cref="ApplyMany(Tensor, IReadOnlyList{Tensor}, bool)"/>.</exception>
    public Tensor Apply(Tensor inputs, IReadOnlyList<Tensor>? initialState, bool training = false) =>
        OutputCount != 1 ? throw SeveralOutputs(OutputCount) : ApplyMany(inputs, initialState, training)[0];

    /// <summary>Runs the wrapper on a sequence starting from the given states and returns all its outputs.</summary>
    /// <param name="inputs">The sequence.</param>
    /// <param name="initialState">The forward layer's states, then the backward layer's, or null for zeros.</param>
    /// <param name="training">Training mode.</param>
    /// <exception cref="ArgumentException">The states do not fit the layers.</exception>
    public IReadOnlyList<Tensor> ApplyMany(Tensor inputs, IReadOnlyList<Tensor>? initialState, bool training = false)
    {
        var all = RecurrentSupport.WithState(inputs, initialState);
        SplitStates(all, [.. all.Select(t => t.Shape)]);
        return ApplyMany(all, training);
    }

    /// <summary>
    /// Splits the initial states of a call (the inputs after the sequence) into the forward layer's and the backward
    /// layer's, checking each against its layer; null halves when there are none.
    /// </summary>
    private (T[]? Forward, T[]? Backward) SplitStates<T>(IReadOnlyList<T> inputs, IReadOnlyList<Shape> shapes)
    {
        int count = inputs.Count - 1;
        if (count == 0)
        {
            return (null, null);
        }
        int forward = ForwardLayer.StateCount, backward = BackwardLayer.StateCount;
        if (count != forward + backward)
        {
            throw new ArgumentException(
                $"Layer \"{Name}\" (Bidirectional) has {forward + backward} states ({forward} of its forward layer \"{ForwardLayer.Name}\", then {backward} of its " +
                $"backward layer \"{BackwardLayer.Name}\") but was passed {count} initial states. " +
                $"Received: inputs shape {shapes[0]}, initial_state shapes [{string.Join(", ", shapes.Skip(1))}]");
        }
        RecurrentSupport.CheckInitialState(ForwardLayer.Name, ForwardLayer.ClassName, forward, ForwardLayer.Units, [shapes[0], .. shapes.Skip(1).Take(forward)]);
        RecurrentSupport.CheckInitialState(BackwardLayer.Name, BackwardLayer.ClassName, backward, BackwardLayer.Units, [shapes[0], .. shapes.Skip(1 + forward)]);
        return ([.. inputs.Skip(1).Take(forward)], [.. inputs.Skip(1 + forward)]);
    }

    /// <summary>The backward output in input time order (flipped back when it is a sequence), as Keras.</summary>
    private Tensor Flip(Tensor backward) => ReturnSequences ? Ops.Flip(backward, axis: 1) : backward;

    private Tensor Merge(Tensor y, Tensor yRev) => MergeMode switch
    {
        "concat" => Ops.Concatenate([y, yRev], axis: -1),
        "sum" => Ops.Add(y, yRev),
        "ave" => Ops.Divide(Ops.Add(y, yRev), Tensor.Scalar(2f)),
        "mul" => Ops.Multiply(y, yRev),
        _ => throw new InvalidOperationException($"Layer \"{Name}\" (Bidirectional) has no merge mode; it returns both outputs."),
    };

    /// <summary>The output shape (the merged output, or the forward output without a merge).</summary>
    /// <param name="inputShape">The sequence's shape.</param>
    public override Shape ComputeOutputShape(Shape inputShape) => ComputeOutputShapes([inputShape])[0];

    /// <summary>
    /// The shapes of the outputs: the merged output (or the forward and the backward outputs without a merge), then
    /// with <see cref="ReturnState"/> the forward layer's state shapes and the backward layer's.
    /// </summary>
    /// <param name="inputShapes">The sequence's shape, then the initial states' shapes, if any.</param>
    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count == 0)
        {
            throw new ArgumentException($"Layer \"{Name}\" was called without inputs.", nameof(inputShapes));
        }
        var (forwardState, backwardState) = SplitStates(inputShapes, inputShapes);
        var forward = ForwardLayer.ComputeOutputShapes([inputShapes[0], .. forwardState ?? []]);
        var backward = BackwardLayer.ComputeOutputShapes([inputShapes[0], .. backwardState ?? []]);
        var y = forward[0];
        List<Shape> shapes = MergeMode switch
        {
            null => [y, backward[0]],
            "concat" => [y.With(y.Rank - 1, y[^1] + backward[0][^1])],
            _ => [y],
        };
        shapes.AddRange(forward.Skip(1));
        shapes.AddRange(backward.Skip(1));
        return shapes;
    }

    /// <summary>Keras' config: the base keys, <c>merge_mode</c>, <c>layer</c> (the forward layer) and <c>backward_layer</c>.</summary>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["merge_mode"] = MergeMode;
        config["layer"] = ObjectRegistry.SerializeLayer(ForwardLayer);
        config["backward_layer"] = ObjectRegistry.SerializeLayer(BackwardLayer);
        return config;
    }

    /// <summary>Rebuilds the wrapper from its Keras config (see <see cref="GetConfig"/>).</summary>
    /// <param name="config">The config.</param>
    /// <exception cref="ArgumentException">The config has no recurrent <c>layer</c>, or the layers do not fit together.</exception>
    public static Bidirectional FromConfig(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        static RecurrentLayer Recurrent(JsonNode node, string key) => ObjectRegistry.DeserializeLayer(node) as RecurrentLayer
            ?? throw new ArgumentException($"The \"{key}\" of a Bidirectional config must be a recurrent layer (SimpleRNN, LSTM or GRU). Received: {node.ToJsonString()}");
        var layer = config["layer"] is JsonNode node
            ? Recurrent(node, "layer")
            : throw new ArgumentException($"The config of a Bidirectional layer needs its \"layer\". Received: {config.ToJsonString()}");
        var backward = config["backward_layer"] is JsonNode backwardNode ? Recurrent(backwardNode, "backward_layer") : null;
        string? mergeMode = config.ContainsKey("merge_mode") ? LayerConfig.String(config, "merge_mode") : "concat";
        var wrapper = new Bidirectional(layer, mergeMode, backward, LayerConfig.InputShape(config), LayerConfig.Name(config));
        return FinishConfig(wrapper, config);
    }
}
