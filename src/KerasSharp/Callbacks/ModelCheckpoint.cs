using System.Globalization;

namespace KerasSharp.Callbacks;

/// <summary>
/// Saves the model or its weights during training (Keras' <c>ModelCheckpoint</c>): at the end of every epoch or every
/// few batches, always or only when a monitored quantity improves. The file name may hold Python-style fields filled
/// from the epoch and the logs, as in Keras: <c>"model-{epoch:02d}-{val_loss:.2f}.keras"</c>.
/// </summary>
/// <example>
/// <code>
/// var checkpoint = new ModelCheckpoint("best.keras", monitor: "val_accuracy", mode: "max", saveBestOnly: true);
/// model.Fit(x, y, epochs: 10, validationSplit: 0.2, callbacks: [checkpoint]);
/// var best = Model.Load("best.keras");
/// </code>
/// </example>
public sealed class ModelCheckpoint : Callback
{
    private readonly TextWriter? _output;
    private readonly MonitorDirection _direction;
    private int _currentEpoch;
    private int _lastBatch = -1;
    private int _sinceSave;

    /// <summary>Creates the callback.</summary>
    /// <param name="filepath">
    /// Where to save: ending in <c>.keras</c> or <c>.h5</c> for the whole model, in <c>.weights.h5</c> when
    /// <paramref name="saveWeightsOnly"/>. Fields such as <c>{epoch:02d}</c>, <c>{batch}</c> or <c>{val_loss:.2f}</c>
    /// are filled in at each save (epochs and batches counted from 1).
    /// </param>
    /// <param name="monitor">The quantity compared when <paramref name="saveBestOnly"/> (default <c>val_loss</c>).</param>
    /// <param name="verbose">1 prints a message at each decision.</param>
    /// <param name="saveBestOnly">Save only when the monitored quantity improves on the best seen so far.</param>
    /// <param name="saveWeightsOnly">Save only the weights (<c>SaveWeights</c>), with the optimizer's state, instead of the whole model.</param>
    /// <param name="mode"><c>"auto"</c>, <c>"min"</c> or <c>"max"</c>; auto infers the direction from the name.</param>
    /// <param name="saveFreq"><c>"epoch"</c> (default) or a number of training batches.</param>
    /// <param name="initialValueThreshold">A best value to beat before the first save, when <paramref name="saveBestOnly"/>.</param>
    /// <param name="output">Where messages go (default: the console).</param>
    /// <exception cref="ArgumentException">The file name's extension does not fit the kind of save, or the mode is unknown.</exception>
    public ModelCheckpoint(string filepath, string monitor = "val_loss", int verbose = 0, bool saveBestOnly = false, bool saveWeightsOnly = false,
        string mode = "auto", SaveFrequency saveFreq = default, double? initialValueThreshold = null, TextWriter? output = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(filepath);
        _direction = new MonitorDirection(monitor, mode, 0, nameof(ModelCheckpoint));
        if (saveWeightsOnly && !filepath.EndsWith(".weights.h5", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"When using saveWeightsOnly: true in ModelCheckpoint, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath={filepath}",
                nameof(filepath));
        }
        if (!saveWeightsOnly && !filepath.EndsWith(".keras", StringComparison.Ordinal) && !filepath.EndsWith(".h5", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The filepath provided must end in `.keras` (Keras model format). Received: filepath={filepath}", nameof(filepath));
        }
        Filepath = filepath;
        Verbose = verbose;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        SaveFreq = saveFreq;
        Best = initialValueThreshold;
        _output = output;
    }

    /// <summary>The file name template.</summary>
    public string Filepath { get; }

    /// <summary>The monitored quantity.</summary>
    public string Monitor => _direction.Monitor;

    /// <summary>Verbosity (0 or 1).</summary>
    public int Verbose { get; }

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the weights are saved.</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary><c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public string Mode => _direction.Mode;

    /// <summary>How often the callback saves.</summary>
    public SaveFrequency SaveFreq { get; }

    /// <summary>The best monitored value seen so far (or the initial threshold), null before the first.</summary>
    public double? Best { get; private set; }

    /// <summary>The path of the last file written, or null.</summary>
    public string? LastSavedPath { get; private set; }

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => _currentEpoch = epoch;

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (SaveFreq.DueAfter(batch, ref _lastBatch, ref _sinceSave))
        {
            SaveModel(_currentEpoch, batch, logs);
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (SaveFreq.IsEpoch)
        {
            SaveModel(epoch, null, logs);
        }
    }

    private void SaveModel(int epoch, int? batch, Logs logs)
    {
        string path = FilePath(epoch, batch, logs);
        if (!ShouldSave(epoch, logs, path))
        {
            return;
        }
        if (Directory.Exists(path))
        {
            throw new IOException($"Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: {path}");
        }
        if (SaveWeightsOnly)
        {
            Model!.SaveWeights(path, overwrite: true);
        }
        else
        {
            Model!.Save(path, overwrite: true);
        }
        LastSavedPath = path;
        if (Verbose > 0)
        {
            Out.WriteLine($"\nEpoch {epoch + 1}: finished saving model to {path}");
        }
    }

    private bool ShouldSave(int epoch, Logs logs, string path)
    {
        if (!SaveBestOnly)
        {
            if (Verbose > 0)
            {
                Out.WriteLine($"\nEpoch {epoch + 1}: saving model to {path}");
            }
            return true;
        }
        if (_direction.ValueIn(logs) is not double current)
        {
            Out.WriteLine($"Warning: Can save best model only with {Monitor} available.");
            return true;
        }
        string best = Best is double b ? b.ToString("F5", CultureInfo.InvariantCulture) : "None";
        bool improved = _direction.IsImprovement(current, Best);
        if (Verbose > 0)
        {
            Out.WriteLine(improved
                ? $"\nEpoch {epoch + 1}: {Monitor} improved from {best} to {current.ToString("F5", CultureInfo.InvariantCulture)}, saving model to {path}"
                : $"\nEpoch {epoch + 1}: {Monitor} did not improve from {best}");
        }
        if (improved)
        {
            Best = current;
        }
        return improved;
    }

    // Keras fills {epoch} (from 1), {batch} (from 1, batch saves only) and every log name
    private string FilePath(int epoch, int? batch, Logs logs)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in logs)
        {
            values[key] = value;
        }
        values["epoch"] = epoch + 1;
        if (batch is int b && !logs.ContainsKey("batch"))
        {
            values["batch"] = b + 1;
        }
        return CheckpointPath.Format(Filepath, values);
    }

    private TextWriter Out => _output ?? Console.Out;
}
