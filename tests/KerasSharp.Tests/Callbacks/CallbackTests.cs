using KerasSharp.Callbacks;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class CallbackTests
{
    private static readonly float[,] X = TinyClassifier.X;
    private static readonly float[] Y = TinyClassifier.Y;

    private static Sequential Model() => TinyClassifier.Model();

    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = [];
        public override void OnTrainBegin(Logs logs) => Calls.Add("train_begin");
        public override void OnTrainEnd(Logs logs) => Calls.Add($"train_end({string.Join(",", logs.Keys)})");
        public override void OnEpochBegin(int epoch, Logs logs) => Calls.Add($"epoch_begin {epoch}");
        public override void OnEpochEnd(int epoch, Logs logs) => Calls.Add($"epoch_end {epoch} ({string.Join(",", logs.Keys)})");
        public override void OnTrainBatchBegin(int batch, Logs logs) => Calls.Add($"batch_begin {batch}");
        public override void OnTrainBatchEnd(int batch, Logs logs) => Calls.Add($"batch_end {batch}");
        public override void OnTestBegin(Logs logs) => Calls.Add("test_begin");
        public override void OnTestBatchBegin(int batch, Logs logs) => Calls.Add($"test_batch_begin {batch}");
        public override void OnTestBatchEnd(int batch, Logs logs) => Calls.Add($"test_batch_end {batch}");
        public override void OnTestEnd(Logs logs) => Calls.Add("test_end");
        public override void OnPredictBegin(Logs logs) => Calls.Add("predict_begin");
        public override void OnPredictBatchBegin(int batch, Logs logs) => Calls.Add($"predict_batch_begin {batch}");
        public override void OnPredictBatchEnd(int batch, Logs logs) => Calls.Add($"predict_batch_end {batch}");
        public override void OnPredictEnd(Logs logs) => Calls.Add("predict_end");
    }

    [Test]
    public void Fit_CallsHooksInKerasOrder()
    {
        var recorder = new Recorder();
        // 5 samples, split 0.4: 3 training rows (batches of 2 and 1), 2 validation rows (one batch).
        Model().Fit(X, Y, epochs: 2, batchSize: 2, verbose: 0, validationSplit: 0.4f, callbacks: [recorder]);
        string[] epoch(int e) =>
        [
            $"epoch_begin {e}", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
            "test_begin", "test_batch_begin 0", "test_batch_end 0", "test_end",
            $"epoch_end {e} (accuracy,loss,val_accuracy,val_loss)",
        ];
        string[] expected = ["train_begin", .. epoch(0), .. epoch(1), "train_end(accuracy,loss,val_accuracy,val_loss)"];
        Assert.That(recorder.Calls, Is.EqualTo(expected));
    }

    [Test]
    public void Predict_CallsPredictHooks()
    {
        var recorder = new Recorder();
        Model().Predict(X, batchSize: 3, verbose: 0, callbacks: [recorder]);
        Assert.That(recorder.Calls, Is.EqualTo(new[]
        {
            "predict_begin", "predict_batch_begin 0", "predict_batch_end 0", "predict_batch_begin 1", "predict_batch_end 1", "predict_end",
        }));
    }

    [Test]
    public void Callback_GetsModelAndParams()
    {
        var recorder = new Recorder();
        var model = Model();
        model.Fit(X, Y, epochs: 3, batchSize: 2, verbose: 0, callbacks: [recorder]);
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Model, Is.SameAs(model));
            Assert.That(recorder.Params["epochs"], Is.EqualTo(3));
            Assert.That(recorder.Params["steps"], Is.EqualTo(3));
            Assert.That(recorder.Params["verbose"], Is.EqualTo(0));
        });
    }

    [Test]
    public void StopTraining_FromACallback_EndsFitAfterTheBatch()
    {
        var model = Model();
        var stopper = new StopAfterFirstBatch();
        var history = model.Fit(X, Y, epochs: 5, batchSize: 2, verbose: 0, callbacks: [stopper]);
        Assert.That(stopper.Batches, Is.EqualTo(1));
        Assert.That(history.Epoch, Is.EqualTo(new[] { 0 }));
    }

    private sealed class StopAfterFirstBatch : Callback
    {
        public int Batches { get; private set; }

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            Batches++;
            Model!.StopTraining = true;
        }
    }

    [Test]
    public void Logs_DeconstructAndIndex()
    {
        var logs = new Logs { ["loss"] = 0.5, ["accuracy"] = 0.75 };
        var (loss, accuracy) = logs;
        Assert.Multiple(() =>
        {
            Assert.That(loss, Is.EqualTo(0.5));
            Assert.That(accuracy, Is.EqualTo(0.75));
            Assert.That(logs[1], Is.EqualTo(0.75));
            Assert.That(logs.ToString(), Is.EqualTo("loss: 0.5000 - accuracy: 0.7500"));
            Assert.That(() => logs["val_loss"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("loss, accuracy"));
        });
    }
}
