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
        DataChecks.NonEmpty(a.X, "x");
        DataChecks.NonEmpty(a.Y, "y");
        DataChecks.SameCardinality(a.X, a.Y, a.SampleWeight);
        int batchSize = DataChecks.BatchSize(a.BatchSize);
        DataChecks.Epochs(a.Epochs, a.InitialEpoch);
        DataChecks.Verbose(a.Verbose);
        DataChecks.ValidationSplit(a.ValidationSplit);
        PrepareModel(model, a.X);
        LabelChecks.SparseClassIds(model, a.X, a.Y, batchSize, "y", training: true);
        var sampleWeight = ClassWeights.ToSampleWeights(a.Y, a.ClassWeight, a.SampleWeight);

        var (x, y, sw) = (a.X, a.Y, sampleWeight);
        (Tensor X, Tensor Y)? validation = a.ValidationData;
        if (validation is { } v)
        {
            DataChecks.NonEmpty(v.X, "validationData.x");
            DataChecks.SameCardinality(v.X, v.Y);
            LabelChecks.SparseClassIds(model, v.X, v.Y, batchSize, "validationData.y", training: false);
        }
        else if (a.ValidationSplit > 0)
        {
            (x, y, sw, validation) = Split(a.X, a.Y, sampleWeight, a.ValidationSplit);
        }

        var iterator = new EpochIterator(x, y, sw, batchSize, a.Shuffle ? model.ShuffleGenerator : null);
        var history = new TrainingHistory();
        var callbacks = MakeCallbacks(model, a.Callbacks, a.Verbose, history, a.Epochs, iterator.Steps);
        model.StopTraining = false;
        model.IsInFit = true;
        var epochLogs = new Logs();
        var none = new Logs();
        bool pooled = model.TrainingRunsOnlyLibraryCode;
        try
        {
            callbacks.OnTrainBegin(new Logs());
            for (int epoch = a.InitialEpoch; epoch < a.Epochs && !model.StopTraining; epoch++)
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
                        var (xb, yb, swb) = iterator.Batch(step);
                        logs = model.TrainStep(xb, yb!, swb);
                    }
                    callbacks.OnTrainBatchEnd(step, callbacks.Hand(logs));
                    if (model.StopTraining)
                    {
                        break;
                    }
                }
                epochLogs = logs.Clone();
                if (validation is { } val)
                {
                    var valLogs = RunEvaluation(model, val.X, val.Y, null, batchSize, callbacks);
                    foreach (var (key, value) in valLogs)
                    {
                        epochLogs["val_" + key] = value;
                    }
                }
                callbacks.OnEpochEnd(epoch, epochLogs);
            }
            callbacks.OnTrainEnd(epochLogs);
        }
        finally
        {
            model.IsInFit = false;
        }
        return history;
    }

    /// <summary>Makes a model with user-defined layers know all its weights before the first step (see <see cref="Model.PrepareFor"/>).</summary>
    private static void PrepareModel(Model model, Tensor x)
    {
        if (x.Shape.Rank > 0)
        {
            model.PrepareFor(x.Shape.WithBatch(-1));
        }
    }

    private static (Tensor X, Tensor Y, Tensor? SampleWeight, (Tensor X, Tensor Y) Validation) Split(Tensor x, Tensor y, Tensor? sw, double split)
    {
        int n = x.Shape[0];
        // Keras computes floor(n * (1 - split)) in double precision. Rounding to 7 significant digits first makes a
        // float literal such as 0.4f (0.4000000059…) split exactly like Python's 0.4.
        double exact = double.Parse(split.ToString("G7", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
        int splitAt = (int)Math.Floor(n * (1.0 - exact));
        if (splitAt == 0 || splitAt == n)
        {
            throw new ArgumentException(
                $"Training data contains {n} samples, which is not sufficient to split it into a validation and training set as specified by `validationSplit={split}`. Either provide more data, or a different value for the `validationSplit` argument.");
        }
        var valX = Ops.SliceRows(x, splitAt, n - splitAt);
        var valY = Ops.SliceRows(y, splitAt, n - splitAt);
        return (Ops.SliceRows(x, 0, splitAt), Ops.SliceRows(y, 0, splitAt), sw is null ? null : Ops.SliceRows(sw, 0, splitAt), (valX, valY));
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

    public static Logs Evaluate(Model model, Tensor x, Tensor y, int? batchSize, int verbose, Tensor? sampleWeight, IReadOnlyList<Callback>? callbacks)
    {
        using var gate = model.Gate.Enter(model, "Evaluate");
        model.EnsureCompiled();
        DataChecks.NonEmpty(x, "x");
        DataChecks.NonEmpty(y, "y");
        DataChecks.SameCardinality(x, y, sampleWeight);
        DataChecks.Verbose(verbose);
        int b = DataChecks.BatchSize(batchSize);
        LabelChecks.SparseClassIds(model, x, y, b, "y", training: false);
        var list = MakeCallbacks(model, callbacks, verbose, null, 1, EpochIterator.StepsFor(x.Shape[0], b));
        var logs = RunEvaluation(model, x, y, sampleWeight, b, list);
        TensorArena.TrimCurrentThread(); // large batches' buffers beyond the arena's cap are not kept
        return logs;
    }

    private static Logs RunEvaluation(Model model, Tensor x, Tensor y, Tensor? sampleWeight, int batchSize, CallbackList callbacks)
    {
        var iterator = new EpochIterator(x, y, sampleWeight, batchSize, shuffle: null);
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
                var (xb, yb, swb) = iterator.Batch(step);
                logs = model.TestStep(xb, yb!, swb);
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
        DataChecks.NonEmpty(x, "x");
        DataChecks.Verbose(verbose);
        int b = DataChecks.BatchSize(batchSize);
        var iterator = new EpochIterator(x, null, null, b, shuffle: null);
        var list = MakeCallbacks(model, callbacks, verbose, null, 1, iterator.Steps);
        var none = list.Count == 0 ? Logs.Unused : new Logs();
        list.OnPredictBegin(none);
        Tensor? result = null;
        // The first batch builds the model and gives the output shape; with nothing to report per batch the others
        // may then run several at a time, each on one core, since batches of inference are independent.
        // A user-defined layer or step might keep state between calls, so it gets its batches one at a time, in order.
        bool library = model.RunsOnlyLibraryCode;
        bool parallel = list.Count == 0 && iterator.Steps > 2 && GemmOptions.MaxThreads > 1 && library;
        int serialSteps = parallel ? 1 : iterator.Steps;
        for (int step = 0; step < serialSteps; step++)
        {
            list.OnPredictBatchBegin(step, list.Hand(Empty(none)));
            PredictBatch(model, iterator, step, x.Shape[0], library, ref result);
            list.OnPredictBatchEnd(step, list.Hand(Empty(none)));
        }
        if (parallel)
        {
            var work = new PredictBatches(model, iterator, result!);
            WorkerPool.Run(ref work, iterator.Steps - 1, GemmOptions.MaxThreads);
        }
        list.OnPredictEnd(Empty(none));
        TensorArena.TrimCurrentThread(); // large batches' buffers beyond the arena's cap are not kept
        return result!;
    }

    /// <summary>Predicts batch <paramref name="step"/> into its rows of <paramref name="result"/> (created by the first batch).</summary>
    private static void PredictBatch(Model model, EpochIterator iterator, int step, int samples, bool pooled, ref Tensor? result)
    {
        using (Step(pooled))
        {
            var (xb, _, _) = iterator.Batch(step);
            var yb = model.PredictStep(xb);
            if (result is null)
            {
                // The output outlives the step, so it is allocated outside the arena.
                using (TensorArena.Suspend())
                {
                    result = Tensor.Zeros(yb.Shape.WithBatch(samples));
                }
            }
            int perSample = yb.Size / Math.Max(yb.Shape[0], 1);
            yb.Span.CopyTo(result.Data[(step * iterator.BatchSize * perSample)..]);
        }
    }

    /// <summary>Batches 1, 2, … of a prediction, one per part.</summary>
    private readonly struct PredictBatches(Model model, EpochIterator iterator, Tensor result) : IPartitionedWork
    {
        public void Run(int part)
        {
            Tensor? output = result;
            PredictBatch(model, iterator, part + 1, result.Shape[0], pooled: true, ref output);
        }
    }

    public static Logs TrainOnBatch(Model model, Tensor x, Tensor y, Tensor? sampleWeight)
    {
        using var gate = model.Gate.Enter(model, "TrainOnBatch");
        model.EnsureCompiled();
        DataChecks.NonEmpty(x, "x");
        DataChecks.NonEmpty(y, "y");
        DataChecks.SameCardinality(x, y, sampleWeight);
        PrepareModel(model, x);
        // Current Keras resets the metrics first, so the values returned are those of this batch alone.
        model.CompiledMetrics.Reset();
        using (Step(model.TrainingRunsOnlyLibraryCode))
        {
            return model.TrainStep(x, y, sampleWeight).Clone();
        }
    }
}
