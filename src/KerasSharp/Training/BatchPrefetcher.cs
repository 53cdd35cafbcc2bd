using KerasSharp.Data;

namespace KerasSharp.Training;

/// <summary>
/// Calls a <see cref="PyDataset"/>'s indexer on worker threads ahead of the training loop (Keras' <c>OrderedEnqueuer</c>):
/// the workers take the positions of a run of batches in turn and may run at most the queue size ahead of the
/// consumer, which receives the batches in position order. A batch that failed is reported when the consumer
/// reaches it. <see cref="Dispose"/> stops the workers and waits for them (a worker inside the indexer finishes that
/// call first).
/// </summary>
internal sealed class BatchPrefetcher : IDisposable
{
    private static int s_liveWorkers;

    private readonly object _lock = new();
    private readonly PyDataset _dataset;
    private readonly Func<long, int> _indexAt;
    private readonly long _end;
    private readonly Slot[] _slots;
    private readonly Thread[] _threads;
    private long _next;
    private long _consumed;
    private bool _stopped;

    /// <summary>Starts the workers on positions <paramref name="from"/> … <paramref name="end"/> − 1.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="indexAt">The batch index at a position.</param>
    /// <param name="from">The first position.</param>
    /// <param name="end">The position after the last (<see cref="long.MaxValue"/> for no end).</param>
    public BatchPrefetcher(PyDataset dataset, Func<long, int> indexAt, long from, long end)
    {
        _dataset = dataset;
        _indexAt = indexAt;
        _end = end;
        _next = _consumed = from;
        _slots = new Slot[dataset.MaxQueueSize];
        _threads = new Thread[Math.Max(dataset.Workers, 1)];
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"PyDataset worker {i}" };
        }
        foreach (var thread in _threads)
        {
            Interlocked.Increment(ref s_liveWorkers);
            thread.Start();
        }
    }

    /// <summary>The number of worker threads of all prefetchers that have not ended yet (for tests).</summary>
    internal static int LiveWorkers => Volatile.Read(ref s_liveWorkers);

    /// <summary>The next batch in position order, waiting for it if needed.</summary>
    /// <exception cref="InvalidOperationException">The indexer failed on that batch (the exception is the inner one).</exception>
    public Batch Take()
    {
        Slot slot;
        lock (_lock)
        {
            long position = _consumed;
            ref var wanted = ref _slots[position % _slots.Length];
            while (!(wanted.Ready && wanted.Position == position))
            {
                ObjectDisposedException.ThrowIf(_stopped, this);
                Monitor.Wait(_lock);
            }
            slot = wanted;
            wanted = default;
            _consumed++;
            Monitor.PulseAll(_lock);
        }
        return slot.Error is { } error ? throw Failed(_dataset, slot.Index, error) : slot.Value;
    }

    /// <summary>The error that reports a failure of the indexer on batch <paramref name="index"/>.</summary>
    internal static InvalidOperationException Failed(PyDataset dataset, int index, Exception error) =>
        new($"{dataset.GetType().Name} failed to produce batch {index}: {error.Message}", error);

    private void Work()
    {
        try
        {
            while (true)
            {
                long position;
                lock (_lock)
                {
                    while (!_stopped && _next < _end && _next >= _consumed + _slots.Length)
                    {
                        Monitor.Wait(_lock);
                    }
                    if (_stopped || _next >= _end)
                    {
                        return;
                    }
                    position = _next++;
                }
                var slot = new Slot { Position = position, Index = -1, Ready = true };
                try
                {
                    slot.Index = _indexAt(position);
                    slot.Value = _dataset[slot.Index];
                }
                catch (Exception e)
                {
                    slot.Error = e;
                }
                lock (_lock)
                {
                    _slots[position % _slots.Length] = slot;
                    Monitor.PulseAll(_lock);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref s_liveWorkers);
        }
    }

    /// <summary>Stops the workers and waits until every one has ended.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            Monitor.PulseAll(_lock);
        }
        foreach (var thread in _threads)
        {
            thread.Join();
        }
        Array.Clear(_slots);
    }

    private struct Slot
    {
        public long Position;
        public int Index;
        public bool Ready;
        public Batch Value;
        public Exception? Error;
    }
}
