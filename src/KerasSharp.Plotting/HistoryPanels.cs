#nullable enable
using KerasSharp.Callbacks;

namespace KerasSharp.Plotting;

/// <summary>
/// Groups a history's keys into panels as Keras users read them: each <c>val_</c> key joins its training key, the
/// loss comes first, then the metrics in the order the history recorded them.
/// </summary>
internal static class HistoryPanels
{
    private const string ValidationPrefix = "val_";
    private const string Loss = "loss";

    public static List<CurvePanel> From(TrainingHistory history)
    {
        var quantities = new List<string>();
        foreach (string key in history.History.Keys)
        {
            string quantity = IsValidation(key, history) ? key[ValidationPrefix.Length..] : key;
            if (!quantities.Contains(quantity))
            {
                quantities.Add(quantity);
            }
        }
        int loss = quantities.IndexOf(Loss);
        if (loss > 0)
        {
            quantities.RemoveAt(loss);
            quantities.Insert(0, Loss);
        }

        var panels = new List<CurvePanel>(quantities.Count);
        foreach (string quantity in quantities)
        {
            panels.Add(new CurvePanel(quantity, CurveOf(history, quantity), CurveOf(history, ValidationPrefix + quantity)));
        }
        return panels;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is a validation key. A <c>val_x</c> key is one unless it is itself the
    /// training key of a recorded <c>val_val_x</c>.
    /// </summary>
    private static bool IsValidation(string key, TrainingHistory history)
        => key.StartsWith(ValidationPrefix, StringComparison.Ordinal) && key.Length > ValidationPrefix.Length
            && !history.History.ContainsKey(ValidationPrefix + key);

    private static Curve? CurveOf(TrainingHistory history, string key)
    {
        if (!history.History.TryGetValue(key, out var values) || values.Count == 0)
        {
            return null;
        }
        // Epochs as Keras users count them (1-based); a series recorded on fewer epochs than the history counts
        // from the first.
        bool aligned = values.Count == history.Epoch.Count;
        var epochs = new double[values.Count];
        for (int i = 0; i < epochs.Length; i++)
        {
            epochs[i] = (aligned ? history.Epoch[i] : i) + 1;
        }
        return new Curve(epochs, [.. values]);
    }
}
