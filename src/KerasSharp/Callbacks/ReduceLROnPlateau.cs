namespace KerasSharp.Callbacks;

/// <summary>
/// Reduces the learning rate when a monitored quantity has stopped improving (Keras' <c>ReduceLROnPlateau</c>): after
/// <see cref="Patience"/> epochs without improvement the learning rate is multiplied by <see cref="Factor"/>, never
/// below <see cref="MinLr"/>, then the callback waits <see cref="Cooldown"/> epochs before counting again. At the end
/// of every epoch it writes the optimizer's current learning rate into the logs as <c>learning_rate</c>, so
/// <c>history.History["learning_rate"]</c> records it.
/// </summary>
/// <example>
/// <code>
/// var reduceLr = new ReduceLROnPlateau(monitor: "val_loss", factor: 0.2, patience: 5, minLr: 0.001);
/// model.Fit(x, y, epochs: 50, validationSplit: 0.2, callbacks: [reduceLr]);
/// </code>
/// </example>
public sealed class ReduceLROnPlateau : Callback
{
    private readonly MonitorDirection _direction;
    private readonly TextWriter? _output;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">Quantity to monitor (default <c>val_loss</c>).</param>
    /// <param name="factor">Factor by which the learning rate is reduced: <c>newLr = lr * factor</c>; below 1.</param>
    /// <param name="patience">Epochs without improvement after which the learning rate is reduced.</param>
    /// <param name="verbose">0: quiet; 1: a message at each reduction.</param>
    /// <param name="mode"><c>"auto"</c>, <c>"min"</c> or <c>"max"</c>; auto infers the direction from the name.</param>
    /// <param name="minDelta">Threshold for measuring the new optimum, to only focus on significant changes.</param>
    /// <param name="cooldown">Epochs to wait after a reduction before resuming normal operation.</param>
    /// <param name="minLr">Lower bound on the learning rate.</param>
    /// <param name="output">Where messages go (default: the console).</param>
    /// <exception cref="ArgumentException"><paramref name="factor"/> is 1 or more, or the mode is unknown.</exception>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10, int verbose = 0, string mode = "auto",
        double minDelta = 1e-4, int cooldown = 0, double minLr = 0.0, TextWriter? output = null)
    {
        _direction = new MonitorDirection(monitor, mode, minDelta, nameof(ReduceLROnPlateau));
        if (!(factor < 1.0))
        {
            throw new ArgumentException($"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={Utils.Python.Float(factor)}", nameof(factor));
        }
        Factor = factor;
        Patience = patience;
        Verbose = verbose;
        Cooldown = cooldown;
        MinLr = minLr;
        _output = output;
    }

    /// <summary>The monitored quantity.</summary>
    public string Monitor => _direction.Monitor;

    /// <summary>The factor applied to the learning rate at each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Verbosity (0 or 1).</summary>
    public int Verbose { get; }

    /// <summary><c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public string Mode => _direction.Mode;

    /// <summary>Minimum change that counts as an improvement.</summary>
    public double MinDelta => _direction.MinDelta;

    /// <summary>Epochs of rest after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>The lowest learning rate the callback sets.</summary>
    public double MinLr { get; }

    /// <summary>The best monitored value seen in this training, or null before the first.</summary>
    public double? Best { get; private set; }

    /// <summary>Epochs since the last improvement (outside cooldown).</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Whether the callback is resting after a reduction.</summary>
    public bool InCooldown => CooldownCounter > 0;

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call (and adds <c>learning_rate</c> to them).</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Best = null;
        CooldownCounter = 0;
        Wait = 0;
        _direction.Reset();
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        var optimizer = LearningRateLog.OptimizerOf(Model, nameof(ReduceLROnPlateau));
        LearningRateLog.Write(optimizer, logs);
        if (_direction.ValueIn(logs) is not double current)
        {
            (_output ?? Console.Error).WriteLine(
                $"Warning: Learning rate reduction is conditioned on metric `{Monitor}` which is not available. Available metrics are: {string.Join(",", logs.Keys)}.");
            return;
        }
        if (InCooldown)
        {
            CooldownCounter--;
            Wait = 0;
        }
        if (_direction.IsImprovement(current, Best))
        {
            Best = current;
            Wait = 0;
            return;
        }
        if (InCooldown)
        {
            return;
        }
        Wait++;
        if (Wait < Patience)
        {
            return;
        }
        double oldLr = LearningRateLog.Read(optimizer);
        if (oldLr > (float)MinLr)
        {
            double newLr = Math.Max(oldLr * Factor, MinLr);
            optimizer.LearningRate = newLr;
            if (Verbose > 0)
            {
                (_output ?? Console.Out).WriteLine($"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {Utils.Python.Float(newLr)}.");
            }
            CooldownCounter = Cooldown;
            Wait = 0;
        }
    }
}
