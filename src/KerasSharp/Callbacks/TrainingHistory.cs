namespace KerasSharp.Callbacks;

/// <summary>
/// Records every epoch's logs; <c>Fit</c> returns it. Keras' <c>History</c> callback:
/// Python's <c>history.history["loss"]</c> is <c>history.History["loss"]</c>.
/// </summary>
/// <example>
/// <code>
/// var history = model.Fit(x, y, epochs: 10, validationSplit: 0.2);
/// double lastValLoss = history.History["val_loss"][^1];
/// </code>
/// </example>
public sealed class TrainingHistory : Callback
{
    /// <summary>Per key (<c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, …), one value per epoch.</summary>
    public Dictionary<string, List<double>> History { get; } = new(StringComparer.Ordinal);

    /// <summary>The zero-based indices of the epochs recorded.</summary>
    public List<int> Epoch { get; } = [];

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        Epoch.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!History.TryGetValue(key, out var list))
            {
                History[key] = list = [];
            }
            list.Add(value);
        }
    }
}
