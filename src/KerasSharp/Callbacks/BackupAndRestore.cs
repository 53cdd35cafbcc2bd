using System.Text.Json;
using System.Text.Json.Nodes;

namespace KerasSharp.Callbacks;

/// <summary>
/// Lets training survive an interruption (Keras' <c>BackupAndRestore</c>): it saves the weights, the optimizer's state
/// and the epoch reached into <see cref="BackupDir"/> as training goes; when <c>Fit</c> is run again with the same
/// folder after a crash, it restores them and training resumes from the epoch after the last backup. The folder is
/// deleted when training ends normally (unless <c>deleteCheckpoint: false</c>).
/// </summary>
/// <example>
/// <code>
/// var backup = new BackupAndRestore("backup");
/// model.Fit(x, y, epochs: 50, callbacks: [backup]);   // killed at epoch 20
/// model.Fit(x, y, epochs: 50, callbacks: [backup]);   // in a new process: resumes at epoch 21
/// </code>
/// </example>
public sealed class BackupAndRestore : Callback
{
    private int _currentEpoch;
    private int _lastBatch = -1;
    private int _sinceSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="backupDir">The folder for the backup (created as needed; use it for nothing else).</param>
    /// <param name="saveFreq"><c>"epoch"</c> (default) or a number of training batches between backups.</param>
    /// <param name="doubleCheckpoint">Keep the previous backup too (<c>.bkp</c> files), used when the latest one cannot be read.</param>
    /// <param name="deleteCheckpoint">Delete the folder when training ends normally.</param>
    /// <exception cref="ArgumentException"><paramref name="backupDir"/> is empty.</exception>
    public BackupAndRestore(string backupDir, SaveFrequency saveFreq = default, bool doubleCheckpoint = false, bool deleteCheckpoint = true)
    {
        if (string.IsNullOrEmpty(backupDir))
        {
            throw new ArgumentException("Empty `backupDir` argument passed", nameof(backupDir));
        }
        BackupDir = backupDir;
        SaveFreq = saveFreq;
        DoubleCheckpoint = doubleCheckpoint;
        DeleteCheckpoint = deleteCheckpoint;
    }

    /// <summary>The backup folder.</summary>
    public string BackupDir { get; }

    /// <summary>How often a backup is written.</summary>
    public SaveFrequency SaveFreq { get; }

    /// <summary>Whether the previous backup is kept beside the latest.</summary>
    public bool DoubleCheckpoint { get; }

    /// <summary>Whether the folder is deleted when training ends.</summary>
    public bool DeleteCheckpoint { get; }

    private string WeightsPath => Path.Combine(BackupDir, "latest.weights.h5");

    private string MetadataPath => Path.Combine(BackupDir, "training_metadata.json");

    /// <inheritdoc/>
    /// <remarks>It reads no logs.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _currentEpoch = 0;
        _lastBatch = -1;
        _sinceSave = 0;
        try
        {
            Restore();
        }
        catch (Exception e) when (e is IOException or InvalidDataException && File.Exists(WeightsPath + ".bkp"))
        {
            // the latest backup is damaged (a crash while it was written): fall back to the one before
            File.Copy(WeightsPath + ".bkp", WeightsPath, overwrite: true);
            if (File.Exists(MetadataPath + ".bkp"))
            {
                File.Copy(MetadataPath + ".bkp", MetadataPath, overwrite: true);
            }
            else if (File.Exists(MetadataPath))
            {
                File.Delete(MetadataPath);
            }
            Restore();
        }
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (SaveFreq.DueAfter(batch, ref _lastBatch, ref _sinceSave))
        {
            Backup(_currentEpoch, batch);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        _currentEpoch = epoch + 1;
        _lastBatch = -1;
        if (SaveFreq.IsEpoch)
        {
            Backup(_currentEpoch, 0);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        // training that was stopped by an exception never gets here, so the backup stays for the next run
        if (DeleteCheckpoint && Directory.Exists(BackupDir))
        {
            Directory.Delete(BackupDir, recursive: true);
        }
    }

    private void Restore()
    {
        var model = Model!;
        if (!model.Built)
        {
            throw new InvalidOperationException(
                $"To use the BackupAndRestore callback, your model must be built before you call Fit(). Model {model.Name} is unbuilt. You can build it beforehand by calling it on a batch of data.");
        }
        if (File.Exists(WeightsPath))
        {
            model.LoadWeights(WeightsPath);
        }
        if (File.Exists(MetadataPath))
        {
            JsonNode? metadata;
            try
            {
                metadata = JsonNode.Parse(File.ReadAllText(MetadataPath));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The backup file '{MetadataPath}' is not valid JSON: {e.Message}", e);
            }
            int epoch = metadata?["epoch"]?.GetValue<int>()
                ?? throw new InvalidDataException($"The backup file '{MetadataPath}' has no 'epoch'.");
            model.ResumeEpoch = epoch;
            _currentEpoch = epoch;
        }
    }

    private void Backup(int epoch, int batch)
    {
        Directory.CreateDirectory(BackupDir);
        if (DoubleCheckpoint && File.Exists(WeightsPath))
        {
            File.Copy(WeightsPath, WeightsPath + ".bkp", overwrite: true);
        }
        if (DoubleCheckpoint && File.Exists(MetadataPath))
        {
            File.Copy(MetadataPath, MetadataPath + ".bkp", overwrite: true);
        }
        Model!.SaveWeights(WeightsPath, overwrite: true);
        var metadata = new JsonObject { ["epoch"] = epoch, ["batch"] = batch };
        Saving.AtomicFile.Write(MetadataPath, (string temp) => File.WriteAllText(temp, metadata.ToJsonString()));
    }
}
