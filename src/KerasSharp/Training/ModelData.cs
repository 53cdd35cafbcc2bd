using System.Globalization;
using KerasSharp.Engine;
using KerasSharp.Models;
using KerasSharp.Utils;

namespace KerasSharp.Training;

/// <summary>
/// The arrays of one call of Fit, Evaluate, Predict or TrainOnBatch, matched to the model: one input array per model
/// input (a list by position, a dictionary by input name), one target per output (null for an output that needs
/// none) and one sample weight per output. Made once per call, checked with Keras' rules and wording (structure,
/// empty arrays, cardinality, <c>_adjust_input_rank</c>), then cut into batches.
/// </summary>
internal sealed class ModelData
{
    private readonly string[]? _inputNames;
    private readonly string[]? _outputNames;
    // a batch's arrays, refilled by every step when the step's tensors are the library's alone (see Batch)
    private Tensor?[]? _xBatch, _yBatch, _swBatch;

    private ModelData(Tensor[] x, string[] xLabels, Tensor?[]? y, string[]? yLabels, Tensor?[]? sampleWeight, string[]? inputNames, string[]? outputNames)
    {
        X = x;
        XLabels = xLabels;
        Y = y;
        YLabels = yLabels;
        SampleWeight = sampleWeight;
        _inputNames = inputNames;
        _outputNames = outputNames;
    }

    /// <summary>One array per model input, in the model's input order.</summary>
    public Tensor[] X { get; }

    /// <summary>How messages name each input array (<c>x</c>, <c>x[1]</c>, <c>x["title"]</c>).</summary>
    public string[] XLabels { get; }

    /// <summary>One target per output (null where none is needed), or null when there are no targets (Predict).</summary>
    public Tensor?[]? Y { get; }

    /// <summary>How messages name each target (<c>y</c>, <c>y[1]</c>, <c>y["priority"]</c>).</summary>
    public string[]? YLabels { get; }

    /// <summary>One sample weight per output (null where none), or null when there are none.</summary>
    public Tensor?[]? SampleWeight { get; }

    /// <summary>The number of samples (every array has that many rows).</summary>
    public int Samples => X[0].Shape[0];

    /// <summary>One input and at most one output: the batches are the arrays themselves (no per-step allocation).</summary>
    public bool IsSingle => X.Length == 1 && (Y is null || Y.Length == 1);

    /// <summary>The inputs of a model, for Predict.</summary>
    public static ModelData ForInputs(Model model, Tensors x, string xArg = "x")
    {
        var (inputs, labels, names) = Inputs(model, x, xArg);
        for (int i = 0; i < inputs.Length; i++)
        {
            DataChecks.NonEmpty(inputs[i], labels[i]);
        }
        var data = new ModelData(inputs, labels, null, null, null, names, null);
        data.CheckCardinality(null);
        AdjustInputRank(model, inputs);
        return data;
    }

    /// <summary>Inputs, targets and sample weights of a compiled model, for Fit, Evaluate and TrainOnBatch.</summary>
    public static ModelData ForTraining(Model model, Tensors x, Tensors y, Tensors? sampleWeight, string xArg = "x", string yArg = "y", string swArg = "sampleWeight")
    {
        var outputNames = model.CompiledLossState.Names;
        if (x.IsSingle && y.IsSingle && sampleWeight is not { IsSingle: false } && outputNames.Length == 1 && model.Inputs.Count <= 1)
        {
            return ForOneArray(model, x[0], y[0], sampleWeight?[0], xArg, yArg, outputNames);
        }
        var (inputs, xLabels, inputNames) = Inputs(model, x, xArg);
        var needs = new bool[outputNames.Length];
        for (int o = 0; o < needs.Length; o++)
        {
            needs[o] = model.CompiledLossState[o] is not null || model.CompiledMetrics.MetricsOf(o).Count > 0;
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            DataChecks.NonEmpty(inputs[i], xLabels[i]);
        }
        var (targets, yLabels) = Targets(y, yArg, outputNames, needs);
        for (int o = 0; o < targets.Length; o++)
        {
            if (targets[o] is { } t)
            {
                DataChecks.NonEmpty(t, yLabels[o]);
            }
        }
        var (weights, given) = SampleWeights(sampleWeight, swArg, y, yArg, targets, outputNames);
        var data = new ModelData(inputs, xLabels, targets, yLabels, weights, inputNames, outputNames);
        data.CheckCardinality(given);
        AdjustInputRank(model, inputs);
        return data;
    }

    /// <summary>The model's inputs for <paramref name="x"/>, as Keras' <c>Functional._standardize_inputs</c> matches them.</summary>
    /// <summary>
    /// The common case, one array in and one out for a model with (at most) one input and one output: the same
    /// checks as the general matching, without its bookkeeping.
    /// </summary>
    private static ModelData ForOneArray(Model model, Tensor x, Tensor y, Tensor? sampleWeight, string xArg, string yArg, string[] outputNames)
    {
        DataChecks.NonEmpty(x, xArg);
        DataChecks.NonEmpty(y, yArg);
        string[]? inputNames = model.Inputs.Count == 1 ? [model.InputNames[0]] : null;
        var data = new ModelData([x], [xArg], [y], [yArg], sampleWeight is null ? null : [sampleWeight], inputNames, outputNames);
        data.CheckCardinality(sampleWeight is null ? null : [sampleWeight]);
        AdjustInputRank(model, data.X);
        return data;
    }

    private static (Tensor[] Inputs, string[] Labels, string[]? Names) Inputs(Model model, Tensors x, string arg)
    {
        if (x.Count == 0)
        {
            throw new ArgumentException($"Expected `{arg}` to hold at least one array, but it holds none.", arg);
        }
        int expected = model.Inputs.Count;
        if (expected == 0)
        {
            // a model whose inputs are not known yet (an unbuilt Sequential, a subclassed model) takes the arrays as given
            if (x.IsDictionary)
            {
                throw new ArgumentException(
                    $"Model '{model.Name}' has no named inputs (it is not a Functional model, or not built yet), so `{arg}` cannot be a dictionary. Pass the arrays by position.", arg);
            }
            return (ToArray(x), Labels(x, arg, x.Count), null);
        }
        var names = model.InputNames.ToArray();
        if (x.IsDictionary)
        {
            var inputs = new Tensor[expected];
            for (int i = 0; i < expected; i++)
            {
                // as Keras: every input must be there; other keys are ignored
                if (!x.TryGet(names[i], out inputs[i]))
                {
                    throw StructureMismatch(model, x, arg, names);
                }
            }
            return (inputs, [.. names.Select(n => $"{arg}[\"{n}\"]")], names);
        }
        if (x.Count != expected)
        {
            throw StructureMismatch(model, x, arg, names);
        }
        return (ToArray(x), Labels(x, arg, expected), names);
    }

    private static Tensor[] ToArray(Tensors x)
    {
        var array = new Tensor[x.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = x[i];
        }
        return array;
    }

    private static string[] Labels(Tensors given, string arg, int count) =>
        given.IsSingle ? [arg] : [.. Enumerable.Range(0, count).Select(i => $"{arg}[{i}]")];

    private static ArgumentException StructureMismatch(Model model, Tensors x, string arg, string[] names)
    {
        var structure = model.InputStructure;
        string expected = structure.IsDictionary
            ? $"{{{string.Join(", ", names.Select(n => $"'{n}': '{n}'"))}}}"
            : structure.IsList ? Python.List(names) : names[0];
        return new ArgumentException(
            $"The structure of `{arg}` doesn't match the expected structure.\nExpected: {expected}\nReceived: {arg}={x}", arg);
    }

    /// <summary>One target per output: a dictionary by output name, a list by position (or one per output that needs a target).</summary>
    /// <summary>The outputs 0 … n − 1, or only those where <paramref name="which"/> is true.</summary>
    private static int[] Positions(int n, bool[]? which)
    {
        var positions = new List<int>(n);
        for (int o = 0; o < n; o++)
        {
            if (which is null || which[o])
            {
                positions.Add(o);
            }
        }
        return [.. positions];
    }

    private static (Tensor?[] Targets, string[] Labels) Targets(Tensors y, string arg, string[] names, bool[] needs)
    {
        int n = names.Length;
        var targets = new Tensor?[n];
        var labels = new string[n];
        if (y.Count == 0)
        {
            throw new ArgumentException($"Expected `{arg}` to hold at least one array, but it holds none.", arg);
        }
        if (y.IsDictionary)
        {
            var keys = y.Names!;
            for (int k = 0; k < keys.Count; k++)
            {
                int o = Array.IndexOf(names, keys[k]);
                if (o < 0)
                {
                    throw new ArgumentException(
                        $"`{arg}` has an array for '{keys[k]}', which is not an output of the model. The model's outputs are {Python.List(names)}.", arg);
                }
                targets[o] = y[k];
                labels[o] = $"{arg}[\"{keys[k]}\"]";
            }
        }
        else
        {
            // by position: one per output, or one per output that needs a target (those with a loss or metrics)
            var positions = Positions(n, y.Count == n ? null : needs);
            if (positions.Length != y.Count)
            {
                string what = y.IsSingle ? "a single array" : $"{y.Count} arrays";
                throw new ArgumentException(
                    $"The model has {n} outputs {Python.List(names)}, but `{arg}` holds {what}. " +
                    "Pass one array per output, in output order, or a dictionary by output name.", arg);
            }
            for (int k = 0; k < positions.Length; k++)
            {
                targets[positions[k]] = y[k];
                labels[positions[k]] = y.IsSingle ? arg : $"{arg}[{k}]";
            }
        }
        for (int o = 0; o < n; o++)
        {
            if (needs[o] && targets[o] is null)
            {
                throw new ArgumentException(
                    $"`{arg}` has no array for output '{names[o]}', which has a loss or metrics. The model's outputs are {Python.List(names)}.", arg);
            }
            labels[o] ??= $"{arg}[\"{names[o]}\"]";
        }
        return (targets, labels);
    }

    /// <summary>
    /// One sample weight per output, with Keras' rules: a model with several outputs takes one weight per output (the
    /// structure of <c>y</c>), or one array of one weight per sample for every output.
    /// </summary>
    private static (Tensor?[]? Weights, Tensor[] Given) SampleWeights(Tensors? sampleWeight, string arg, Tensors y, string yArg, Tensor?[] targets, string[] names)
    {
        if (sampleWeight is not { Count: > 0 } sw)
        {
            return (null, []);
        }
        int n = targets.Length;
        var weights = new Tensor?[n];
        if (n == 1 || sw.IsSingle)
        {
            if (sw.Count != 1 || (sw.IsDictionary && sw.Names![0] != names[0] && n == 1))
            {
                throw PerOutputMismatch(y, sw, arg);
            }
            var w = sw[0];
            if (n > 1 && !(w.Rank == 1 || (w.Rank == 2 && w.Shape[1] == 1)))
            {
                throw new ArgumentException(
                    "For a model with multiple outputs, when providing a single `sampleWeight` array, it should only have one scalar score per sample " +
                    "(i.e. shape `(num_samples,)`). If you want to use non-scalar sample weights, pass a `sampleWeight` argument with one array per model output.", arg);
            }
            // the same weights for every output
            for (int o = 0; o < n; o++)
            {
                weights[o] = targets[o] is null ? null : w;
            }
            return (weights, [w]);
        }
        if (sw.IsDictionary)
        {
            for (int k = 0; k < sw.Count; k++)
            {
                int o = Array.IndexOf(names, sw.Names![k]);
                if (o < 0)
                {
                    throw PerOutputMismatch(y, sw, arg);
                }
                weights[o] = sw[k];
            }
        }
        else
        {
            var present = new bool[n];
            for (int o = 0; o < n; o++)
            {
                present[o] = targets[o] is not null;
            }
            var positions = Positions(n, sw.Count == n ? null : present);
            if (positions.Length != sw.Count || y.IsDictionary)
            {
                throw PerOutputMismatch(y, sw, arg);
            }
            for (int k = 0; k < positions.Length; k++)
            {
                weights[positions[k]] = sw[k];
            }
        }
        return (weights, [.. sw]);

        ArgumentException PerOutputMismatch(Tensors yGiven, Tensors swGiven, string swArg) => new(
            $"You should provide one `{swArg}` array per output in `{yArg}`. The two structures did not match:\n- {yArg}: {yGiven}\n- {swArg}: {swGiven}", swArg);
    }

    /// <summary>Keras' <c>check_data_cardinality</c>: every array has the same number of samples.</summary>
    private void CheckCardinality(Tensor[]? sampleWeights)
    {
        int samples = X[0].Shape[0];
        bool same = X.All(t => t.Shape[0] == samples)
            && (Y ?? []).All(t => t is null || t.Shape[0] == samples)
            && (sampleWeights ?? []).All(t => t.Rank > 0 && t.Shape[0] == samples);
        if (same)
        {
            return;
        }
        static string Sizes(IEnumerable<Tensor> arrays) => string.Join(", ", arrays.Select(t => t.Rank == 0 ? "()" : t.Shape[0].ToString(CultureInfo.InvariantCulture)));
        var msg = $"Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.\n'x' sizes: {Sizes(X)}";
        if (Y is not null)
        {
            msg += $"\n'y' sizes: {Sizes(Y.OfType<Tensor>())}";
        }
        if (sampleWeights is { Length: > 0 })
        {
            msg += $"\n'sample_weight' sizes: {Sizes(sampleWeights)}";
        }
        throw new ArgumentException(msg);
    }

    /// <summary>
    /// Keras' <c>Functional._adjust_input_rank</c>, for a model whose input shapes are known: an array with one axis
    /// fewer than an input of shape <c>(…, 1)</c> gets that axis, an array with one more axis of size 1 loses it.
    /// Any other difference of rank is left for the first layer to report, which names itself and what it expects
    /// (where Keras fails here with "Invalid input shape").
    /// </summary>
    private static void AdjustInputRank(Model model, Tensor[] inputs)
    {
        var symbolic = model.Inputs;
        if (symbolic.Count != inputs.Length)
        {
            return;
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Adjusted(inputs[i], symbolic[i].Shape);
        }
    }

    /// <summary>The array with the rank of <paramref name="reference"/> when one axis of size 1 makes the difference, else itself.</summary>
    internal static Tensor Adjusted(Tensor x, Shape reference)
    {
        int rank = x.Rank;
        int expected = reference.Rank;
        if (rank == expected)
        {
            return x;
        }
        if (rank == expected + 1 && x.Shape[^1] == 1)
        {
            return x.ViewAs(new Shape(x.Shape.Dims[..^1]));
        }
        if (rank == expected - 1 && rank > 0 && reference[^1] == 1)
        {
            return x.ViewAs(x.Shape.Append(1));
        }
        return x;
    }

    /// <summary>Keras' <c>train_validation_split</c>: the last <paramref name="split"/> of the samples, taken before shuffling.</summary>
    public (ModelData Train, ModelData Validation) Split(double split)
    {
        int n = Samples;
        // Keras computes floor(n * (1 - split)) in double precision. Rounding to 7 significant digits first makes a
        // float literal such as 0.4f (0.4000000059…) split exactly like Python's 0.4.
        double exact = double.Parse(split.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int splitAt = (int)Math.Floor(n * (1.0 - exact));
        if (splitAt == 0 || splitAt == n)
        {
            throw new ArgumentException(
                $"Training data contains {n} samples, which is not sufficient to split it into a validation and training set as specified by `validationSplit={split}`. Either provide more data, or a different value for the `validationSplit` argument.");
        }
        ModelData Part(int start, int count) => new(
            [.. X.Select(t => Ops.SliceRows(t, start, count))], XLabels,
            Y is null ? null : [.. Y.Select(t => t is null ? null : Ops.SliceRows(t, start, count))], YLabels,
            SampleWeight is null ? null : SliceShared(SampleWeight, start, count),
            _inputNames, _outputNames);
        return (Part(0, splitAt), Part(splitAt, n - splitAt));
    }

    /// <summary>Slices per-output weights, keeping one slice for an array that several outputs share.</summary>
    private static Tensor?[] SliceShared(Tensor?[] weights, int start, int count)
    {
        var slices = new Tensor?[weights.Length];
        for (int o = 0; o < weights.Length; o++)
        {
            int first = Array.FindIndex(weights, 0, o, w => ReferenceEquals(w, weights[o]));
            slices[o] = weights[o] is null ? null : first >= 0 ? slices[first] : Ops.SliceRows(weights[o]!, start, count);
        }
        return slices;
    }

    /// <summary>Keras' conversion of <c>class_weight</c> into sample weights (a model with one output only).</summary>
    public ModelData WithClassWeights(IReadOnlyDictionary<int, float>? classWeight)
    {
        if (classWeight is null)
        {
            return this;
        }
        if (Y!.Length > 1)
        {
            throw new ArgumentException("`classWeight` is only supported for Models with a single output.", nameof(classWeight));
        }
        var weights = ClassWeights.ToSampleWeights(Y[0]!, classWeight, SampleWeight?[0]);
        return new ModelData(X, XLabels, Y, YLabels, [weights], _inputNames, _outputNames);
    }

    /// <summary>
    /// Batch <paramref name="step"/>. With one input and one output the batch is the arrays' rows themselves; with
    /// several, the arrays holding them are reused from step to step when <paramref name="reuse"/> (only the library's
    /// code sees them), else new.
    /// </summary>
    public (Tensors X, Tensors Y, Tensors? SampleWeight) Batch(in EpochIterator iterator, int step, bool reuse)
    {
        if (IsSingle)
        {
            var sw = SampleWeight?[0];
            return (Tensors.OfSingle(iterator.Take(X[0], step)), Tensors.OfSingle(iterator.Take(Y?[0], step)),
                sw is null ? null : (Tensors?)Tensors.OfSingle(iterator.Take(sw, step)));
        }
        var x = Take(iterator, step, X, reuse ? _xBatch ??= new Tensor?[X.Length] : new Tensor?[X.Length]);
        var y = Y is null ? null : Take(iterator, step, Y, reuse ? _yBatch ??= new Tensor?[Y.Length] : new Tensor?[Y.Length]);
        var w = SampleWeight is null ? null : Take(iterator, step, SampleWeight, reuse ? _swBatch ??= new Tensor?[SampleWeight.Length] : new Tensor?[SampleWeight.Length]);
        return (Tensors.Of(x, _inputNames), y is null ? default : Tensors.Of(y, _outputNames), w is null ? null : (Tensors?)Tensors.Of(w, _outputNames));
    }

    /// <summary>All samples as one batch (TrainOnBatch).</summary>
    public (Tensors X, Tensors Y, Tensors? SampleWeight) Whole() => Batch(new EpochIterator(Samples, Math.Max(Samples, 1), null), 0, reuse: false);

    private static Tensor?[] Take(in EpochIterator iterator, int step, Tensor?[] arrays, Tensor?[] batch)
    {
        for (int i = 0; i < arrays.Length; i++)
        {
            // arrays shared by several outputs (one sample weight for all) are taken once
            int first = Array.IndexOf(arrays, arrays[i], 0, i);
            batch[i] = arrays[i] is null ? null : first >= 0 && first < i ? batch[first] : iterator.Take(arrays[i], step);
        }
        return batch;
    }
}
