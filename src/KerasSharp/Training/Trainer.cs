using KerasSharp.Callbacks;
using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>The loops behind Fit, Evaluate, Predict and TrainOnBatch (Keras' trainer), kept apart from the model's API.</summary>
internal static class Trainer
{
    /// <summary>The logs passed to hooks that carry no values (Keras passes None), emptied before each use.</summary>
    private static Logs Empty(Logs logs)
    {
        if (!ReferenceEquals(logs, Logs.Unused))
        {
            logs.Clear();
        }
        return logs;
    }

    /// <summary>
    /// Opens a step: with the step arena when only the library's code takes part (its tensors are recycled when the
    /// step ends), else with the arena suspended, so that every tensor user code can reach is an ordinary one that
    /// keeps its values for as long as it is held.
    /// </summary>
    private static TensorArena.StepScope Step(bool pooled) => pooled ? TensorArena.Step() : TensorArena.Suspend();

    public static TrainingHistory Fit(Model model, FitArguments a)
    {
        using var gate = model.Gate.EnterFit(model);
        model.EnsureCompiled();
        var (feed, validation) = a.Source is { } source ? SourceFeeds(model, a, source) : ArrayFeeds(model, a);
        using var trainingFeed = feed;
        using var validationFeed = validation;

        var history = new TrainingHistory();
        var callbacks = MakeCallbacks(model, a.Callbacks, a.Verbose, history, a.Epochs, feed.Steps);
        model.StopTraining = false;
        model.IsInFit = true;
        var epochLogs = new Logs();
        var none = new Logs();
        bool pooled = model.TrainingRunsOnlyLibraryCode;
        try
        {
            model.ResumeEpoch = null;
            callbacks.OnTrainBegin(new Logs());
            int firstEpoch = model.ResumeEpoch ?? a.InitialEpoch;
            model.ResumeEpoch = null;
            for (int epoch = firstEpoch; epoch < a.Epochs && !model.StopTraining; epoch++)
            {
                model.CompiledMetrics.Reset();
                callbacks.OnEpochBegin(epoch, new Logs());
                feed.BeginEpoch();
                Logs logs = new();
                for (int step = 0; feed.MoveNext(step); step++)
                {
                    callbacks.OnTrainBatchBegin(step, callbacks.Hand(Empty(none)));
                    using (Step(pooled))
                    {
                        var (xb, yb, swb) = feed.Batch(step, pooled);
                        logs = model.TrainStep(xb, yb, swb);
                    }
                    callbacks.OnTrainBatchEnd(step, callbacks.Hand(logs));
                    if (model.StopTraining)
                    {
                        break;
                    }
                }
                feed.EndEpoch();
                epochLogs = logs.Clone();
                // as Keras 3: validation after every validationFreq-th epoch (counted from 1)
                if (validation is not null && (epoch + 1) % a.ValidationFreq == 0)
                {
                    var valLogs = RunEvaluation(model, validation, callbacks);
                    foreach (var (key, value) in valLogs)
                    {
                        epochLogs["val_" + key] = value;
                    }
                }
                callbacks.OnEpochEnd(epoch, epochLogs);
            }
            model.Optimizer?.FinalizeVariableValues(model.TrainableWeights);
            callbacks.OnTrainEnd(epochLogs);
        }
        finally
        {
            model.IsInFit = false;
        }
        return history;
    }

    /// <summary>The feeds of a Fit on arrays: the training batches, and the validation ones (arrays, the split, a source, or none).</summary>
    private static (EpochFeed Feed, EpochFeed? Validation) ArrayFeeds(Model model, FitArguments a)
    {
        var data = ModelData.ForTraining(model, a.X, a.Y, a.SampleWeight);
        int batchSize = ArrayFeed.BatchSizeFor(a.BatchSize, a.StepsPerEpoch, data.Samples);
        CheckFitArguments(a);
        PrepareModel(model, data);
        LabelChecks.SparseClassIds(model, data, batchSize, training: true);

        ModelData? split = null;
        if (a.ValidationData is null && a.ValidationSource is null && a.ValidationSplit > 0)
        {
            // as Keras: the split takes the sample weights along; class weights apply to the training part only
            (data, split) = data.Split(a.ValidationSplit);
        }
        var validation = ValidationFeed(model, a, split);
        data = data.WithClassWeights(a.ClassWeight);
        var iterator = new EpochIterator(data.Samples, batchSize, a.Shuffle ? model.ShuffleGenerator : null);
        return (new ArrayFeed(data, iterator, a.StepsPerEpoch), validation);
    }

    /// <summary>The feeds of a Fit on a data source.</summary>
    private static (EpochFeed Feed, EpochFeed? Validation) SourceFeeds(Model model, FitArguments a, IEnumerable<Batch> source)
    {
        CheckFitArguments(a);
        if (a.ValidationSplit > 0)
        {
            throw new ArgumentException(
                "`validationSplit` is only supported for arrays (Tensors), not for a data source. Pass `validationData` instead, or split the source with Keras.Utils.SplitDataset.");
        }
        var validation = ValidationFeed(model, a, null);
        var feed = SourceFeed.For(model, source, a.StepsPerEpoch, targets: true, a.Shuffle ? model.ShuffleGenerator : null, a.ClassWeight);
        return (feed, validation);
    }

    private static void CheckFitArguments(FitArguments a)
    {
        DataChecks.Epochs(a.Epochs, a.InitialEpoch);
        DataChecks.Verbose(a.Verbose);
        DataChecks.ValidationSplit(a.ValidationSplit);
        DataChecks.Steps(a.StepsPerEpoch, "stepsPerEpoch");
        DataChecks.Steps(a.ValidationSteps, "validationSteps");
        DataChecks.ValidationFreq(a.ValidationFreq);
    }

    /// <summary>The validation batches: the arrays of <c>validationData</c>, its source, or the split of the training arrays.</summary>
    private static EpochFeed? ValidationFeed(Model model, FitArguments a, ModelData? split)
    {
        if (a.ValidationSource is { } source)
        {
            return SourceFeed.For(model, source, a.ValidationSteps, targets: true, shuffle: null, classWeight: null);
        }
        ModelData? validation = split;
        if (a.ValidationData is { } v)
        {
            validation = ModelData.ForTraining(model, v.X, v.Y, v.SampleWeight, "validationData.x", "validationData.y", "validationData.sampleWeight");
        }
        if (validation is null)
        {
            return null;
        }
        // as Keras: validation_batch_size or batch_size, else (with validationSteps) as many samples as make that many batches
        int batchSize = ArrayFeed.BatchSizeFor(a.ValidationBatchSize ?? a.BatchSize, a.ValidationSteps, validation.Samples);
        if (a.ValidationData is not null)
        {
            LabelChecks.SparseClassIds(model, validation, batchSize, training: false);
        }
        return new ArrayFeed(validation, new EpochIterator(validation.Samples, batchSize, shuffle: null), a.ValidationSteps);
    }

    /// <summary>Makes a model with user-defined layers know all its weights before the first step (see <see cref="Model.PrepareFor"/>).</summary>
    internal static void PrepareModel(Model model, ModelData data)
    {
        if (data.X.Length == 1 && data.X[0].Shape.Rank > 0)
        {
            model.PrepareFor(data.X[0].Shape.WithBatch(-1));
        }
    }

    private static CallbackList MakeCallbacks(Model model, IReadOnlyList<Callback>? user, int verbose, Callback? history, int epochs, int? steps)
    {
        if (verbose == 0 && history is null && (user is null || user.Count == 0))
        {
            return CallbackList.Empty;
        }
        var list = new List<Callback>();
        if (verbose > 0)
        {
            list.Add(new ProgbarLogger());
        }
        list.AddRange(user ?? []);
        if (history is not null)
        {
            list.Add(history);
        }
        // an unknown number of steps (a source of unknown size) is left out, as Keras passes None
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["verbose"] = verbose };
        if (steps is int known)
        {
            parameters["steps"] = known;
        }
        return new CallbackList(list, model, parameters);
    }

    public static Logs Evaluate(Model model, Tensors x, Tensors y, int? batchSize, int verbose, Tensors? sampleWeight, IReadOnlyList<Callback>? callbacks, int? steps = null)
    {
        using var gate = model.Gate.Enter(model, "Evaluate");
        model.EnsureCompiled();
        var data = ModelData.ForTraining(model, x, y, sampleWeight);
        DataChecks.Verbose(verbose);
        DataChecks.Steps(steps, "steps");
        int b = ArrayFeed.BatchSizeFor(batchSize, steps, data.Samples);
        LabelChecks.SparseClassIds(model, data, b, training: false);
        using var feed = new ArrayFeed(data, new EpochIterator(data.Samples, b, shuffle: null), steps);
        return Evaluate(model, feed, verbose, callbacks);
    }

    /// <summary>Evaluate over a data source (Keras' <c>evaluate</c> with a dataset or generator).</summary>
    public static Logs Evaluate(Model model, IEnumerable<Batch> source, int? steps, int verbose, IReadOnlyList<Callback>? callbacks)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var gate = model.Gate.Enter(model, "Evaluate");
        model.EnsureCompiled();
        DataChecks.Verbose(verbose);
        DataChecks.Steps(steps, "steps");
        using var feed = SourceFeed.For(model, source, steps, targets: true, shuffle: null, classWeight: null);
        return Evaluate(model, feed, verbose, callbacks);
    }

    private static Logs Evaluate(Model model, EpochFeed feed, int verbose, IReadOnlyList<Callback>? callbacks)
    {
        var list = MakeCallbacks(model, callbacks, verbose, null, 1, feed.Steps);
        var logs = RunEvaluation(model, feed, list);
        TensorArena.TrimCurrentThread(); // large batches' buffers beyond the arena's cap are not kept
        return logs;
    }

    /// <summary>One evaluation over <paramref name="feed"/>, from its first batch (Keras resets the iterator of every evaluation).</summary>
    private static Logs RunEvaluation(Model model, EpochFeed feed, CallbackList callbacks)
    {
        model.CompiledMetrics.Reset();
        callbacks.OnTestBegin(new Logs());
        Logs logs = new();
        var none = new Logs();
        bool pooled = model.TrainingRunsOnlyLibraryCode;
        feed.Reset();
        feed.BeginEpoch();
        for (int step = 0; feed.MoveNext(step); step++)
        {
            callbacks.OnTestBatchBegin(step, callbacks.Hand(Empty(none)));
            using (Step(pooled))
            {
                var (xb, yb, swb) = feed.Batch(step, pooled);
                logs = model.TestStep(xb, yb, swb);
            }
            callbacks.OnTestBatchEnd(step, callbacks.Hand(logs));
        }
        feed.EndEpoch();
        // the step's logs are refilled by every step: the result is a copy
        logs = logs.Clone();
        callbacks.OnTestEnd(logs);
        return logs;
    }

    /// <summary>
    /// Predict over a data source: the outputs of every batch, concatenated (one tensor per output, in output order).
    /// Batches may hold targets; only their inputs are used, as in Keras.
    /// </summary>
    public static Tensors Predict(Model model, IEnumerable<Batch> source, int? steps, int verbose, IReadOnlyList<Callback>? callbacks)
    {
        ArgumentNullException.ThrowIfNull(source);
        DataChecks.Verbose(verbose);
        DataChecks.Steps(steps, "steps");
        using var feed = SourceFeed.For(model, source, steps, targets: false, shuffle: null, classWeight: null);
        var list = MakeCallbacks(model, callbacks, verbose, null, 1, feed.Steps);
        var none = list.Count == 0 ? Logs.Unused : new Logs();
        bool pooled = model.RunsOnlyLibraryCode;
        // one output given as a tensor, as the array path's OneOutput does
        bool single = model.IsSingleInputOutput(1);
        List<Tensor>[]? outputs = null;
        list.OnPredictBegin(none);
        feed.BeginEpoch();
        for (int step = 0; feed.MoveNext(step); step++)
        {
            list.OnPredictBatchBegin(step, list.Hand(Empty(none)));
            Tensor[] kept;
            using (Step(pooled))
            {
                var batch = model.PredictStep(feed.Batch(step, pooled).X);
                outputs ??= [.. Enumerable.Range(0, batch.Count).Select(_ => new List<Tensor>())];
                if (batch.Count != outputs.Length)
                {
                    throw new InvalidOperationException($"Model \"{model.Name}\" returned {batch.Count} outputs for batch {step}, but {outputs.Length} for the first batch.");
                }
                kept = new Tensor[outputs.Length];
                for (int o = 0; o < outputs.Length; o++)
                {
                    kept[o] = Kept(batch[o]);
                    outputs[o].Add(kept[o]);
                }
            }
            if (list.Count > 0)
            {
                // the batch's predictions, as Keras' logs["outputs"] (the kept copies: the whole of each is this batch)
                var logs = Empty(none);
                logs.SetOutputs(kept, single && kept.Length == 1, 0, kept[0].Rank == 0 ? 1 : kept[0].Shape[0]);
                list.OnPredictBatchEnd(step, logs);
            }
        }
        feed.EndEpoch();
        list.OnPredictEnd(Empty(none));
        TensorArena.TrimCurrentThread();
        if (outputs is null)
        {
            throw new ArgumentException("Unexpected result of `Predict`: the data source yielded no batch, so there is nothing to predict.");
        }
        Tensor[] results;
        using (TensorArena.Suspend())
        {
            results = [.. outputs.Select(parts => parts.Count == 1 ? parts[0] : Ops.Concatenate(parts, axis: 0))];
        }
        return model.NameOutputs(results);
    }

    /// <summary>A copy of a step's output that outlives the step.</summary>
    private static Tensor Kept(Tensor output)
    {
        var kept = OutputFor(output, output.Rank == 0 ? 1 : output.Shape[0]);
        output.Span.CopyTo(kept.Data);
        return kept;
    }

    public static Tensor Predict(Model model, Tensor x, int? batchSize, int verbose, IReadOnlyList<Callback>? callbacks)
    {
        if (!model.IsSingleInputOutput(1))
        {
            return One(model, Predict(model, (Tensors)x, batchSize, verbose, callbacks));
        }
        DataChecks.NonEmpty(x, "x");
        x = AdjustedInput(model, x);
        DataChecks.Verbose(verbose);
        var iterator = new EpochIterator(x.Shape[0], DataChecks.BatchSize(batchSize), shuffle: null);
        var batches = new OneOutput(model, iterator, x);
        RunPrediction(model, MakeCallbacks(model, callbacks, verbose, null, 1, iterator.Steps), iterator.Steps, ref batches);
        return batches.Result!;
    }

    /// <summary>Predict for any number of inputs and outputs: one tensor per output, in output order, named by the output names.</summary>
    public static Tensors Predict(Model model, Tensors x, int? batchSize, int verbose, IReadOnlyList<Callback>? callbacks)
    {
        if (x.Count == 1 && model.IsSingleInputOutput(1))
        {
            return Tensors.OfSingle(Predict(model, ModelData.ForInputs(model, x).X[0], batchSize, verbose, callbacks));
        }
        var data = ModelData.ForInputs(model, x);
        DataChecks.Verbose(verbose);
        var iterator = new EpochIterator(data.Samples, DataChecks.BatchSize(batchSize), shuffle: null);
        var batches = new EachOutput(model, iterator, data);
        RunPrediction(model, MakeCallbacks(model, callbacks, verbose, null, 1, iterator.Steps), iterator.Steps, ref batches);
        return model.NameOutputs(batches.Results!);
    }

    /// <summary>Runs the batches of a prediction, with the callbacks' hooks.</summary>
    private static void RunPrediction<T>(Model model, CallbackList list, int steps, ref T batches) where T : struct, IPredictionBatches
    {
        var none = list.Count == 0 ? Logs.Unused : new Logs();
        list.OnPredictBegin(none);
        // The first batch builds the model and gives the output shapes; with nothing to report per batch the others
        // may then run several at a time, each on one core, since batches of inference are independent.
        // A user-defined layer or step might keep state between calls, so it gets its batches one at a time, in order.
        bool library = model.RunsOnlyLibraryCode;
        bool parallel = list.Count == 0 && steps > 2 && GemmOptions.MaxThreads > 1 && library;
        int serialSteps = parallel ? 1 : steps;
        for (int step = 0; step < serialSteps; step++)
        {
            list.OnPredictBatchBegin(step, list.Hand(Empty(none)));
            batches.Predict(step, library);
            list.OnPredictBatchEnd(step, list.Count == 0 ? none : batches.WithOutputs(step, Empty(none)));
        }
        if (parallel)
        {
            // parts 0, 1, … are batches 1, 2, …
            WorkerPool.Run(ref batches, steps - 1, GemmOptions.MaxThreads);
        }
        list.OnPredictEnd(Empty(none));
        TensorArena.TrimCurrentThread(); // large batches' buffers beyond the arena's cap are not kept
    }

    /// <summary>The only output of a prediction, or an error naming the outputs.</summary>
    internal static Tensor One(Model model, Tensors outputs) => outputs.Count == 1
        ? outputs[0]
        : throw new InvalidOperationException(
            $"Model \"{model.Name}\" has {outputs.Count} outputs {Utils.Python.List(model.OutputNames)}; use PredictMany (or PredictManyOnBatch) to get one tensor per output.");

    /// <summary><c>_adjust_input_rank</c> for the one input of a model (see <see cref="ModelData"/>).</summary>
    internal static Tensor AdjustedInput(Model model, Tensor x) =>
        model.Inputs is { Count: 1 } inputs ? ModelData.Adjusted(x, inputs[0].Shape) : x;

    /// <summary>The tensor that receives every batch's output: it outlives the step, so it is allocated outside the arena.</summary>
    private static Tensor OutputFor(Tensor batch, int samples)
    {
        using (TensorArena.Suspend())
        {
            return Tensor.Zeros(batch.Shape.WithBatch(samples));
        }
    }

    private static void CopyRows(Tensor batch, Tensor result, int step, int batchSize)
    {
        int perSample = batch.Size / Math.Max(batch.Shape[0], 1);
        batch.Span.CopyTo(result.Data[(step * batchSize * perSample)..]);
    }

    /// <summary>The batches of a prediction; the first creates the result(s), batch <c>part + 1</c> runs as part <c>part</c>.</summary>
    private interface IPredictionBatches : IPartitionedWork
    {
        /// <summary>Predicts batch <paramref name="step"/> into its rows of the result (created by the first batch).</summary>
        void Predict(int step, bool pooled);

        /// <summary>Gives <paramref name="logs"/> the rows of batch <paramref name="step"/> of the result(s) as <see cref="Logs.Outputs"/>.</summary>
        Logs WithOutputs(int step, Logs logs);
    }

    private static Logs WithOutputs(Logs logs, Tensor[] results, bool single, EpochIterator iterator, int step)
    {
        int start = step * iterator.BatchSize;
        logs.SetOutputs(results, single, start, Math.Min(iterator.BatchSize, iterator.Samples - start));
        return logs;
    }

    /// <summary>A model with one input and one output.</summary>
    private struct OneOutput(Model model, EpochIterator iterator, Tensor x) : IPredictionBatches
    {
        public Tensor? Result;
        private Tensor[]? _asList;

        public Logs WithOutputs(int step, Logs logs) => Trainer.WithOutputs(logs, _asList ??= [Result!], single: true, iterator, step);

        public void Predict(int step, bool pooled)
        {
            using (Step(pooled))
            {
                var yb = model.PredictStep(iterator.Take(x, step)!);
                Result ??= OutputFor(yb, x.Shape[0]);
                CopyRows(yb, Result, step, iterator.BatchSize);
            }
        }

        public void Run(int part) => Predict(part + 1, pooled: true);
    }

    /// <summary>A model with several inputs or outputs: one result per output.</summary>
    private struct EachOutput(Model model, EpochIterator iterator, ModelData data) : IPredictionBatches
    {
        public Tensor[]? Results;

        public readonly Logs WithOutputs(int step, Logs logs) => Trainer.WithOutputs(logs, Results!, single: false, iterator, step);

        public void Predict(int step, bool pooled)
        {
            using (Step(pooled))
            {
                var outputs = model.PredictStep(data.Batch(iterator, step, reuse: false).X);
                if (Results is null)
                {
                    var made = new Tensor[outputs.Count];
                    for (int i = 0; i < made.Length; i++)
                    {
                        made[i] = OutputFor(outputs[i], data.Samples);
                    }
                    Results = made;
                }
                if (outputs.Count != Results.Length)
                {
                    throw new InvalidOperationException($"Model \"{model.Name}\" returned {outputs.Count} outputs for batch {step}, but {Results.Length} for the first batch.");
                }
                for (int i = 0; i < Results.Length; i++)
                {
                    CopyRows(outputs[i], Results[i], step, iterator.BatchSize);
                }
            }
        }

        public void Run(int part) => Predict(part + 1, pooled: true);
    }

    public static Logs TrainOnBatch(Model model, Tensors x, Tensors y, Tensors? sampleWeight)
    {
        using var gate = model.Gate.Enter(model, "TrainOnBatch");
        model.EnsureCompiled();
        var data = ModelData.ForTraining(model, x, y, sampleWeight);
        PrepareModel(model, data);
        // Current Keras resets the metrics first, so the values returned are those of this batch alone.
        model.CompiledMetrics.Reset();
        using (Step(model.TrainingRunsOnlyLibraryCode))
        {
            var (xb, yb, swb) = data.Whole();
            return model.TrainStep(xb, yb, swb).Clone();
        }
    }
}
