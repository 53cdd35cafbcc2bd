using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>Splits arrays into batches, reshuffling the sample order every epoch when asked (Keras' EpochIterator).</summary>
internal readonly struct EpochIterator
{
    private readonly Tensor _x;
    private readonly Tensor? _y;
    private readonly Tensor? _sampleWeight;
    private readonly int[]? _order;
    private readonly SeedGenerator? _shuffle;

    // shuffle: the generator of the per-epoch shuffles (the model's), or null to keep the sample order
    public EpochIterator(Tensor x, Tensor? y, Tensor? sampleWeight, int batchSize, SeedGenerator? shuffle)
    {
        _x = x;
        _y = y;
        _sampleWeight = sampleWeight;
        Samples = x.Shape[0];
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

    public (Tensor X, Tensor? Y, Tensor? SampleWeight) Batch(int step)
    {
        int start = step * BatchSize;
        int count = Math.Min(BatchSize, Samples - start);
        if (_order is null)
        {
            return (Slice(_x, start, count)!, Slice(_y, start, count), Slice(_sampleWeight, start, count));
        }
        var idx = _order.AsSpan(start, count);
        return (Ops.TakeRows(_x, idx), _y is null ? null : Ops.TakeRows(_y, idx), _sampleWeight is null ? null : Ops.TakeRows(_sampleWeight, idx));
    }

    private static Tensor? Slice(Tensor? t, int start, int count)
    {
        if (t is null)
        {
            return null;
        }
        // a batch in sample order is a run of rows: a view, not a copy
        return start == 0 && count == t.Shape[0] ? t : t.ViewRows(start, count);
    }
}
