using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>
/// Dispatches each hook to a list of callbacks, in order, with the logs as Keras hands them: each hook call gets its
/// own logs, keys sorted by name (Keras' <c>pythonify_logs</c>), shared by the callbacks of that call in list order,
/// so an entry a callback adds (as <see cref="ReduceLROnPlateau"/> adds <c>learning_rate</c>) is seen by the callbacks
/// after it (<see cref="TrainingHistory"/>, last, records it). The loops' own logs are never changed by callbacks.
/// A callback that may keep its logs (<see cref="Callback.KeepsLogs"/>) gets its own copy, which nothing changes after
/// its hook returns; the others share one logs object the list refills for every call, so that a step with only such
/// callbacks allocates nothing.
/// </summary>
internal sealed class CallbackList
{
    private readonly Callback[] _callbacks;
    private readonly bool[] _keeps;
    private readonly Logs _shared = new();

    public CallbackList(IEnumerable<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
    {
        _callbacks = [.. callbacks];
        foreach (var c in _callbacks)
        {
            c.SetModel(model);
            c.SetParams(parameters);
        }
        _keeps = [.. _callbacks.Select(c => c.KeepsLogs)];
    }

    /// <summary>A list with no callbacks (nothing to notify).</summary>
    public static CallbackList Empty { get; } = new([], null!, new Dictionary<string, int>());

    /// <summary>Number of callbacks.</summary>
    public int Count => _callbacks.Length;

    /// <summary>
    /// The logs of a hook call: the list's shared logs refilled from <paramref name="logs"/>, keys sorted. The hooks
    /// call it themselves, so the loops may pass their logs directly.
    /// </summary>
    /// <param name="logs">The loop's logs.</param>
    public Logs Hand(Logs logs)
    {
        if (!ReferenceEquals(logs, _shared) && _callbacks.Length > 0)
        {
            logs.CopyInto(_shared, sorted: true);
        }
        return _shared;
    }

    private void Dispatch(int index, Logs logs, Action<Callback, int, Logs> hook)
    {
        if (_callbacks.Length == 0)
        {
            return;
        }
        var shared = Hand(logs);
        for (int i = 0; i < _callbacks.Length; i++)
        {
            if (!_keeps[i])
            {
                hook(_callbacks[i], index, shared);
                continue;
            }
            var own = shared.Clone();
            int version = own.Version;
            hook(_callbacks[i], index, own);
            if (own.Version != version)
            {
                // what the callback added is seen by the ones after it, without changing its own copy
                own.CopyInto(shared, sorted: false);
            }
        }
    }

    public void OnTrainBegin(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnTrainBegin(l));
    public void OnTrainEnd(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnTrainEnd(l));
    public void OnEpochBegin(int epoch, Logs logs) => Dispatch(epoch, logs, static (c, i, l) => c.OnEpochBegin(i, l));
    public void OnEpochEnd(int epoch, Logs logs) => Dispatch(epoch, logs, static (c, i, l) => c.OnEpochEnd(i, l));
    public void OnTrainBatchBegin(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnTrainBatchBegin(i, l));
    public void OnTrainBatchEnd(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnTrainBatchEnd(i, l));
    public void OnTestBegin(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnTestBegin(l));
    public void OnTestEnd(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnTestEnd(l));
    public void OnTestBatchBegin(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnTestBatchBegin(i, l));
    public void OnTestBatchEnd(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnTestBatchEnd(i, l));
    public void OnPredictBegin(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnPredictBegin(l));
    public void OnPredictEnd(Logs logs) => Dispatch(0, logs, static (c, _, l) => c.OnPredictEnd(l));
    public void OnPredictBatchBegin(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnPredictBatchBegin(i, l));
    public void OnPredictBatchEnd(int batch, Logs logs) => Dispatch(batch, logs, static (c, i, l) => c.OnPredictBatchEnd(i, l));
}
