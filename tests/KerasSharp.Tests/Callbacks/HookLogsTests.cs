using KerasSharp.Callbacks;
using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

/// <summary>What each hook receives, as Keras 3's trainers hand it, and that what a callback keeps never changes.</summary>
public class HookLogsTests
{
    private static readonly float[,] X = TinyClassifier.X;
    private static readonly float[] Y = TinyClassifier.Y;

    private static Sequential Model() => TinyClassifier.Model();

    /// <summary>Keeps every logs object it is given, by hook.</summary>
    private sealed class Keeper : Callback
    {
        public List<(string Hook, Logs Logs)> Seen { get; } = [];
        public Dictionary<string, string> Text { get; } = [];

        private void Keep(string hook, Logs logs)
        {
            Seen.Add((hook, logs));
            Text[$"{hook}#{Seen.Count(s => s.Hook == hook)}"] = logs.ToString();
        }

        public Logs Last(string hook) => Seen.Last(s => s.Hook == hook).Logs;
        public IEnumerable<Logs> All(string hook) => Seen.Where(s => s.Hook == hook).Select(s => s.Logs);

        public override void OnTrainBegin(Logs logs) => Keep("train_begin", logs);
        public override void OnTrainEnd(Logs logs) => Keep("train_end", logs);
        public override void OnEpochBegin(int epoch, Logs logs) => Keep("epoch_begin", logs);
        public override void OnEpochEnd(int epoch, Logs logs) => Keep("epoch_end", logs);
        public override void OnTrainBatchBegin(int batch, Logs logs) => Keep("batch_begin", logs);
        public override void OnTrainBatchEnd(int batch, Logs logs) => Keep("batch_end", logs);
        public override void OnTestBegin(Logs logs) => Keep("test_begin", logs);
        public override void OnTestEnd(Logs logs) => Keep("test_end", logs);
        public override void OnTestBatchBegin(int batch, Logs logs) => Keep("test_batch_begin", logs);
        public override void OnTestBatchEnd(int batch, Logs logs) => Keep("test_batch_end", logs);
        public override void OnPredictBegin(Logs logs) => Keep("predict_begin", logs);
        public override void OnPredictEnd(Logs logs) => Keep("predict_end", logs);
        public override void OnPredictBatchBegin(int batch, Logs logs) => Keep("predict_batch_begin", logs);
        public override void OnPredictBatchEnd(int batch, Logs logs) => Keep("predict_batch_end", logs);
    }

    private static (Keeper Keeper, TrainingHistory History) FitWith(params Callback[] more)
    {
        var keeper = new Keeper();
        var history = Model().Fit(X, Y, epochs: 2, batchSize: 2, verbose: 0, validationSplit: 0.4f, callbacks: [keeper, .. more]);
        return (keeper, history);
    }

    [Test]
    public void BeginHooks_ReceiveEmptyLogs()
    {
        var (keeper, _) = FitWith();
        foreach (var hook in new[] { "train_begin", "epoch_begin", "batch_begin", "test_begin", "test_batch_begin" })
        {
            Assert.That(keeper.All(hook).All(l => l.Count == 0 && l.Outputs.Count == 0), Is.True, hook);
        }
    }

    [Test]
    public void TrainBatchEnd_ReceivesTheRunningMeans_KeysSorted()
    {
        var (keeper, history) = FitWith();
        var batchEnds = keeper.All("batch_end").ToList();
        Assert.That(batchEnds, Has.Count.EqualTo(4));
        Assert.That(batchEnds.Select(l => string.Join(",", l.Keys)), Is.All.EqualTo("accuracy,loss"));
        // the last batch of an epoch holds the epoch's means
        Assert.That(batchEnds[1]["loss"], Is.EqualTo(history.History["loss"][0]));
        Assert.That(batchEnds[3]["accuracy"], Is.EqualTo(history.History["accuracy"][1]));
    }

    [Test]
    public void EpochEnd_ReceivesTheMetricsAndValMetrics_SortedAsKeras()
    {
        var (keeper, history) = FitWith();
        var epochEnd = keeper.Last("epoch_end");
        Assert.That(epochEnd.Keys, Is.EqualTo(new[] { "accuracy", "loss", "val_accuracy", "val_loss" }));
        Assert.That(epochEnd["val_loss"], Is.EqualTo(history.History["val_loss"][1]));
        Assert.That(history.History.Keys, Is.EqualTo(new[] { "accuracy", "loss", "val_accuracy", "val_loss" }));
    }

    [Test]
    public void TestHooks_InFit_ReceiveTheValidationValuesUnprefixed()
    {
        var (keeper, history) = FitWith();
        Assert.That(keeper.All("test_batch_end").Select(l => string.Join(",", l.Keys)), Is.All.EqualTo("accuracy,loss"));
        Assert.That(keeper.Last("test_end")["loss"], Is.EqualTo(history.History["val_loss"][1]));
    }

    [Test]
    public void TrainEnd_ReceivesTheLastEpochsLogs_WithoutWhatCallbacksAddedAtEpochEnd()
    {
        // as in Keras, ReduceLROnPlateau's learning_rate goes into the epoch-end logs the callbacks share, not into
        // the trainer's logs that on_train_end receives
        var (keeper, history) = FitWith(new ReduceLROnPlateau(monitor: "val_loss"));
        var trainEnd = keeper.Last("train_end");
        Assert.That(trainEnd.Keys, Is.EqualTo(new[] { "accuracy", "loss", "val_accuracy", "val_loss" }));
        Assert.That(trainEnd["loss"], Is.EqualTo(history.History["loss"][^1]));
        Assert.That(history.History.ContainsKey("learning_rate"), Is.True);
    }

    [Test]
    public void KeptLogs_NeverChangeAfterTheHookReturns()
    {
        // the keeper runs before ReduceLROnPlateau, which adds learning_rate to the logs it and the history share
        var (keeper, _) = FitWith(new ReduceLROnPlateau(monitor: "val_loss"));
        Assert.Multiple(() =>
        {
            var counts = new Dictionary<string, int>();
            foreach (var (hook, logs) in keeper.Seen)
            {
                counts[hook] = counts.GetValueOrDefault(hook) + 1;
                Assert.That(logs.ToString(), Is.EqualTo(keeper.Text[$"{hook}#{counts[hook]}"]), hook);
            }
            Assert.That(keeper.Last("epoch_end").ContainsKey("learning_rate"), Is.False);
        });
    }

    [Test]
    public void ACallbacksAddition_IsSeenByTheCallbacksAfterIt()
    {
        var seen = new List<double>();
        var writer = new LambdaCallback(onEpochEnd: (e, l) => l["custom"] = e * 10);
        var reader = new LambdaCallback(onEpochEnd: (e, l) => seen.Add(l["custom"]));
        var history = Model().Fit(X, Y, epochs: 2, verbose: 0, callbacks: [writer, reader]);
        Assert.That(seen, Is.EqualTo(new[] { 0.0, 10.0 }));
        Assert.That(history.History["custom"], Is.EqualTo(new[] { 0.0, 10.0 }));
    }

    [Test]
    public void Evaluate_TestEndLogs_AreACopyOfTheResult()
    {
        var model = Model();
        var mutator = new LambdaCallback(onTestEnd: l => l["loss"] = -1);
        var keeper = new Keeper();
        var result = model.Evaluate(X, Y, batchSize: 2, verbose: 0, callbacks: [keeper, mutator]);
        Assert.That(result["loss"], Is.GreaterThan(0), "the returned results are not the hook's logs");
        Assert.That(keeper.Last("test_end")["loss"], Is.EqualTo(result["loss"]));
        Assert.That(keeper.All("test_batch_end").Count(), Is.EqualTo(3));
        Assert.That(keeper.Last("test_batch_end")["loss"], Is.EqualTo(result["loss"]), "the last batch holds the running means");
    }

    [Test]
    public void PredictBatchEnd_ReceivesTheBatchsOutputs_OtherPredictHooksNone()
    {
        var model = Model();
        var keeper = new Keeper();
        var predictions = model.Predict(X, batchSize: 2, verbose: 0, callbacks: [keeper]);
        var ends = keeper.All("predict_batch_end").ToList();
        Assert.That(ends, Has.Count.EqualTo(3));
        var rows = ends.SelectMany(l => l.Outputs[0].ToArray()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ends.Select(l => l.Outputs.IsSingle), Is.All.True);
            Assert.That(ends.Select(l => l.Outputs[0].Shape[0]), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(rows, Is.EqualTo(predictions.ToArray()), "each batch's outputs are its rows of the prediction, kept intact");
            Assert.That(ends.All(l => l.Count == 0), Is.True, "as Keras, the logs hold only the outputs");
            Assert.That(keeper.Last("predict_begin").Outputs, Is.Empty);
            Assert.That(keeper.Last("predict_end").Outputs, Is.Empty);
            Assert.That(keeper.All("predict_batch_begin").All(l => l.Outputs.Count == 0), Is.True);
        });
    }

    [Test]
    public void PredictBatchEnd_OverADataSource_ReceivesTheBatchsOutputs()
    {
        var model = Model();
        var x = Tensor.FromArray(X);
        IEnumerable<Batch> Batches()
        {
            yield return Ops.SliceRows(x, 0, 2);
            yield return Ops.SliceRows(x, 2, 2);
            yield return Ops.SliceRows(x, 4, 1);
        }
        var keeper = new Keeper();
        var predictions = model.Predict(Batches(), verbose: 0, callbacks: [keeper]);
        var ends = keeper.All("predict_batch_end").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ends.Select(l => l.Outputs.IsSingle), Is.EqualTo(new[] { true, true, true }));
            Assert.That(ends.Select(l => l.Outputs[0].Shape[0]), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(ends.SelectMany(l => l.Outputs[0].ToArray()), Is.EqualTo(predictions.ToArray()), "the same rows as the array path gives");
            Assert.That(keeper.All("predict_batch_begin").All(l => l.Outputs.Count == 0), Is.True);
        });
    }

    [Test]
    public void PredictBatchEnd_ForSeveralOutputs_GivesOneTensorPerOutput()
    {
        var input = new Input(shape: [2]);
        var model = new Model(inputs: [input], outputs: [new Dense(1).Apply(input), new Dense(3).Apply(input)]);
        var shapes = new List<string>();
        model.PredictMany(X, batchSize: 4, verbose: 0,
            callbacks: [new LambdaCallback(onPredictBatchEnd: (i, l) => shapes.Add(string.Join(" ", l.Outputs.Select(t => t.Shape.ToString()))))]);
        Assert.That(shapes, Is.EqualTo(new[] { $"{new Shape(4, 1)} {new Shape(4, 3)}", $"{new Shape(1, 1)} {new Shape(1, 3)}" }));
    }
}
