using KerasSharp.Models;

namespace KerasSharp.Callbacks;

/// <summary>
/// The base of training callbacks, with Keras' hooks (<c>on_epoch_end</c> → <see cref="OnEpochEnd"/>, …). Every hook
/// does nothing by default; override the ones you need. Set <see cref="Model"/>.<c>StopTraining</c> to end training.
/// Each hook call receives its logs as Keras hands them (keys sorted by name); the callbacks of one call share them in
/// list order, so an entry a callback adds is seen by the callbacks after it. A callback may keep its logs: they never
/// change after its hook returns (unless <see cref="KeepsLogs"/> is overridden to false, when they are refilled for the
/// next call).
/// </summary>
/// <example>
/// <code>
/// sealed class PrintLoss : Callback
/// {
///     public override void OnEpochEnd(int epoch, Logs logs) => Console.WriteLine($"epoch {epoch}: {logs["loss"]}");
/// }
/// model.Fit(x, y, epochs: 5, callbacks: [new PrintLoss()]);
/// </code>
/// </example>
public abstract class Callback
{
    /// <summary>The model being trained, evaluated or used for prediction.</summary>
    public Model? Model { get; private set; }

    /// <summary>Fit parameters: <c>epochs</c>, <c>steps</c>, <c>verbose</c>.</summary>
    public IReadOnlyDictionary<string, int> Params { get; private set; } = new Dictionary<string, int>();

    /// <summary>Attaches the callback to a model.</summary>
    /// <param name="model">The model.</param>
    public virtual void SetModel(Model model) => Model = model;

    /// <summary>Sets the fit parameters.</summary>
    /// <param name="parameters">The parameters.</param>
    public virtual void SetParams(IReadOnlyDictionary<string, int> parameters) => Params = parameters;

    /// <summary>
    /// Whether the callback may keep a <see cref="Logs"/> it is given after the hook returns: true by default, since
    /// any Keras callback may. Fit, Evaluate and Predict then hand each hook call its own copy, so logs kept from one
    /// batch never change. A callback that only reads the logs during the call can return false; if no callback keeps
    /// logs, the loop hands them the logs object it refills every step, and a step allocates nothing for them.
    /// </summary>
    public virtual bool KeepsLogs => true;

    /// <summary>Called at the start of training.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnTrainBegin(Logs logs) { }

    /// <summary>Called at the end of training.</summary>
    /// <param name="logs">The last epoch's logs as the loop made them (without entries callbacks added), or empty when no epoch ran.</param>
    public virtual void OnTrainEnd(Logs logs) { }

    /// <summary>Called at the start of an epoch.</summary>
    /// <param name="epoch">Zero-based epoch index.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnEpochBegin(int epoch, Logs logs) { }

    /// <summary>Called at the end of an epoch, with the epoch's training and validation values.</summary>
    /// <param name="epoch">Zero-based epoch index.</param>
    /// <param name="logs">Epoch means of loss and metrics, then <c>val_*</c> values.</param>
    public virtual void OnEpochEnd(int epoch, Logs logs) { }

    /// <summary>Called before a training batch.</summary>
    /// <param name="batch">Zero-based batch index within the epoch.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnTrainBatchBegin(int batch, Logs logs) { }

    /// <summary>Called after a training batch, with the running epoch means.</summary>
    /// <param name="batch">Zero-based batch index within the epoch.</param>
    /// <param name="logs">Running means of loss and metrics.</param>
    public virtual void OnTrainBatchEnd(int batch, Logs logs) { }

    /// <summary>Called at the start of an evaluation.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnTestBegin(Logs logs) { }

    /// <summary>Called at the end of an evaluation.</summary>
    /// <param name="logs">The evaluation's results.</param>
    public virtual void OnTestEnd(Logs logs) { }

    /// <summary>Called before an evaluation batch.</summary>
    /// <param name="batch">Zero-based batch index.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnTestBatchBegin(int batch, Logs logs) { }

    /// <summary>Called after an evaluation batch.</summary>
    /// <param name="batch">Zero-based batch index.</param>
    /// <param name="logs">Running means of loss and metrics.</param>
    public virtual void OnTestBatchEnd(int batch, Logs logs) { }

    /// <summary>Called at the start of a prediction.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnPredictBegin(Logs logs) { }

    /// <summary>Called at the end of a prediction.</summary>
    /// <param name="logs">Empty.</param>
    public virtual void OnPredictEnd(Logs logs) { }

    /// <summary>Called before a prediction batch.</summary>
    /// <param name="batch">Zero-based batch index.</param>
    /// <param name="logs">Empty.</param>
    public virtual void OnPredictBatchBegin(int batch, Logs logs) { }

    /// <summary>Called after a prediction batch.</summary>
    /// <param name="batch">Zero-based batch index.</param>
    /// <param name="logs">No values; <see cref="Logs.Outputs"/> holds the batch's predictions (Keras' <c>logs["outputs"]</c>).</param>
    public virtual void OnPredictBatchEnd(int batch, Logs logs) { }
}
