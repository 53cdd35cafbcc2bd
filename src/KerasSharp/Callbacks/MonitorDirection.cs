namespace KerasSharp.Callbacks;

/// <summary>
/// Whether a monitored quantity improves upwards or downwards (Keras' <c>MonitorCallback</c> modes), shared by the
/// callbacks that watch one: <see cref="EarlyStopping"/> and <see cref="ModelCheckpoint"/>.
/// </summary>
internal static class MonitorDirection
{
    /// <summary>Throws Keras' message when <paramref name="mode"/> is not <c>auto</c>, <c>min</c> or <c>max</c>.</summary>
    public static void CheckMode(string mode, string callback)
    {
        if (mode is not ("auto" or "min" or "max"))
        {
            throw new ArgumentException($"{callback} mode '{mode}' is unknown. Valid modes: auto, min, max.", nameof(mode));
        }
    }

    /// <summary>
    /// True when larger values of <paramref name="monitor"/> are better: from <paramref name="mode"/>, or in
    /// <c>auto</c> mode from the name (losses and errors go down; accuracies, AUC, precision and recall go up).
    /// </summary>
    /// <exception cref="InvalidOperationException">The direction cannot be told from the name in auto mode.</exception>
    public static bool Maximize(string monitor, string mode, string callback)
    {
        if (mode != "auto")
        {
            return mode == "max";
        }
        string name = monitor.StartsWith("val_", StringComparison.Ordinal) ? monitor[4..] : monitor;
        if (name == "loss" || name.Contains("error", StringComparison.Ordinal) || name is "mse" or "mae" || name.EndsWith("_loss", StringComparison.Ordinal))
        {
            return false;
        }
        if (name.Contains("acc", StringComparison.Ordinal) || name is "auc" or "precision" or "recall")
        {
            return true;
        }
        throw new InvalidOperationException(
            $"{callback} callback received monitor={monitor} but KerasSharp isn't able to automatically determine whether that metric should be maximized or minimized. Pass mode: \"max\" in order to monitor based on the highest metric value, or pass mode: \"min\" in order to use the lowest value.");
    }
}
