namespace KerasSharp.Callbacks;

/// <summary>
/// Evaluates (and predicts) with the exponential moving average of the weights (<c>keras.callbacks.SwapEMAWeights</c>):
/// the model's weights and the optimizer's averages are swapped before an evaluation or prediction and swapped back
/// after it. With <see cref="SwapOnEpoch"/> the averages are also in the model from the end of each epoch to the start
/// of the next, so callbacks that run at the epoch's end (e.g. <c>ModelCheckpoint</c>) see them; after the last epoch
/// the averages are set to the trained weights, so that <c>Fit</c>'s final overwrite by the averages leaves the
/// averaged weights in the model. The optimizer must be created with <c>useEma: true</c>.
/// </summary>
/// <example>
/// <code>
/// model.Compile(optimizer: new Adam(useEma: true), loss: "mse");
/// model.Fit(x, y, epochs: 5, validationData: (xVal, yVal), callbacks: [new SwapEMAWeights(swapOnEpoch: true)]);
/// </code>
/// </example>
public sealed class SwapEMAWeights : Callback
{
    private bool _emaWeightsInModel;

    /// <summary>Creates the callback.</summary>
    /// <param name="swapOnEpoch">Whether to also hold the averages in the model between the end of an epoch and the start of the next.</param>
    public SwapEMAWeights(bool swapOnEpoch = false) => SwapOnEpoch = swapOnEpoch;

    /// <summary>Whether the averages are also swapped in at the end of each epoch (Keras' <c>swap_on_epoch</c>).</summary>
    public bool SwapOnEpoch { get; }

    /// <inheritdoc/>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        if (SwapOnEpoch && _emaWeightsInModel)
        {
            Swap();
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (SwapOnEpoch && !_emaWeightsInModel)
        {
            Swap();
            // Fit ends by overwriting the weights with the averages, which now hold the trained weights: restore them
            if (Params.TryGetValue("epochs", out int epochs) && epoch == epochs - 1)
            {
                Optimizer().CopyVariablesToMovingAverages();
            }
        }
    }

    /// <inheritdoc/>
    public override void OnTestBegin(Logs logs) => SwapIn();

    /// <inheritdoc/>
    public override void OnTestEnd(Logs logs) => SwapOut();

    /// <inheritdoc/>
    public override void OnPredictBegin(Logs logs) => SwapIn();

    /// <inheritdoc/>
    public override void OnPredictEnd(Logs logs) => SwapOut();

    private void SwapIn()
    {
        if (!_emaWeightsInModel)
        {
            Swap();
        }
    }

    private void SwapOut()
    {
        if (_emaWeightsInModel)
        {
            Swap();
        }
    }

    private void Swap()
    {
        Optimizer().SwapMovingAverages();
        _emaWeightsInModel = !_emaWeightsInModel;
    }

    private Optimizers.Optimizer Optimizer()
    {
        var model = Model ?? throw new InvalidOperationException("SwapEMAWeights is not attached to a model.");
        var optimizer = model.Optimizer ?? throw new InvalidOperationException($"SwapEMAWeights needs a compiled model; model '{model.Name}' has no optimizer.");
        if (!optimizer.UseEma)
        {
            throw new InvalidOperationException($"SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. Received: use_ema=False");
        }
        return optimizer;
    }
}
