using KerasSharp.Callbacks;
using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Training;

namespace KerasSharp.Models;

// Fit, Evaluate and Predict over a data source (Keras' fit/evaluate/predict with a PyDataset or a generator).
public partial class Model
{
    /// <summary>
    /// Trains the model on batches from a data source (Keras' <c>fit</c> with a <c>PyDataset</c> or a Python
    /// generator): a <see cref="PyDataset"/>, a <see cref="TimeseriesDataset"/>, a list, or any enumerable such as an
    /// iterator method's <c>yield return (x, y);</c>. Each batch is <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>, each part
    /// one tensor, a list or a dictionary, matched to the model as arrays are.
    /// </summary>
    /// <param name="data">The batches. Every pass enumerates the source afresh (an iterator method starts over).</param>
    /// <param name="epochs">Epoch index to stop at.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch. For a source of unknown size the first epoch's bar counts <c>n/Unknown</c>, as Keras'.</param>
    /// <param name="callbacks">Callbacks (a <see cref="TrainingHistory"/> is always added and returned).</param>
    /// <param name="validationData">Arrays <c>(x, y)</c> or a source (see <see cref="ValidationData"/>) evaluated after the epochs that <paramref name="validationFreq"/> picks.</param>
    /// <param name="shuffle">Shuffle the batch order of a <see cref="PyDataset"/> every epoch, as Keras does (an enumerable keeps its order).</param>
    /// <param name="classWeight">Per-class loss weights, turned into sample weights batch by batch.</param>
    /// <param name="initialEpoch">Epoch to start from.</param>
    /// <param name="stepsPerEpoch">
    /// Batches per epoch (Keras' <c>steps_per_epoch</c>); needed for an endless source. An epoch goes on in the same pass
    /// where the previous one stopped; a source that runs out first ends the epoch with Keras' warning ("Your input
    /// ran out of data; interrupting training…"), and the next epoch starts a new pass. Null: one pass per epoch.
    /// </param>
    /// <param name="validationSteps">Batches of each validation (Keras' <c>validation_steps</c>); null for a whole pass. Every validation starts from the first batch.</param>
    /// <param name="validationBatchSize">Samples per validation batch, for validation arrays (default 32).</param>
    /// <param name="validationFreq">Validate after every n-th epoch (Keras 3's int <c>validation_freq</c>).</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    /// <example>
    /// <code>
    /// IEnumerable&lt;(Tensor, Tensor)&gt; Batches()
    /// {
    ///     while (true) { yield return NextBatch(); }
    /// }
    /// model.Fit(Batches(), epochs: 10, stepsPerEpoch: 100, validationData: (xVal, yVal));
    /// </code>
    /// </example>
    /// <exception cref="ArgumentException">A batch does not match the model, the source yields no batch, or a <see cref="PyDataset"/> is infinite and <paramref name="stepsPerEpoch"/> is not given.</exception>
    /// <exception cref="InvalidOperationException">A <see cref="PyDataset"/>'s indexer failed (the message names the batch index), or the model is being trained or evaluated by another call.</exception>
    public TrainingHistory Fit(IEnumerable<Batch> data, int epochs = 1, int verbose = 1, IReadOnlyList<Callback>? callbacks = null,
        ValidationData? validationData = null, bool shuffle = true, IReadOnlyDictionary<int, float>? classWeight = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var arguments = new FitArguments(default, default, null, epochs, verbose, callbacks, 0,
            validationData is { Source: null } v ? (v.X, v.Y, v.SampleWeight) : null, shuffle, classWeight, null, initialEpoch)
        {
            Source = data,
            ValidationSource = validationData?.Source,
            StepsPerEpoch = stepsPerEpoch,
            ValidationSteps = validationSteps,
            ValidationBatchSize = validationBatchSize,
            ValidationFreq = validationFreq,
        };
        return Trainer.Fit(this, arguments);
    }

    /// <summary>Trains on <c>(x, y)</c> batches from an enumerable; see <see cref="Fit(IEnumerable{Batch}, int, int, IReadOnlyList{Callback}?, ValidationData?, bool, IReadOnlyDictionary{int, float}?, int, int?, int?, int?, int)"/>.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="epochs">Epoch index to stop at.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationData">Arrays <c>(x, y)</c> or a source.</param>
    /// <param name="classWeight">Per-class loss weights.</param>
    /// <param name="initialEpoch">Epoch to start from.</param>
    /// <param name="stepsPerEpoch">Batches per epoch; needed for an endless source.</param>
    /// <param name="validationSteps">Batches of each validation.</param>
    /// <param name="validationBatchSize">Samples per validation batch, for validation arrays.</param>
    /// <param name="validationFreq">Validate after every n-th epoch.</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    public TrainingHistory Fit(IEnumerable<(Tensor X, Tensor Y)> data, int epochs = 1, int verbose = 1, IReadOnlyList<Callback>? callbacks = null,
        ValidationData? validationData = null, IReadOnlyDictionary<int, float>? classWeight = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
        => Fit(Batches.Of(data), epochs, verbose, callbacks, validationData, shuffle: false, classWeight, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq);

    /// <summary>Trains on <c>(x, y, sampleWeight)</c> batches from an enumerable.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="epochs">Epoch index to stop at.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationData">Arrays <c>(x, y)</c> or a source.</param>
    /// <param name="initialEpoch">Epoch to start from.</param>
    /// <param name="stepsPerEpoch">Batches per epoch; needed for an endless source.</param>
    /// <param name="validationSteps">Batches of each validation.</param>
    /// <param name="validationBatchSize">Samples per validation batch, for validation arrays.</param>
    /// <param name="validationFreq">Validate after every n-th epoch.</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    public TrainingHistory Fit(IEnumerable<(Tensor X, Tensor Y, Tensor SampleWeight)> data, int epochs = 1, int verbose = 1, IReadOnlyList<Callback>? callbacks = null,
        ValidationData? validationData = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
        => Fit(Batches.Of(data), epochs, verbose, callbacks, validationData, shuffle: false, null, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq);

    /// <summary>Trains a model with several inputs or outputs on <c>(x, y)</c> batches, each part a list or a dictionary.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="epochs">Epoch index to stop at.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <param name="validationData">Arrays <c>(x, y)</c> or a source.</param>
    /// <param name="initialEpoch">Epoch to start from.</param>
    /// <param name="stepsPerEpoch">Batches per epoch; needed for an endless source.</param>
    /// <param name="validationSteps">Batches of each validation.</param>
    /// <param name="validationBatchSize">Samples per validation batch, for validation arrays.</param>
    /// <param name="validationFreq">Validate after every n-th epoch.</param>
    /// <returns>The history of losses and metrics per epoch.</returns>
    public TrainingHistory Fit(IEnumerable<(Tensors X, Tensors Y)> data, int epochs = 1, int verbose = 1, IReadOnlyList<Callback>? callbacks = null,
        ValidationData? validationData = null, int initialEpoch = 0,
        int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
        => Fit(Batches.Of(data), epochs, verbose, callbacks, validationData, shuffle: false, null, initialEpoch, stepsPerEpoch, validationSteps, validationBatchSize, validationFreq);

    /// <summary>The loss and metrics over the batches of a data source (Keras' <c>evaluate</c> with a dataset or generator).</summary>
    /// <param name="data">The batches, <c>(x, y)</c> or <c>(x, y, sampleWeight)</c>.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to evaluate; null for a whole pass (needed for an endless source).</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The loss and metrics, as <c>Evaluate</c> on arrays returns them.</returns>
    /// <exception cref="ArgumentException">A batch does not match the model, or the source yields no batch.</exception>
    /// <exception cref="InvalidOperationException">A <see cref="PyDataset"/>'s indexer failed, or Fit is running on this model on another thread.</exception>
    public Logs Evaluate(IEnumerable<Batch> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Evaluate(this, data, steps, verbose, callbacks);

    /// <summary>The loss and metrics over <c>(x, y)</c> batches from an enumerable.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to evaluate; null for a whole pass.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The loss and metrics.</returns>
    public Logs Evaluate(IEnumerable<(Tensor X, Tensor Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Evaluate(this, Batches.Of(data), steps, verbose, callbacks);

    /// <summary>The loss and metrics of a model with several inputs or outputs over <c>(x, y)</c> batches.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to evaluate; null for a whole pass.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The loss and metrics.</returns>
    public Logs Evaluate(IEnumerable<(Tensors X, Tensors Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.Evaluate(this, Batches.Of(data), steps, verbose, callbacks);

    /// <summary>
    /// The outputs for the batches of a data source, concatenated in batch order (Keras' <c>predict</c> with a dataset
    /// or generator). Only each batch's inputs are used; a batch may be inputs alone (<c>(Batch)x</c>) or carry targets.
    /// </summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to predict; null for a whole pass (needed for an endless source).</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The output, one row per sample of every batch. The tensor is yours.</returns>
    /// <exception cref="InvalidOperationException">The model has several outputs (use <see cref="PredictMany(IEnumerable{Batch}, int, int?, IReadOnlyList{Callback}?)"/>).</exception>
    public Tensor Predict(IEnumerable<Batch> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
        => Trainer.One(this, Trainer.Predict(this, data, steps, verbose, callbacks));

    /// <summary>The outputs for <c>(x, y)</c> batches from an enumerable (the targets are not used).</summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to predict; null for a whole pass.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The output, one row per sample of every batch.</returns>
    public Tensor Predict(IEnumerable<(Tensor X, Tensor Y)> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
        => Predict(Batches.Of(data), verbose, steps, callbacks);

    /// <summary>One tensor per output for the batches of a data source, each concatenated in batch order.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line.</param>
    /// <param name="steps">Batches to predict; null for a whole pass.</param>
    /// <param name="callbacks">Callbacks.</param>
    /// <returns>The outputs, in output order and named by <see cref="OutputNames"/>.</returns>
    public Tensors PredictMany(IEnumerable<Batch> data, int verbose = 1, int? steps = null, IReadOnlyList<Callback>? callbacks = null)
    {
        var outputs = Trainer.Predict(this, data, steps, verbose, callbacks);
        return outputs.IsSingle ? NameOutputs([outputs[0]]) : outputs;
    }
}
