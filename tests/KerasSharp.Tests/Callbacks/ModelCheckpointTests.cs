using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class ModelCheckpointTests
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("kerassharp-checkpoint-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static float[,] Inputs() => new float[,] { { 0, 1 }, { 1, 0 }, { 2, 1 }, { 3, 0 }, { 4, 1 }, { 5, 0 }, { 6, 1 }, { 7, 0 }, { 8, 1 }, { 9, 0 } };

    private static float[] Targets() => [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];

    private static Sequential Model()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "tanh"), new Dense(1)]);
        model.Compile(optimizer: "adam", loss: "mse");
        return model;
    }

    private string In(string name) => Path.Combine(_folder, name);

    [Test]
    public void EveryEpoch_WritesOneFilePerEpoch_TheLastLoadsAsTheTrainedModel()
    {
        var model = Model();
        var checkpoint = new ModelCheckpoint(In("model-{epoch:02d}.keras"));
        model.Fit(Inputs(), Targets(), batchSize: 5, epochs: 3, verbose: 0, callbacks: [checkpoint]);
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(_folder).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "model-01.keras", "model-02.keras", "model-03.keras" }));
            Assert.That(checkpoint.LastSavedPath, Is.EqualTo(In("model-03.keras")));
            var loaded = KerasSharp.Models.Model.Load(In("model-03.keras"));
            Assert.That(loaded.Predict(Inputs(), verbose: 0).ToArray(), Is.EqualTo(model.Predict(Inputs(), verbose: 0).ToArray()));
        });
    }

    [Test]
    public void SaveBestOnly_SavesOnImprovementOnly_AndSaysSo()
    {
        var output = new StringWriter();
        var model = Model();
        var checkpoint = new ModelCheckpoint(In("best.keras"), monitor: "loss", verbose: 1, saveBestOnly: true, output: output);
        var history = model.Fit(Inputs(), Targets(), batchSize: 5, epochs: 4, verbose: 0, callbacks: [checkpoint]);
        var losses = history.History["loss"];
        string text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(checkpoint.Best, Is.EqualTo(losses.Min()));
            Assert.That(text, Does.Contain($"Epoch 1: loss improved from None to {losses[0]:F5}, saving model to {In("best.keras")}"));
            Assert.That(File.Exists(In("best.keras")), Is.True);
        });
    }

    [Test]
    public void SaveBestOnly_ThresholdNeverBeaten_WritesNothing()
    {
        var output = new StringWriter();
        var checkpoint = new ModelCheckpoint(In("best.keras"), monitor: "loss", verbose: 1, saveBestOnly: true, initialValueThreshold: -1, output: output);
        Model().Fit(Inputs(), Targets(), batchSize: 5, epochs: 2, verbose: 0, callbacks: [checkpoint]);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(In("best.keras")), Is.False);
            Assert.That(output.ToString(), Does.Contain("Epoch 2: loss did not improve from -1.00000"));
        });
    }

    [Test]
    public void SaveWeightsOnly_WritesAWeightsFileThatLoadsIntoAFreshModel()
    {
        var model = Model();
        model.Fit(Inputs(), Targets(), batchSize: 5, epochs: 2, verbose: 0,
            callbacks: [new ModelCheckpoint(In("w.weights.h5"), saveWeightsOnly: true)]);
        var fresh = Model();
        fresh.LoadWeights(In("w.weights.h5"));
        Assert.That(fresh.Predict(Inputs(), verbose: 0).ToArray(), Is.EqualTo(model.Predict(Inputs(), verbose: 0).ToArray()));
    }

    [Test]
    public void SaveFreqInBatches_NamesFilesByEpochAndBatch()
    {
        // 10 samples in batches of 2: 5 batches an epoch, a save every 2 batches
        Model().Fit(Inputs(), Targets(), batchSize: 2, epochs: 2, verbose: 0,
            callbacks: [new ModelCheckpoint(In("m-{epoch}-{batch}.keras"), saveFreq: 2)]);
        Assert.That(Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "m-1-2.keras", "m-1-4.keras", "m-2-1.keras", "m-2-3.keras", "m-2-5.keras" }));
    }

    [Test]
    public void WrongExtensions_AreRejectedAsKerasDoes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ModelCheckpoint(In("w.h5"), saveWeightsOnly: true),
                Throws.ArgumentException.With.Message.Contains("must end in `.weights.h5`"));
            Assert.That(() => new ModelCheckpoint(In("model.ckpt")),
                Throws.ArgumentException.With.Message.Contains("must end in `.keras`"));
            Assert.That(() => new ModelCheckpoint(In("m.keras"), mode: "maximum"),
                Throws.ArgumentException.With.Message.Contains("mode 'maximum' is unknown"));
        });
    }

    [Test]
    public void MonitorWithoutDirection_InAutoMode_AsksForAMode()
    {
        var checkpoint = new ModelCheckpoint(In("m.keras"), monitor: "custom_score", saveBestOnly: true);
        checkpoint.SetModel(Model());
        Assert.That(() => checkpoint.OnEpochEnd(0, new Logs { ["custom_score"] = 1 }),
            Throws.InvalidOperationException.With.Message.Contains("monitor=custom_score").And.Message.Contains("mode: \"max\""));
    }
}
