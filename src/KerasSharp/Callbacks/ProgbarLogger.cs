using KerasSharp.Utils;

namespace KerasSharp.Callbacks;

/// <summary>
/// Prints Keras 3's progress output: <c>Epoch 1/20</c>, then one bar per epoch
/// (<c>4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.7500 - loss: 0.4697</c>). Added by <c>Fit</c>,
/// <c>Evaluate</c> and <c>Predict</c> when <c>verbose</c> is 1 or 2. On a terminal the bar is redrawn in place with
/// colours; when output is redirected, or in a notebook (a .NET Interactive kernel), each epoch prints one clean line.
/// </summary>
public sealed class ProgbarLogger : Callback
{
    private readonly TextWriter? _output;
    private readonly bool? _dynamic;
    private Progbar? _bar;
    private int _epochs;
    private int _verbose;
    private int? _target;
    private int _seen;

    /// <summary>Creates the logger.</summary>
    /// <param name="output">Where to write; defaults to the console (with terminal detection).</param>
    /// <param name="dynamicDisplay">Redraw in place with ANSI colours; defaults to "output is a terminal".</param>
    public ProgbarLogger(TextWriter? output = null, bool? dynamicDisplay = null)
    {
        _output = output;
        _dynamic = dynamicDisplay;
    }

    /// <inheritdoc/>
    /// <remarks>It reads the logs only during each call.</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void SetParams(IReadOnlyDictionary<string, int> parameters)
    {
        base.SetParams(parameters);
        _verbose = parameters.TryGetValue("verbose", out var v) ? v : 1;
        _epochs = parameters.TryGetValue("epochs", out var e) ? e : 1;
        _target = parameters.TryGetValue("steps", out var s) ? s : null; // absent: unknown (a source of unknown size)
    }

    private Progbar NewBar()
    {
        var writer = _output ?? Console.Out;
        bool dynamic = _dynamic ?? (_output is null && ConsoleInfo.IsTerminal);
        bool ansi = dynamic && (_output is not null || ConsoleInfo.SupportsAnsi);
        bool unicode = _output is not null || ConsoleInfo.IsUtf8;
        return new Progbar(_target is int target ? Math.Max(target, 1) : null, writer, _verbose, dynamic, ansi, unicode);
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        if (_verbose > 0 && _epochs > 1)
        {
            (_output ?? Console.Out).WriteLine($"Epoch {epoch + 1}/{_epochs}");
        }
        _bar = NewBar();
        _seen = 0;
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => Step(batch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => Finish(logs);

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs)
    {
        if (Model is { IsInFit: false })
        {
            _bar = NewBar();
            _seen = 0;
        }
    }

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, Logs logs)
    {
        if (Model is { IsInFit: false })
        {
            Step(batch, logs);
        }
    }

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs)
    {
        if (Model is { IsInFit: false })
        {
            Finish(logs);
        }
    }

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs)
    {
        _bar = NewBar();
        _seen = 0;
    }

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, Logs logs) => Step(batch, logs);

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => Finish(logs);

    private void Step(int batch, Logs logs)
    {
        _seen = batch + 1;
        if (_verbose == 1 && (_target is null || _seen < _target))
        {
            _bar?.Update(_seen, Ordered(logs));
        }
    }

    private void Finish(Logs logs)
    {
        // as Keras: an unknown number of steps is known at the end of the first epoch, for the bar and the next ones
        if (_target is null)
        {
            _target = _seen;
            _bar?.Target = Math.Max(_seen, 1);
        }
        _bar?.Update(Math.Max(_seen, _target.Value), Ordered(logs), finalize: true);
        _bar = null;
    }

    /// <summary>Keras 3's visible order: training keys sorted, then sorted <c>val_</c> keys, then the rest as added.</summary>
    internal static List<KeyValuePair<string, double>> Ordered(Logs logs)
    {
        var train = logs.Where(kv => !kv.Key.StartsWith("val_", StringComparison.Ordinal) && kv.Key != "learning_rate").OrderBy(kv => kv.Key, StringComparer.Ordinal);
        var val = logs.Where(kv => kv.Key.StartsWith("val_", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal);
        var extra = logs.Where(kv => kv.Key == "learning_rate");
        return [.. train, .. val, .. extra];
    }
}
