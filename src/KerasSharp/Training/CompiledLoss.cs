using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Utils;

namespace KerasSharp.Training;

/// <summary>
/// The <c>loss</c> and <c>lossWeights</c> of <c>Compile</c> matched to the model's outputs (Keras' <c>CompileLoss</c>):
/// one loss (or none) and one weight (or none) per output, and, when more than one output has a loss, a
/// <c>&lt;output&gt;_loss</c> tracker per output that records its unweighted loss.
/// </summary>
/// <remarks>
/// Matching, as in Keras 3: one loss applies to every output; a list gives one entry per output (null: no loss); a
/// dictionary maps output names to losses (an output left out has no loss). Weights: one number goes with one loss
/// (every output) or a model with one output; a list has one weight per output; a dictionary maps output names to
/// weights (an output left out weighs 1). The total is <c>Σ weight_i · loss_i</c> over the outputs with a loss.
/// </remarks>
internal sealed class CompiledLoss
{
    private readonly Loss?[] _losses;
    private readonly float?[] _weights;
    private readonly int[] _withLoss;
    private readonly Mean?[] _trackers;

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    public CompiledLoss(OutputLosses? loss, LossWeights? weights, IReadOnlyList<string> outputNames)
    {
        Names = [.. outputNames];
        int n = Names.Length;
        _losses = new Loss?[n];
        _weights = new float?[n];
        var given = loss ?? default;
        if (given.Count > 0)
        {
            AssignLosses(given);
        }
        if (weights is { Count: > 0 } w)
        {
            AssignWeights(given, w);
        }
        _withLoss = [.. Enumerable.Range(0, n).Where(i => _losses[i] is not null)];
        _trackers = new Mean?[n];
        if (_withLoss.Length > 1)
        {
            foreach (int i in _withLoss)
            {
                _trackers[i] = new Mean($"{Names[i]}_loss");
            }
        }
        IsLibraryCode = _losses.All(LibraryCode.Is);
    }

    /// <summary>The output names, in output order.</summary>
    public string[] Names { get; }

    /// <summary>The number of outputs.</summary>
    public int Outputs => _losses.Length;

    /// <summary>Whether any output has a loss.</summary>
    public bool HasLoss => _withLoss.Length > 0;

    /// <summary>The loss of output <paramref name="output"/>, or null.</summary>
    public Loss? this[int output] => _losses[output];

    /// <summary>The weight of output <paramref name="output"/>, or null when none was given (the loss is not scaled).</summary>
    public float? Weight(int output) => _weights[output];

    /// <summary>The tracker of output <paramref name="output"/>'s loss (<c>&lt;output&gt;_loss</c>), or null.</summary>
    public Mean? Tracker(int output) => _trackers[output];

    /// <summary>Whether every loss is the library's own code.</summary>
    public bool IsLibraryCode { get; }

    /// <summary>The loss of a model with one output: <c>loss(y, yPred, sampleWeight) · weight</c>.</summary>
    public Tensor Compute(Tensor y, Tensor yPred, Tensor? sampleWeight)
    {
        var loss = _losses[0] ?? throw NoLoss();
        var value = loss.Compute(y, yPred, sampleWeight);
        return _weights[0] is float w ? Ops.Multiply(value, Tensor.Scalar(w)) : value;
    }

    /// <summary>
    /// <c>Σ weight_i · loss_i(y_i, yPred_i, sampleWeight_i)</c> over the outputs with a loss; each output's unweighted
    /// loss goes to its tracker, weighted by the batch size, as Keras records it. Dictionaries are read by output
    /// name, lists by position.
    /// </summary>
    public Tensor Compute(Tensors y, Tensors yPred, Tensors? sampleWeight)
    {
        if (yPred.Count != Outputs)
        {
            throw new InvalidOperationException($"The model returned {yPred.Count} outputs, but it was compiled for {Outputs} ({Python.List(Names)}).");
        }
        Tensor? total = null;
        foreach (int i in _withLoss)
        {
            string name = Names[i];
            var target = y.For(i, name) ?? throw new InvalidOperationException(
                $"No target for output '{name}', which has a loss ('{_losses[i]!.Name}'). Pass an array for it in `y`.");
            var predicted = yPred.For(i, name) ?? throw new InvalidOperationException($"No prediction for output '{name}'.");
            var value = _losses[i]!.Compute(target, predicted, sampleWeight?.For(i, name));
            _trackers[i]?.Update(value.Item(), predicted.Rank > 0 ? predicted.Shape[0] : 1);
            if (_weights[i] is float w)
            {
                value = Ops.Multiply(value, Tensor.Scalar(w));
            }
            total = total is null ? value : Ops.Add(total, value);
        }
        return total ?? throw NoLoss();
    }

    /// <summary>Resets the per-output trackers.</summary>
    public void ResetTrackers()
    {
        foreach (var tracker in _trackers)
        {
            tracker?.ResetState();
        }
    }

    internal static InvalidOperationException NoLoss() => new("No loss to compute. Provide a `loss` argument in Compile().");

    [System.Runtime.CompilerServices.MethodImpl(Utils.ColdCode.Options)]
    private void AssignLosses(OutputLosses given)
    {
        int n = Outputs;
        if (given.IsSingle)
        {
            Array.Fill(_losses, given[0]);
        }
        else if (given.IsDictionary)
        {
            var keys = given.Names!;
            for (int k = 0; k < keys.Count; k++)
            {
                int i = Array.IndexOf(Names, keys[k]);
                if (i < 0)
                {
                    throw new ArgumentException(
                        $"Expected keys {Python.List(Names)} in loss dict, but found loss.keys()={Python.List(keys)}", "loss");
                }
                _losses[i] = given[k];
            }
        }
        else
        {
            if (given.Count != n)
            {
                throw new ArgumentException(
                    $"`loss` has {given.Count} entries, but the model has {n} output{(n == 1 ? "" : "s")} {Python.List(Names)}. " +
                    "Pass one loss per output (null for an output without a loss), one loss for all outputs, or a dictionary by output name.", "loss");
            }
            for (int i = 0; i < n; i++)
            {
                _losses[i] = given[i];
            }
        }
    }

    private void AssignWeights(OutputLosses given, LossWeights weights)
    {
        int n = Outputs;
        if (weights.IsDictionary)
        {
            var keys = weights.Names!;
            for (int k = 0; k < keys.Count; k++)
            {
                int i = Array.IndexOf(Names, keys[k]);
                if (i < 0)
                {
                    throw new ArgumentException(
                        $"Expected keys {Python.List(Names)} in lossWeights dict, but found lossWeights.keys()={Python.List(keys)}", "lossWeights");
                }
                _weights[i] = (float)weights[k];
            }
        }
        else if (weights.IsSingle && (given.IsSingle || n == 1))
        {
            Array.Fill(_weights, (float)weights[0]);
        }
        else if (weights.Count == n && !weights.IsSingle)
        {
            for (int i = 0; i < n; i++)
            {
                _weights[i] = (float)weights[i];
            }
        }
        else
        {
            throw new ArgumentException(
                $"`lossWeights` must match the number of losses, got {n} losses and {weights.Count} weights. " +
                $"Pass one weight per output {Python.List(Names)}, or a dictionary by output name.", "lossWeights");
        }
    }
}
