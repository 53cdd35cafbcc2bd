using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>Dispatches each hook to a list of callbacks, in order.</summary>
internal sealed class CallbackList(IEnumerable<Callback> callbacks, Model model, IReadOnlyDictionary<string, int> parameters)
{
    private readonly Callback[] _callbacks = Init([.. callbacks], model, parameters);
    private readonly bool _copyLogs = callbacks.Any(c => c.KeepsLogs);

    private static Callback[] Init(Callback[] list, Model model, IReadOnlyDictionary<string, int> parameters)
    {
        foreach (var c in list)
        {
            c.SetModel(model);
            c.SetParams(parameters);
        }
        return list;
    }

    /// <summary>A list with no callbacks (nothing to notify).</summary>
    public static CallbackList Empty { get; } = new([], null!, new Dictionary<string, int>());

    /// <summary>Number of callbacks.</summary>
    public int Count => _callbacks.Length;

    /// <summary>
    /// The logs to hand to the hooks: the trainer refills one logs object every step (a step allocates nothing). When
    /// a callback may keep what it is given (<see cref="Callback.KeepsLogs"/>), each hook call gets its own copy, so
    /// that, as in Keras, each batch's logs keep their own values.
    /// </summary>
    /// <param name="logs">The trainer's logs.</param>
    public Logs Hand(Logs logs) => _copyLogs ? logs.Clone() : logs;

    public void OnTrainBegin(Logs logs) { foreach (var c in _callbacks) { c.OnTrainBegin(logs); } }
    public void OnTrainEnd(Logs logs) { foreach (var c in _callbacks) { c.OnTrainEnd(logs); } }
    public void OnEpochBegin(int epoch, Logs logs) { foreach (var c in _callbacks) { c.OnEpochBegin(epoch, logs); } }
    public void OnEpochEnd(int epoch, Logs logs) { foreach (var c in _callbacks) { c.OnEpochEnd(epoch, logs); } }
    public void OnTrainBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnTrainBatchBegin(batch, logs); } }
    public void OnTrainBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnTrainBatchEnd(batch, logs); } }
    public void OnTestBegin(Logs logs) { foreach (var c in _callbacks) { c.OnTestBegin(logs); } }
    public void OnTestEnd(Logs logs) { foreach (var c in _callbacks) { c.OnTestEnd(logs); } }
    public void OnTestBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnTestBatchBegin(batch, logs); } }
    public void OnTestBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnTestBatchEnd(batch, logs); } }
    public void OnPredictBegin(Logs logs) { foreach (var c in _callbacks) { c.OnPredictBegin(logs); } }
    public void OnPredictEnd(Logs logs) { foreach (var c in _callbacks) { c.OnPredictEnd(logs); } }
    public void OnPredictBatchBegin(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnPredictBatchBegin(batch, logs); } }
    public void OnPredictBatchEnd(int batch, Logs logs) { foreach (var c in _callbacks) { c.OnPredictBatchEnd(batch, logs); } }
}
