using System.Collections;

namespace KerasSharp.Data;

/// <summary>
/// A data source that produces whole batches by index, Keras' <c>keras.utils.PyDataset</c> (formerly
/// <c>Sequence</c>): override <see cref="Count"/> (the number of batches, Keras' <c>__len__</c>) and the indexer
/// (Keras' <c>__getitem__</c>), and optionally <see cref="OnEpochBegin"/> and <see cref="OnEpochEnd"/> to change the
/// data between epochs. <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> take it in place of arrays; it is also
/// enumerable, batch by batch, in index order.
/// </summary>
/// <remarks>
/// <para>With <c>workers</c> above 1, <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c> call the indexer on that many
/// background threads, preparing up to <c>maxQueueSize</c> batches ahead of the step while it runs; the batches
/// still reach the model in order, and the indexer must then be safe to call from several threads at once (each
/// call only reading shared state, as Keras requires of a dataset used with workers). .NET has no process fork, so
/// <c>useMultiprocessing</c> is accepted for Keras compatibility and means threads too (the work of the .NET engine
/// runs in parallel on threads; there is no interpreter lock to avoid). The threads are stopped, and waited for, at
/// the end of each epoch and of the call, also when it fails. An exception thrown by the indexer fails the call with
/// an <see cref="InvalidOperationException"/> that names the batch index and holds the exception as its
/// <see cref="Exception.InnerException"/>.</para>
/// <para>With <c>shuffle: true</c> (the default of <c>Fit</c>, as in Keras) the batch order is shuffled every epoch;
/// the contents of each batch are the indexer's.</para>
/// <para>A dataset with an unknown number of batches (<see cref="Count"/> null: infinite) needs <c>stepsPerEpoch</c>
/// (<c>steps</c> for Evaluate and Predict); its indices then go on from epoch to epoch.</para>
/// </remarks>
/// <example>
/// <code>
/// sealed class Pairs(Tensor x, Tensor y, int batchSize) : PyDataset(workers: 4)
/// {
///     public override int? Count => (x.Shape[0] + batchSize - 1) / batchSize;
///     public override Batch this[int index]
///     {
///         get
///         {
///             int start = index * batchSize, count = Math.Min(batchSize, x.Shape[0] - start);
///             return (Ops.SliceRows(x, start, count), Ops.SliceRows(y, start, count));
///         }
///     }
/// }
/// model.Fit(new Pairs(x, y, 32), epochs: 3);
/// </code>
/// </example>
public abstract class PyDataset : IEnumerable<Batch>
{
    /// <summary>Creates the dataset with the settings of its parallel use by Fit, Evaluate and Predict.</summary>
    /// <param name="workers">How many threads call the indexer ahead of the steps; 0 or 1 calls it on the training thread, when the batch is needed.</param>
    /// <param name="useMultiprocessing">Accepted for Keras compatibility; the workers are threads in .NET either way (with it, one worker also runs on a thread of its own).</param>
    /// <param name="maxQueueSize">How many batches the workers may prepare ahead of the step (Keras' default 10).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> is negative or <paramref name="maxQueueSize"/> is not positive.</exception>
    protected PyDataset(int workers = 1, bool useMultiprocessing = false, int maxQueueSize = 10)
    {
        if (workers < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, $"`workers` must be 0 or greater. Received: workers={workers}");
        }
        if (maxQueueSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxQueueSize), maxQueueSize, $"`maxQueueSize` must be a positive integer. Received: maxQueueSize={maxQueueSize}");
        }
        Workers = workers;
        UseMultiprocessing = useMultiprocessing;
        MaxQueueSize = maxQueueSize;
    }

    /// <summary>How many threads prepare batches ahead of the steps (Keras' <c>workers</c>).</summary>
    public int Workers { get; }

    /// <summary>Keras' <c>use_multiprocessing</c>, kept as given (threads are used either way).</summary>
    public bool UseMultiprocessing { get; }

    /// <summary>How many batches may be prepared ahead (Keras' <c>max_queue_size</c>).</summary>
    public int MaxQueueSize { get; }

    /// <summary>The number of batches (Keras' <c>__len__</c> / <c>num_batches</c>), or null for an infinite dataset.</summary>
    public abstract int? Count { get; }

    /// <summary>Batch <paramref name="index"/> (Keras' <c>__getitem__</c>): a whole batch, not one sample.</summary>
    /// <param name="index">The batch index, 0 … <see cref="Count"/> − 1.</param>
    public abstract Batch this[int index] { get; }

    /// <summary>Called at the start of every epoch (Keras' <c>on_epoch_begin</c>), before any batch of it is asked for.</summary>
    public virtual void OnEpochBegin()
    {
    }

    /// <summary>Called at the end of every epoch (Keras' <c>on_epoch_end</c>), after the workers have stopped.</summary>
    public virtual void OnEpochEnd()
    {
    }

    /// <summary>Whether Fit, Evaluate and Predict prepare the batches on worker threads (Keras: more than one worker, or any with multiprocessing).</summary>
    internal bool UsesWorkers => Workers > 1 || (Workers > 0 && UseMultiprocessing);

    /// <summary>The batches in index order, on the calling thread (endless when <see cref="Count"/> is null), as Keras' <c>__iter__</c>.</summary>
    /// <returns>An enumerator of the batches.</returns>
    public IEnumerator<Batch> GetEnumerator()
    {
        int? count = Count;
        for (int i = 0; count is not int n || i < n; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
