using KerasSharp.Engine;

namespace KerasSharp.Callbacks;

/// <summary>
/// Stops training when a monitored quantity has stopped improving (Keras' <c>EarlyStopping</c>), optionally restoring
/// the weights of the best epoch.
/// </summary>
/// <example>
/// <code>
/// var stop = new EarlyStopping(monitor: "loss", patience: 3);
/// model.Fit(x, y, epochs: 100, callbacks: [stop]);
/// </code>
/// </example>
public sealed class EarlyStopping : Callback
{
    private readonly TextWriter? _output;
    private readonly MonitorDirection _direction;
    private bool _started;
    private Tensor[]? _bestWeights;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">Quantity to monitor (default <c>val_loss</c>).</param>
    /// <param name="minDelta">Minimum absolute change that counts as an improvement.</param>
    /// <param name="patience">Epochs with no improvement after which training stops.</param>
    /// <param name="verbose">1 prints a message when the callback acts.</param>
    /// <param name="mode"><c>"auto"</c>, <c>"min"</c> or <c>"max"</c>; auto infers it from the name.</param>
    /// <param name="baseline">Stop if the model does not improve over this value.</param>
    /// <param name="restoreBestWeights">Restore the weights of the best epoch at the end of training.</param>
    /// <param name="startFromEpoch">Epochs to wait before monitoring starts.</param>
    /// <param name="output">Where messages go (default: the console).</param>
    public EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0, int verbose = 0, string mode = "auto",
        double? baseline = null, bool restoreBestWeights = false, int startFromEpoch = 0, TextWriter? output = null)
    {
        _direction = new MonitorDirection(monitor, mode, minDelta, nameof(EarlyStopping));
        if (patience < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"EarlyStopping patience must be >= 0, received {patience}.");
        }
        Patience = patience;
        Verbose = verbose;
        Baseline = baseline;
        RestoreBestWeights = restoreBestWeights;
        StartFromEpoch = startFromEpoch;
        _output = output;
    }

    /// <summary>The monitored quantity.</summary>
    public string Monitor => _direction.Monitor;

    /// <summary>Minimum change that counts as an improvement.</summary>
    public double MinDelta => _direction.MinDelta;

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; }

    /// <summary>Verbosity (0 or 1).</summary>
    public int Verbose { get; }

    /// <summary><c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public string Mode => _direction.Mode;

    /// <summary>Baseline the monitored quantity must beat, if any.</summary>
    public double? Baseline { get; }

    /// <summary>Whether the best epoch's weights are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Epochs to wait before monitoring.</summary>
    public int StartFromEpoch { get; }

    /// <summary>The epoch (zero-based) at which training was stopped, or 0.</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The best value seen.</summary>
    public double Best { get; private set; }

    /// <summary>The epoch (zero-based) of the best value.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs since the last improvement.</summary>
    public int Wait { get; private set; }

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Wait = 0;
        StoppedEpoch = 0;
        _bestWeights = null;
        BestEpoch = 0;
        _started = false;
        _direction.Reset();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (!_started)
        {
            _started = true;
            Best = _direction.Maximize ? double.NegativeInfinity : double.PositiveInfinity;
        }
        if (_direction.ValueIn(logs) is not double current)
        {
            (_output ?? Console.Error).WriteLine($"Warning: Early stopping conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}");
            return;
        }
        if (epoch < StartFromEpoch)
        {
            return;
        }
        if (RestoreBestWeights && _bestWeights is null)
        {
            _bestWeights = Model!.GetWeights();
            BestEpoch = epoch;
        }
        Wait++;
        if (_direction.IsImprovement(current, Best))
        {
            Best = current;
            BestEpoch = epoch;
            if (RestoreBestWeights)
            {
                _bestWeights = Model!.GetWeights();
            }
            if (Baseline is null || _direction.IsImprovement(current, Baseline))
            {
                Wait = 0;
            }
            return;
        }
        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Model!.StopTraining = true;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        var output = _output ?? Console.Out;
        if (StoppedEpoch > 0 && Verbose > 0)
        {
            output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        }
        if (RestoreBestWeights && _bestWeights is not null)
        {
            if (Verbose > 0)
            {
                output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
            }
            Model!.SetWeights(_bestWeights);
        }
    }
}
