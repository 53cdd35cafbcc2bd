using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>
/// Splits arrays of samples into batches, reshuffling the sample order every epoch when asked (Keras' EpochIterator).
/// All the arrays of a call (every input, target and sample weight) are taken with the same order, so their rows stay
/// together.
/// </summary>
internal readonly struct EpochIterator
{
    private readonly int[]? _order;
    private readonly SeedGenerator? _shuffle;

    // shuffle: the generator of the per-epoch shuffles (the model's), or null to keep the sample order
    public EpochIterator(int samples, int batchSize, SeedGenerator? shuffle)
    {
        Samples = samples;
        // a batch size beyond the sample count means one batch of all samples
        BatchSize = Math.Min(batchSize, Math.Max(Samples, 1));
        // only a shuffled iteration needs the sample order; otherwise batches are runs of rows
        _shuffle = shuffle;
        _order = shuffle is null ? null : Enumerable.Range(0, Samples).ToArray();
    }

    public int BatchSize { get; }

    public int Samples { get; }

    public int Steps => StepsFor(Samples, BatchSize);

    /// <summary>The number of batches of <paramref name="batchSize"/> (at least 1) that cover <paramref name="samples"/>, without overflowing.</summary>
    public static int StepsFor(int samples, int batchSize) => samples / batchSize + (samples % batchSize == 0 ? 0 : 1);

    /// <summary>Starts an epoch: reshuffles the order in place if shuffling.</summary>
    public void StartEpoch() => _shuffle?.Shuffle(_order);

    /// <summary>The rows of batch <paramref name="step"/> of <paramref name="array"/> (null stays null).</summary>
    public Tensor? Take(Tensor? array, int step)
    {
        if (array is null)
        {
            return null;
        }
        int start = step * BatchSize;
        int count = Math.Min(BatchSize, Samples - start);
        if (_order is null)
        {
            // a batch in sample order is a run of rows: a view, not a copy
            return start == 0 && count == array.Shape[0] ? array : array.ViewRows(start, count);
        }
        return Ops.TakeRows(array, _order.AsSpan(start, count));
    }
}
