using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class EarlyStoppingTests
{
    /// <summary>Feeds a scripted sequence of monitored values through OnEpochEnd and reports when training stopped.</summary>
    private static (int? StoppedAt, EarlyStopping Callback) Drive(EarlyStopping stop, params double[] values)
    {
        var model = new Sequential([new Input(shape: [1]), new Dense(1)]);
        stop.SetModel(model);
        stop.OnTrainBegin(new Logs());
        for (int epoch = 0; epoch < values.Length; epoch++)
        {
            stop.OnEpochEnd(epoch, new Logs { ["val_loss"] = values[epoch], ["val_accuracy"] = values[epoch] });
            if (model.StopTraining)
            {
                return (epoch, stop);
            }
        }
        return (null, stop);
    }

    [Test]
    public void PatienceZero_StopsAtFirstEpochWithoutImprovement()
    {
        var (stopped, _) = Drive(new EarlyStopping(), 1.0, 0.9, 0.95, 0.5);
        Assert.That(stopped, Is.EqualTo(2));
    }

    [Test]
    public void Patience_WaitsThatManyEpochs()
    {
        var (stopped, cb) = Drive(new EarlyStopping(patience: 2), 1.0, 0.9, 0.95, 0.96, 0.5);
        Assert.That(stopped, Is.EqualTo(3));
        Assert.That(cb.Best, Is.EqualTo(0.9));
        Assert.That(cb.BestEpoch, Is.EqualTo(1));
    }

    [Test]
    public void MinDelta_SmallChangesDoNotCount()
    {
        var (stopped, _) = Drive(new EarlyStopping(minDelta: 0.1), 1.0, 0.95, 0.8);
        Assert.That(stopped, Is.EqualTo(1));
    }

    [Test]
    public void AccuracyMonitor_InAutoMode_IsMaximised()
    {
        var (stopped, _) = Drive(new EarlyStopping(monitor: "val_accuracy"), 0.5, 0.6, 0.7, 0.65);
        Assert.That(stopped, Is.EqualTo(3));
    }

    [Test]
    public void Baseline_NotBeaten_StopsAfterPatience()
    {
        // Improvements that do not beat the baseline do not reset the wait counter (Keras semantics), so the first
        // epoch without improvement already exceeds the patience; without a baseline it stops one epoch later.
        var (withBaseline, _) = Drive(new EarlyStopping(patience: 2, baseline: 0.1), 1.0, 0.9, 0.95, 0.96);
        var (withoutBaseline, _) = Drive(new EarlyStopping(patience: 2), 1.0, 0.9, 0.95, 0.96);
        Assert.That(withBaseline, Is.EqualTo(2));
        Assert.That(withoutBaseline, Is.EqualTo(3));
    }

    [Test]
    public void StartFromEpoch_IgnoresWarmUp()
    {
        var (stopped, _) = Drive(new EarlyStopping(startFromEpoch: 2), 1.0, 2.0, 3.0, 2.5, 2.6);
        Assert.That(stopped, Is.EqualTo(4));
    }

    [Test]
    public void Verbose_PrintsKerasMessages()
    {
        var output = new StringWriter();
        var model = new Sequential([new Input(shape: [1]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var stop = new EarlyStopping(monitor: "loss", verbose: 1, restoreBestWeights: true, mode: "max", output: output);
        model.Fit(new float[,] { { 1 }, { 2 } }, new float[] { 1, 2 }, epochs: 5, verbose: 0, callbacks: [stop]);
        Assert.That(output.ToString(), Is.EqualTo("Epoch 2: early stopping\nRestoring model weights from the end of the best epoch: 1.\n"));
    }

    [Test]
    public void UnknownMonitorDirection_Throws()
    {
        var stop = new EarlyStopping(monitor: "val_custom");
        Assert.That(() => Drive(stop, 1.0), Throws.InvalidOperationException.With.Message.Contains("mode: \"max\""));
    }

    [Test]
    public void BadMode_Throws() =>
        Assert.That(() => new EarlyStopping(mode: "up"), Throws.ArgumentException.With.Message.Contains("auto, min, max"));
}
