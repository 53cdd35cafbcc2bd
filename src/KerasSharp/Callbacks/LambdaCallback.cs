namespace KerasSharp.Callbacks;

/// <summary>
/// A callback made of delegates, for simple custom callbacks written on the spot (Keras' <c>LambdaCallback</c>). Each
/// argument is the hook of the same name (<c>on_epoch_end</c> → <c>onEpochEnd</c>); hooks left null do nothing. Epoch
/// and batch hooks receive the index and the logs, the begin and end hooks of training, evaluation and prediction the
/// logs alone.
/// </summary>
/// <example>
/// <code>
/// var printBatch = new LambdaCallback(onTrainBatchBegin: (batch, logs) => Console.WriteLine(batch));
/// var lossLog = new List&lt;double&gt;();
/// var recordLoss = new LambdaCallback(onEpochEnd: (epoch, logs) => lossLog.Add(logs["loss"]));
/// model.Fit(x, y, epochs: 5, callbacks: [printBatch, recordLoss]);
/// </code>
/// </example>
/// <param name="onEpochBegin">Called at the beginning of every epoch, with the epoch and (empty) logs.</param>
/// <param name="onEpochEnd">Called at the end of every epoch, with the epoch and its logs.</param>
/// <param name="onTrainBegin">Called at the beginning of training.</param>
/// <param name="onTrainEnd">Called at the end of training, with the last epoch's logs.</param>
/// <param name="onTrainBatchBegin">Called at the beginning of every training batch.</param>
/// <param name="onTrainBatchEnd">Called at the end of every training batch, with the running metric values.</param>
/// <param name="onTestBegin">Called at the beginning of an evaluation (also the validation in Fit).</param>
/// <param name="onTestEnd">Called at the end of an evaluation, with its results.</param>
/// <param name="onTestBatchBegin">Called at the beginning of every evaluation batch.</param>
/// <param name="onTestBatchEnd">Called at the end of every evaluation batch, with the running metric values.</param>
/// <param name="onPredictBegin">Called at the beginning of a prediction.</param>
/// <param name="onPredictEnd">Called at the end of a prediction.</param>
/// <param name="onPredictBatchBegin">Called at the beginning of every prediction batch.</param>
/// <param name="onPredictBatchEnd">Called at the end of every prediction batch; <see cref="Logs.Outputs"/> holds the batch's predictions.</param>
public sealed class LambdaCallback(
    Action<int, Logs>? onEpochBegin = null,
    Action<int, Logs>? onEpochEnd = null,
    Action<Logs>? onTrainBegin = null,
    Action<Logs>? onTrainEnd = null,
    Action<int, Logs>? onTrainBatchBegin = null,
    Action<int, Logs>? onTrainBatchEnd = null,
    Action<Logs>? onTestBegin = null,
    Action<Logs>? onTestEnd = null,
    Action<int, Logs>? onTestBatchBegin = null,
    Action<int, Logs>? onTestBatchEnd = null,
    Action<Logs>? onPredictBegin = null,
    Action<Logs>? onPredictEnd = null,
    Action<int, Logs>? onPredictBatchBegin = null,
    Action<int, Logs>? onPredictBatchEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => onTrainEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs) => onTrainBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => onTrainBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs) => onTestBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs) => onTestEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTestBatchBegin(int batch, Logs logs) => onTestBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnTestBatchEnd(int batch, Logs logs) => onTestBatchEnd?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs) => onPredictBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => onPredictEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnPredictBatchBegin(int batch, Logs logs) => onPredictBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnPredictBatchEnd(int batch, Logs logs) => onPredictBatchEnd?.Invoke(batch, logs);
}
