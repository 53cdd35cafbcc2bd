using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Callbacks;

public class BackupAndRestoreTests
{
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Path.Combine(Directory.CreateTempSubdirectory("kerassharp-backup-").FullName, "backup");

    [TearDown]
    public void RemoveFolder() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    private static float[,] Inputs() => new float[,] { { 0, 1 }, { 1, 0 }, { 2, 1 }, { 3, 0 }, { 4, 1 }, { 5, 0 }, { 6, 1 }, { 7, 0 } };

    private static float[] Targets() => [1, 0, 1, 0, 1, 0, 1, 0];

    /// <summary>A fresh compiled model holding <paramref name="initial"/> (a new process in the same state).</summary>
    private static Sequential Model(Tensor[]? initial)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "tanh"), new Dense(1)]);
        model.Compile(optimizer: "adam", loss: "mse");
        if (initial is not null)
        {
            model.SetWeights(initial);
        }
        return model;
    }

    /// <summary>Throws at the end of one epoch, after the callbacks before it have run (a crash).</summary>
    private sealed class CrashAt(int epoch) : Callback
    {
        public override void OnEpochEnd(int e, Logs logs)
        {
            if (e == epoch)
            {
                throw new IOException("simulated crash");
            }
        }
    }

    [TestCase(2)]
    [TestCase(4)]
    public void CrashThenResume_EndsBitForBitLikeAnUninterruptedRun(int crashEpoch)
    {
        var initial = Model(null).GetWeights();
        var straight = Model(initial);
        straight.Fit(Inputs(), Targets(), batchSize: 4, epochs: 6, verbose: 0, shuffle: false);

        var first = Model(initial);
        Assert.That(() => first.Fit(Inputs(), Targets(), batchSize: 4, epochs: 6, verbose: 0, shuffle: false,
            callbacks: [new BackupAndRestore(_folder), new CrashAt(crashEpoch)]), Throws.InstanceOf<IOException>());
        Assert.That(File.Exists(Path.Combine(_folder, "latest.weights.h5")), Is.True, "the backup survives the crash");

        var resumed = Model(initial);
        var history = resumed.Fit(Inputs(), Targets(), batchSize: 4, epochs: 6, verbose: 0, shuffle: false,
            callbacks: [new BackupAndRestore(_folder)]);
        Assert.Multiple(() =>
        {
            Assert.That(history.Epoch, Is.EqualTo(Enumerable.Range(crashEpoch + 1, 5 - crashEpoch).ToList()));
            var expected = straight.GetWeights();
            var actual = resumed.GetWeights();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.That(actual[i].ToArray(), Is.EqualTo(expected[i].ToArray()), $"weight {i}");
            }
            Assert.That(Directory.Exists(_folder), Is.False, "the backup is deleted when training ends");
        });
    }

    [Test]
    public void DeleteCheckpointFalse_KeepsTheBackupWithTheEpochReached()
    {
        Model(null).Fit(Inputs(), Targets(), batchSize: 4, epochs: 3, verbose: 0,
            callbacks: [new BackupAndRestore(_folder, deleteCheckpoint: false)]);
        string metadata = File.ReadAllText(Path.Combine(_folder, "training_metadata.json"));
        Assert.That(metadata, Does.Contain("\"epoch\":3"));
    }

    [Test]
    public void DoubleCheckpoint_FallsBackToThePreviousBackupWhenTheLatestIsDamaged()
    {
        Model(null).Fit(Inputs(), Targets(), batchSize: 4, epochs: 3, verbose: 0,
            callbacks: [new BackupAndRestore(_folder, doubleCheckpoint: true, deleteCheckpoint: false)]);
        File.WriteAllBytes(Path.Combine(_folder, "latest.weights.h5"), [1, 2, 3]);
        var model = Model(null);
        var history = model.Fit(Inputs(), Targets(), batchSize: 4, epochs: 4, verbose: 0,
            callbacks: [new BackupAndRestore(_folder, doubleCheckpoint: true)]);
        // the previous backup was written after epoch 2 (index 1), so training resumes at index 2
        Assert.That(history.Epoch, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void BatchFrequency_BacksUpWithinAnEpoch()
    {
        var backup = new BackupAndRestore(_folder, saveFreq: 1, deleteCheckpoint: false);
        Model(null).Fit(Inputs(), Targets(), batchSize: 4, epochs: 1, verbose: 0, callbacks: [backup]);
        Assert.That(File.Exists(Path.Combine(_folder, "latest.weights.h5")), Is.True);
    }

    [Test]
    public void EmptyFolder_IsRejected() =>
        Assert.That(() => new BackupAndRestore(""), Throws.ArgumentException.With.Message.Contains("Empty `backupDir`"));
}
