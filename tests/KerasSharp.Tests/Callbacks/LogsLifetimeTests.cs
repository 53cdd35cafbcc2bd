using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

/// <summary>Each batch's logs keep their own values once a callback has them, as Keras gives each batch its own dict.</summary>
public class LogsLifetimeTests
{
    private sealed class KeepsEveryLogs : Callback
    {
        public List<(Logs Logs, double[] Values)> Train { get; } = [];

        public List<(Logs Logs, double[] Values)> Test { get; } = [];

        public List<Logs> Begins { get; } = [];

        public override void OnTrainBatchBegin(int batch, Logs logs) => Begins.Add(logs);

        public override void OnTrainBatchEnd(int batch, Logs logs) => Train.Add((logs, logs.ToArray()));

        public override void OnTestBatchEnd(int batch, Logs logs) => Test.Add((logs, logs.ToArray()));
    }

    [Test]
    public void LogsKeptByACallback_KeepTheirBatchsValues()
    {
        var x = new float[12, 2];
        var y = new float[12];
        for (int i = 0; i < 12; i++)
        {
            x[i, 0] = i % 3;
            x[i, 1] = i % 2;
            y[i] = i % 2;
        }
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"]);
        var keeper = new KeepsEveryLogs();
        model.Fit(x, y, batchSize: 3, epochs: 2, verbose: 0, validationData: (x, y), callbacks: [keeper]);
        Assert.Multiple(() =>
        {
            Assert.That(keeper.Train, Has.Count.EqualTo(8));
            Assert.That(keeper.Test, Has.Count.EqualTo(8));
            foreach (var (logs, values) in keeper.Train.Concat(keeper.Test))
            {
                Assert.That(logs.ToArray(), Is.EqualTo(values), "a kept logs object still holds the values of its batch");
            }
            Assert.That(keeper.Train.Select(t => t.Logs).Distinct().Count(), Is.EqualTo(8), "each batch has its own logs");
            Assert.That(keeper.Train.Select(t => t.Logs["loss"]).Distinct().Count(), Is.GreaterThan(1), "the batches' losses differ");
            Assert.That(keeper.Begins.Distinct().Count(), Is.EqualTo(8), "each batch-begin hook has its own (empty) logs too");
        });
    }
}
