using KerasSharp.Callbacks;
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
        var data = ModelData.ForTraining(model, a.X, a.Y, a.SampleWeight);
        int batchSize = DataChecks.BatchSize(a.BatchSize);
        DataChecks.Epochs(a.Epochs, a.InitialEpoch);
        DataChecks.Verbose(a.Verbose);
        DataChecks.ValidationSplit(a.ValidationSplit);
        PrepareModel(model, data);
        LabelChecks.SparseClassIds(model, data, batchSize, training: true);

        ModelData? validation = null;
        if (a.ValidationData is { } v)
        {
            validation = ModelData.ForTraining(model, v.X, v.Y, null, "validationData.x", "validationData.y");
            LabelChecks.SparseClassIds(model, validation, batchSize, training: false);
        }
        else if (a.ValidationSplit > 0)
        {
            // as Keras: the split takes the sample weights along; class weights apply to the training part only
            (data, validation) = data.Split(a.ValidationSplit);
        }
        data = data.WithClassWeights(a.ClassWeight);

        var iterator = new EpochIterator(data.Samples, batchSize, a.Shuffle ? model.ShuffleGenerator : null);
        var history = new TrainingHistory();
        var callbacks = MakeCallbacks(model, a.Callbacks, a.Verbose, history, a.Epochs, iterator.Steps);
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
                iterator.StartEpoch();
                Logs logs = new();
                for (int step = 0; step < iterator.Steps; step++)
                {
                    callbacks.OnTrainBatchBegin(step, callbacks.Hand(Empty(none)));
                    using (Step(pooled))
                    {
                        var (xb, yb, swb) = data.Batch(iterator, step, reuse: pooled);
                        logs = model.TrainStep(xb, yb, swb);
                    }
                    callbacks.OnTrainBatchEnd(step, callbacks.Hand(logs));
                    if (model.StopTraining)
                    {
                        break;
                    }
                }
                epochLogs = logs.Clone();
                if (validation is not null)
                {
                    var valLogs = RunEvaluation(model, validation, batchSize, callbacks);
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

    /// <summary>Makes a model with user-defined layers know all its weights before the first step (see <see cref="Model.PrepareFor"/>).</summary>
    private static void PrepareModel(Model model, ModelData data)
    {
        if (data.X.Length == 1 && data.X[0].Shape.Rank > 0)
        {
            model.PrepareFor(data.X[0].Shape.WithBatch(-1));
        }
    }

    private static CallbackList MakeCallbacks(Model model, IReadOnlyList<Callback>? user, int verbose, Callback? history, int epochs, int steps)
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
        var parameters = new Dictionary<string, int> { ["epochs"] = epochs, ["steps"] = steps, ["verbose"] = verbose };
        return new CallbackList(list, model, parameters);
    }

    public static Logs Evaluate(Model model, Tensors x, Tensors y, int? batchSize, int verbose, Tensors? sampleWeight, IReadOnlyList<Callback>? callbacks)
    {
        using var gate = model.Gate.Enter(model, "Evaluate");
        model.EnsureCompiled();
        var data = ModelData.ForTraining(model, x, y, sampleWeight);
        DataChecks.Verbose(verbose);
        int b = DataChecks.BatchSize(batchSize);
        LabelChecks.SparseClassIds(model, data, b, training: false);
        var list = MakeCallbacks(model, callbacks, verbose, null, 1, EpochIterator.StepsFor(data.Samples, b));
        var logs = RunEvaluation(model, data, b, list);
        TensorArena.TrimCurrentThread(); // large batches' buffers beyond the arena's cap are not kept
        return logs;
    }

    private static Logs RunEvaluation(Model model, ModelData data, int batchSize, CallbackList callbacks)
    {
        var iterator = new EpochIterator(data.Samples, batchSize, shuffle: null);
        model.CompiledMetrics.Reset();
        callbacks.OnTestBegin(new Logs());
        Logs logs = new();
        var none = new Logs();
        bool pooled = model.TrainingRunsOnlyLibraryCode;
        for (int step = 0; step < iterator.Steps; step++)
        {
            callbacks.OnTestBatchBegin(step, callbacks.Hand(Empty(none)));
            using (Step(pooled))
            {
                var (xb, yb, swb) = data.Batch(iterator, step, reuse: pooled);
                logs = model.TestStep(xb, yb, swb);
            }
            callbacks.OnTestBatchEnd(step, callbacks.Hand(logs));
        }
        // the step's logs are refilled by every step: the result is a copy
        logs = logs.Clone();
        callbacks.OnTestEnd(logs);
        return logs;
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
            list.OnPredictBatchEnd(step, list.Hand(Empty(none)));
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
    }

    /// <summary>A model with one input and one output.</summary>
    private struct OneOutput(Model model, EpochIterator iterator, Tensor x) : IPredictionBatches
    {
        public Tensor? Result;

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
