using System.Buffers;
using KerasSharp.Engine;
using KerasSharp.Layers;

namespace KerasSharp.Models;

/// <summary>
/// The graph of layer calls between a Functional model's inputs and outputs (Keras' <c>Function</c>): found once
/// from the outputs' history, checked (every tensor computable from the inputs, unique layer names), and turned into
/// a plan that runs the nodes in order over an array of slots, one per tensor, so a call needs no dictionary.
/// </summary>
internal sealed class FunctionalGraph
{
    private readonly Step[] _steps;
    private readonly int[] _inputSlots;
    private readonly int[] _outputSlots;
    private readonly int _slotCount;
    // the layers of a graph that is one chain (each node takes the previous node's only output), else null
    private readonly Layer[]? _chain;

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    public FunctionalGraph(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs)
    {
        if (inputs.Count == 0)
        {
            throw new ArgumentException("A Functional model needs at least one input.", nameof(inputs));
        }
        if (outputs.Count == 0)
        {
            throw new ArgumentException("A Functional model needs at least one output.", nameof(outputs));
        }
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        var (ordered, traversal) = BuildMap();
        var nodes = new List<Node>(ordered.Count);
        foreach (var node in ordered)
        {
            if (!node.IsInput)
            {
                nodes.Add(node);
            }
        }
        Nodes = [.. nodes];
        Layers = OrderLayers(ordered, traversal, out var depths);
        NodeDepths = depths;
        CheckComputable();
        CheckUniqueNames();

        var slots = new Dictionary<KerasTensor, int>(ReferenceEqualityComparer.Instance);
        int Slot(KerasTensor t)
        {
            if (!slots.TryGetValue(t, out int s))
            {
                slots[t] = s = slots.Count;
            }
            return s;
        }
        [System.Runtime.CompilerServices.MethodImpl(KerasSharp.Utils.ColdCode.Options)]
        int[] SlotsOf(IReadOnlyList<KerasTensor> tensors)
        {
            var result = new int[tensors.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Slot(tensors[i]);
            }
            return result;
        }
        _inputSlots = SlotsOf(Inputs);
        _steps = new Step[Nodes.Length];
        for (int i = 0; i < _steps.Length; i++)
        {
            _steps[i] = new Step(Nodes[i].Layer, SlotsOf(Nodes[i].Inputs), SlotsOf(Nodes[i].Outputs));
        }
        _outputSlots = SlotsOf(Outputs);
        _slotCount = slots.Count;
        _chain = ChainOf(_steps, _inputSlots, _outputSlots);
    }

    /// <summary>The model's inputs, in order.</summary>
    public KerasTensor[] Inputs { get; }

    /// <summary>The model's outputs, in order.</summary>
    public KerasTensor[] Outputs { get; }

    /// <summary>The nodes to run, in an order where each node's inputs are ready (input nodes excluded).</summary>
    public Node[] Nodes { get; }

    /// <summary>The layers as Keras lists them (<c>model.layers</c>): input layers first, then by depth, shared layers once.</summary>
    public Layer[] Layers { get; }

    /// <summary>
    /// Every node of the model, input nodes included, with its depth (Keras' <c>_nodes_by_depth</c>: 0 for the nodes
    /// that produce outputs, growing towards the inputs). A layer's node not listed here belongs to another model.
    /// </summary>
    public IReadOnlyDictionary<Node, int> NodeDepths { get; }

    /// <summary>Depth-first from the outputs: the nodes from inputs to outputs, and each layer's first traversal index.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private (List<Node> Ordered, Dictionary<Layer, int> Traversal) BuildMap()
    {
        var finished = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var inProgress = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var ordered = new List<Node>();
        var traversal = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        // an explicit stack (deep graphs must not overflow the thread's stack); a tensor pushed a second time, after
        // its node's inputs, marks that node as finished when it comes back
        var stack = new Stack<KerasTensor>();
        var expandedMarks = new Stack<bool>();
        for (int i = Outputs.Length - 1; i >= 0; i--)
        {
            stack.Push(Outputs[i]);
            expandedMarks.Push(false);
        }
        while (stack.Count > 0)
        {
            var tensor = stack.Pop();
            bool expanded = expandedMarks.Pop();
            var node = tensor.Node;
            if (expanded)
            {
                inProgress.Remove(node);
                if (finished.Add(node))
                {
                    ordered.Add(node);
                }
                continue;
            }
            if (finished.Contains(node))
            {
                continue;
            }
            if (!node.IsInput && Array.IndexOf(Inputs, tensor) >= 0)
            {
                // an intermediate tensor given as an input: the graph starts here, its layer is outside the model
                finished.Add(node);
                continue;
            }
            if (!inProgress.Add(node))
            {
                throw new ArgumentException($"Tensor {tensor} from layer '{node.Layer.Name}' is part of a cycle.");
            }
            traversal.TryAdd(node.Layer, traversal.Count);
            stack.Push(tensor);
            expandedMarks.Push(true);
            if (!node.IsInput)
            {
                for (int i = node.Inputs.Count - 1; i >= 0; i--)
                {
                    stack.Push(node.Inputs[i]);
                    expandedMarks.Push(false);
                }
            }
        }
        return (ordered, traversal);
    }

    /// <summary>Keras' order of <c>model.layers</c>: by decreasing depth (distance to the outputs), ties by traversal order.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private Layer[] OrderLayers(List<Node> ordered, Dictionary<Layer, int> traversal, out Dictionary<Node, int> nodeDepth)
    {
        var inGraph = new HashSet<Node>(ordered, ReferenceEqualityComparer.Instance);
        nodeDepth = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var layerDepth = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        for (int i = ordered.Count - 1; i >= 0; i--)
        {
            var node = ordered[i];
            int depth = nodeDepth.GetValueOrDefault(node);
            depth = Math.Max(depth, layerDepth.GetValueOrDefault(node.Layer));
            layerDepth[node.Layer] = depth;
            nodeDepth[node] = depth;
            if (node.IsInput)
            {
                continue;
            }
            foreach (var input in node.Inputs)
            {
                var parent = input.Node;
                if (inGraph.Contains(parent))
                {
                    nodeDepth[parent] = Math.Max(depth + 1, nodeDepth.GetValueOrDefault(parent));
                }
            }
        }
        foreach (var input in Inputs)
        {
            if (input.Node.IsInput && !layerDepth.ContainsKey(input.Layer))
            {
                // an input no output depends on is still one of the model's layers
                layerDepth[input.Layer] = 0;
                traversal[input.Layer] = -1;
            }
        }
        var layers = new Layer[layerDepth.Count];
        layerDepth.Keys.CopyTo(layers, 0);
        int Rank(Layer l) => traversal.TryGetValue(l, out int t) ? t : int.MaxValue;
        Array.Sort(layers, (a, b) => layerDepth[a] != layerDepth[b] ? layerDepth[b].CompareTo(layerDepth[a]) : Rank(a).CompareTo(Rank(b)));
        return layers;
    }

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private void CheckComputable()
    {
        var computable = new HashSet<KerasTensor>(Inputs, ReferenceEqualityComparer.Instance);
        var visited = new List<string>();
        foreach (var node in Nodes)
        {
            foreach (var x in node.Inputs)
            {
                if (!computable.Contains(x))
                {
                    throw new ArgumentException(
                        $"Graph disconnected: cannot find parent for tensor {x} at layer '{node.Layer.Name}'. " +
                        $"The following previous layers were accessed without issue: [{string.Join(", ", visited.Select(v => $"'{v}'"))}]");
                }
            }
            visited.Add(node.Layer.Name);
            foreach (var y in node.Outputs)
            {
                computable.Add(y);
            }
        }
        foreach (var output in Outputs)
        {
            if (!computable.Contains(output))
            {
                throw new ArgumentException($"Graph disconnected: the output {output} cannot be computed from the model's inputs.");
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private void CheckUniqueNames()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var layer in Layers)
        {
            if (!seen.Add(layer.Name))
            {
                int count = Array.FindAll(Layers, l => l.Name == layer.Name).Length;
                throw new ArgumentException($"The name \"{layer.Name}\" is used {count} times in the model. All layer names should be unique.");
            }
        }
    }

    /// <summary>The layers in order when the plan is one chain from the only input to the only output (a Sequential model's graph).</summary>
    private static Layer[]? ChainOf(Step[] steps, int[] inputSlots, int[] outputSlots)
    {
        if (inputSlots.Length != 1 || outputSlots.Length != 1)
        {
            return null;
        }
        int previous = inputSlots[0];
        var layers = new Layer[steps.Length];
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i].In.Length != 1 || steps[i].Out.Length != 1 || steps[i].In[0] != previous)
            {
                return null;
            }
            layers[i] = steps[i].Layer;
            previous = steps[i].Out[0];
        }
        return previous == outputSlots[0] ? layers : null;
    }

    /// <summary>Runs a graph with one input and one output.</summary>
    public Tensor RunSingle(Tensor input, bool training)
    {
        if (_chain is { } chain)
        {
            // one chain: each layer takes the previous output, no slots needed
            var x = input;
            for (int i = 0; i < chain.Length; i++)
            {
                x = chain[i].Apply(x, training);
            }
            return x;
        }
        var slots = ArrayPool<Tensor>.Shared.Rent(_slotCount);
        try
        {
            slots[_inputSlots[0]] = input;
            RunSteps(slots, training);
            return slots[_outputSlots[0]];
        }
        finally
        {
            ArrayPool<Tensor>.Shared.Return(slots, clearArray: true);
        }
    }

    /// <summary>Runs the graph on one tensor per input (in <see cref="Inputs"/> order); returns one per output.</summary>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs, bool training)
    {
        if (inputs.Count != _inputSlots.Length)
        {
            throw new ArgumentException($"The model expects {_inputSlots.Length} input(s), but it received {inputs.Count} input tensors.");
        }
        var slots = ArrayPool<Tensor>.Shared.Rent(_slotCount);
        try
        {
            for (int i = 0; i < _inputSlots.Length; i++)
            {
                slots[_inputSlots[i]] = inputs[i];
            }
            RunSteps(slots, training);
            var result = new Tensor[_outputSlots.Length];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = slots[_outputSlots[i]];
            }
            return result;
        }
        finally
        {
            ArrayPool<Tensor>.Shared.Return(slots, clearArray: true);
        }
    }

    private void RunSteps(Tensor[] slots, bool training)
    {
        foreach (var step in _steps)
        {
            if (step.In.Length == 1 && step.Out.Length == 1)
            {
                slots[step.Out[0]] = step.Layer.Apply(slots[step.In[0]], training);
                continue;
            }
            // the step's own argument array, unless another call of the model (on another thread) holds it
            var args = Interlocked.Exchange(ref step.Arguments, null) ?? new Tensor[step.In.Length];
            try
            {
                for (int i = 0; i < args.Length; i++)
                {
                    args[i] = slots[step.In[i]];
                }
                if (step.Out.Length == 1)
                {
                    slots[step.Out[0]] = step.Layer.Apply(args, training);
                    continue;
                }
                var outputs = step.Layer.ApplyMany(args, training);
                if (outputs.Count != step.Out.Length)
                {
                    throw new InvalidOperationException(
                        $"Layer \"{step.Layer.Name}\" returned {outputs.Count} tensors, but its output shapes said {step.Out.Length}.");
                }
                for (int i = 0; i < outputs.Count; i++)
                {
                    slots[step.Out[i]] = outputs[i];
                }
            }
            finally
            {
                Array.Clear(args);
                step.Arguments = args;
            }
        }
    }

    /// <summary>One node of the plan: its layer and the slots it reads and writes.</summary>
    private sealed record Step(Layer Layer, int[] In, int[] Out)
    {
        /// <summary>A reusable argument list for a call with several inputs (taken while in use).</summary>
        public Tensor[]? Arguments;
    }
}
