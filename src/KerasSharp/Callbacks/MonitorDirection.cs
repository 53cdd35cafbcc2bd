namespace KerasSharp.Callbacks;

/// <summary>
/// The monitored quantity of a callback that watches one (Keras' <c>MonitorCallback</c>): its name, the mode that
/// tells whether larger values are better, and the minimum change that counts as an improvement. Shared by
/// <see cref="EarlyStopping"/>, <see cref="ModelCheckpoint"/> and <see cref="ReduceLROnPlateau"/>.
/// </summary>
internal sealed class MonitorDirection
{
    private readonly string _callback;
    private bool? _maximize;

    /// <summary>Checks the mode and keeps the settings; the direction is resolved at the first comparison.</summary>
    /// <param name="monitor">The name of the quantity in the logs.</param>
    /// <param name="mode"><c>auto</c>, <c>min</c> or <c>max</c>.</param>
    /// <param name="minDelta">The minimum change that counts as an improvement (its sign is ignored, as in Keras).</param>
    /// <param name="callback">The callback's class name, for messages.</param>
    /// <exception cref="ArgumentException">The mode is unknown.</exception>
    public MonitorDirection(string monitor, string mode, double minDelta, string callback)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        CheckMode(mode, callback);
        Monitor = monitor;
        Mode = mode;
        MinDelta = Math.Abs(minDelta);
        _callback = callback;
    }

    /// <summary>The monitored quantity.</summary>
    public string Monitor { get; }

    /// <summary><c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public string Mode { get; }

    /// <summary>The minimum change that counts as an improvement (non-negative).</summary>
    public double MinDelta { get; }

    /// <summary>
    /// True when larger values are better: from the mode, or in <c>auto</c> mode from the name (losses and errors go
    /// down; accuracies, AUC, precision and recall go up).
    /// </summary>
    /// <exception cref="InvalidOperationException">The direction cannot be told from the name in auto mode.</exception>
    public bool Maximize => _maximize ??= Resolve();

    /// <summary>
    /// Keras' <c>_is_improvement</c>: whether <paramref name="value"/> beats <paramref name="reference"/> by more than
    /// <see cref="MinDelta"/> in the monitored direction; anything beats a missing reference.
    /// </summary>
    public bool IsImprovement(double value, double? reference)
    {
        bool maximize = Maximize; // resolved first, so an undeterminable direction fails at the first comparison
        if (reference is not double r)
        {
            return true;
        }
        return maximize ? value - MinDelta > r : value + MinDelta < r;
    }

    /// <summary>The monitored value in <paramref name="logs"/>, or null.</summary>
    public double? ValueIn(Logs logs) => logs.TryGetValue(Monitor, out double v) ? v : null;

    /// <summary>Throws Keras' message when <paramref name="mode"/> is not <c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public static void CheckMode(string mode, string callback)
    {
        if (mode is not ("auto" or "min" or "max"))
        {
            throw new ArgumentException($"{callback} mode '{mode}' is unknown. Valid modes: auto, min, max.", nameof(mode));
        }
    }

    /// <summary>Forgets the resolved direction (a new training may monitor a differently compiled model).</summary>
    public void Reset() => _maximize = null;

    private bool Resolve()
    {
        if (Mode != "auto")
        {
            return Mode == "max";
        }
        string name = Monitor.StartsWith("val_", StringComparison.Ordinal) ? Monitor[4..] : Monitor;
        if (name == "loss" || name.Contains("error", StringComparison.Ordinal) || name is "mse" or "mae" || name.EndsWith("_loss", StringComparison.Ordinal))
        {
            return false;
        }
        if (name.Contains("acc", StringComparison.Ordinal) || name is "auc" or "precision" or "recall")
        {
            return true;
        }
        throw new InvalidOperationException(
            $"{_callback} callback received monitor={Monitor} but KerasSharp isn't able to automatically determine whether that metric should be maximized or minimized. Pass mode: \"max\" in order to monitor based on the highest metric value, or pass mode: \"min\" in order to use the lowest value.");
    }
}
