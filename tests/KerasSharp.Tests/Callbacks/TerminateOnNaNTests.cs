using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class TerminateOnNaNTests
{
    /// <summary>Eight samples of one feature; batches of two, in order, so sample <c>k</c> is in batch <c>k / 2</c>.</summary>
    private static float[,] Inputs() => new float[,] { { 0 }, { 1 }, { 2 }, { 3 }, { 4 }, { 5 }, { 6 }, { 7 } };

    private static float[] Targets() => [0, 1, 0, 1, 0, 1, 0, 1];

    private static Sequential Model()
    {
        var model = new Sequential([new Input(shape: [1]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        return model;
    }

    /// <summary>Counts the training batches that ran and whether OnTrainEnd was reached.</summary>
    private sealed class BatchCounter : Callback
    {
        public List<(int Epoch, int Batch)> Batches { get; } = [];
        public bool TrainEnded { get; private set; }
        private int _epoch;
        public override void OnEpochBegin(int epoch, Logs logs) => _epoch = epoch;
        public override void OnTrainBatchEnd(int batch, Logs logs) => Batches.Add((_epoch, batch));
        public override void OnTrainEnd(Logs logs) => TrainEnded = true;
    }

    private static (TrainingHistory History, BatchCounter Counter, string Output) FitWith(float[,] x, float[] y, bool raiseError = false)
    {
        var output = new StringWriter();
        var counter = new BatchCounter();
        var history = Model().Fit(x, y, batchSize: 2, epochs: 3, verbose: 0, shuffle: false,
            callbacks: [new TerminateOnNaN(raiseError, output), counter]);
        return (history, counter, output.ToString());
    }

    [Test]
    public void Fit_NaNInputInThirdBatch_StopsAfterThatBatch()
    {
        var x = Inputs();
        x[5, 0] = float.NaN;
        var (_, counter, output) = FitWith(x, Targets());
        Assert.That(counter.Batches, Is.EqualTo(new[] { (0, 0), (0, 1), (0, 2) }));
        Assert.That(output, Is.EqualTo("Batch 2: Invalid loss, terminating training" + Environment.NewLine));
        Assert.That(counter.TrainEnded, Is.True);
    }

    [Test]
    public void Fit_NaNLoss_HistoryHasTheStoppedEpoch()
    {
        var x = Inputs();
        x[5, 0] = float.NaN;
        var (history, _, _) = FitWith(x, Targets());
        Assert.That(history.Epoch, Is.EqualTo(new[] { 0 }));
        Assert.That(history.History["loss"], Has.Count.EqualTo(1));
        Assert.That(double.IsNaN(history.History["loss"][0]), Is.True);
    }

    [Test]
    public void Fit_InfiniteLoss_StopsAfterThatBatch()
    {
        // (prediction - 1e30)² overflows float32 to +Inf in the second batch.
        var y = Targets();
        y[3] = 1e30f;
        var (history, counter, output) = FitWith(Inputs(), y);
        Assert.That(counter.Batches, Is.EqualTo(new[] { (0, 0), (0, 1) }));
        Assert.That(output, Does.StartWith("Batch 1: Invalid loss, terminating training"));
        Assert.That(history.Epoch, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void Fit_HugeLearningRate_StopsWhenTheLossDiverges()
    {
        var model = new Sequential([new Input(shape: [1]), new Dense(1)]);
        model.Compile(optimizer: new KerasSharp.Optimizers.SGD(learningRate: 1e10), loss: "mse");
        var output = new StringWriter();
        var history = model.Fit(Inputs(), Targets(), batchSize: 2, epochs: 50, verbose: 0, shuffle: false,
            callbacks: [new TerminateOnNaN(output: output)]);
        Assert.That(output.ToString(), Does.Match(@"^Batch \d+: Invalid loss, terminating training"));
        Assert.That(history.Epoch, Has.Count.LessThan(50));
        Assert.That(double.IsFinite(history.History["loss"][^1]), Is.False);
    }

    [Test]
    public void Fit_RaiseError_ThrowsWithKerasMessage()
    {
        var x = Inputs();
        x[5, 0] = float.NaN;
        var counter = new BatchCounter();
        var ex = Assert.Throws<InvalidOperationException>(() => Model().Fit(x, Targets(), batchSize: 2, epochs: 3, verbose: 0,
            shuffle: false, callbacks: [new TerminateOnNaN(raiseError: true), counter]));
        Assert.That(ex!.Message, Is.EqualTo("NaN or Inf loss encountered at batch 2. Loss value: nan. Terminating training immediately."));
        Assert.That(counter.TrainEnded, Is.False);
    }

    [Test]
    public void OnTrainBatchEnd_RaiseErrorWithInfiniteLoss_NamesInf()
    {
        var callback = new TerminateOnNaN(raiseError: true);
        callback.SetModel(Model());
        var ex = Assert.Throws<InvalidOperationException>(() => callback.OnTrainBatchEnd(4, new Logs { ["loss"] = double.PositiveInfinity }));
        Assert.That(ex!.Message, Does.Contain("at batch 4. Loss value: inf."));
    }

    [Test]
    public void Fit_FiniteLoss_IsNotStopped()
    {
        var (history, counter, output) = FitWith(Inputs(), Targets());
        Assert.That(history.Epoch, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(counter.Batches, Has.Count.EqualTo(12));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void OnTrainBatchEnd_NoLossInLogs_DoesNothing()
    {
        var model = Model();
        var callback = new TerminateOnNaN(raiseError: true);
        callback.SetModel(model);
        callback.OnTrainBatchEnd(0, new Logs { ["accuracy"] = double.NaN });
        Assert.That(model.StopTraining, Is.False);
    }
}
