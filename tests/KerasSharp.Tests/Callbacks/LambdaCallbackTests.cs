using KerasSharp.Callbacks;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class LambdaCallbackTests
{
    private static readonly float[,] X = TinyClassifier.X;
    private static readonly float[] Y = TinyClassifier.Y;

    private static Sequential Model() => TinyClassifier.Model();

    private static string Keys(Logs logs) => string.Join(",", logs.Keys);

    [Test]
    public void Fit_CallsEachDelegateInOrder_WithTheHooksLogs()
    {
        var calls = new List<string>();
        var callback = new LambdaCallback(
            onEpochBegin: (e, l) => calls.Add($"epoch_begin {e} [{Keys(l)}]"),
            onEpochEnd: (e, l) => calls.Add($"epoch_end {e} [{Keys(l)}]"),
            onTrainBegin: l => calls.Add($"train_begin [{Keys(l)}]"),
            onTrainEnd: l => calls.Add($"train_end [{Keys(l)}]"),
            onTrainBatchBegin: (b, l) => calls.Add($"batch_begin {b} [{Keys(l)}]"),
            onTrainBatchEnd: (b, l) => calls.Add($"batch_end {b} [{Keys(l)}]"),
            onTestBegin: l => calls.Add("test_begin"),
            onTestBatchEnd: (b, l) => calls.Add($"test_batch_end {b} [{Keys(l)}]"),
            onTestEnd: l => calls.Add($"test_end [{Keys(l)}]"));
        // 5 samples, split 0.4: 3 training rows (batches of 2 and 1), 2 validation rows
        Model().Fit(X, Y, epochs: 1, batchSize: 2, verbose: 0, validationSplit: 0.4f, callbacks: [callback]);
        Assert.That(calls, Is.EqualTo(new[]
        {
            "train_begin []", "epoch_begin 0 []",
            "batch_begin 0 []", "batch_end 0 [accuracy,loss]", "batch_begin 1 []", "batch_end 1 [accuracy,loss]",
            "test_begin", "test_batch_end 0 [accuracy,loss]", "test_end [accuracy,loss]",
            "epoch_end 0 [accuracy,loss,val_accuracy,val_loss]", "train_end [accuracy,loss,val_accuracy,val_loss]",
        }));
    }

    [Test]
    public void EvaluateAndPredict_CallTheirDelegates()
    {
        var calls = new List<string>();
        var callback = new LambdaCallback(
            onTestBegin: l => calls.Add("test_begin"),
            onTestBatchBegin: (b, l) => calls.Add($"test_batch_begin {b}"),
            onTestEnd: l => calls.Add($"test_end {l["loss"] > 0}"),
            onPredictBegin: l => calls.Add("predict_begin"),
            onPredictBatchBegin: (b, l) => calls.Add($"predict_batch_begin {b}"),
            onPredictBatchEnd: (b, l) => calls.Add($"predict_batch_end {b} rows {l.Outputs[0].Shape[0]}"),
            onPredictEnd: l => calls.Add("predict_end"));
        var model = Model();
        model.Evaluate(X, Y, batchSize: 5, verbose: 0, callbacks: [callback]);
        model.Predict(X, batchSize: 3, verbose: 0, callbacks: [callback]);
        Assert.That(calls, Is.EqualTo(new[]
        {
            "test_begin", "test_batch_begin 0", "test_end True",
            "predict_begin", "predict_batch_begin 0", "predict_batch_end 0 rows 3", "predict_batch_begin 1", "predict_batch_end 1 rows 2", "predict_end",
        }));
    }

    [Test]
    public void NoDelegates_DoesNothing()
    {
        var history = Model().Fit(X, Y, epochs: 2, verbose: 0, callbacks: [new LambdaCallback()]);
        Assert.That(history.Epoch, Is.EqualTo(new[] { 0, 1 }));
    }
}
