using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Models;

namespace KerasSharp.Training;

/// <summary>
/// A <see cref="PyDataset"/> (Keras' PyDataset adapter): a pass asks for its batches by index, in order or in an order
/// shuffled per pass; with workers the batches are prepared ahead on threads (<see cref="BatchPrefetcher"/>), which
/// are stopped at the end of every epoch, before the dataset's <see cref="PyDataset.OnEpochEnd"/>.
/// </summary>
internal sealed class PyDatasetFeed : SourceFeed
{
    private readonly PyDataset _dataset;
    private readonly SeedGenerator? _shuffle;
    private readonly int? _count;
    private int[]? _order;
    private long _position;
    private BatchPrefetcher? _prefetcher;

    public PyDatasetFeed(Model model, PyDataset dataset, int? stepsPerEpoch, bool targets, SeedGenerator? shuffle, IReadOnlyDictionary<int, float>? classWeight)
        : base(model, Counted(dataset, stepsPerEpoch), stepsPerEpoch, targets, classWeight)
    {
        _dataset = dataset;
        _shuffle = shuffle;
        _count = dataset.Count;
    }

    private static int? Counted(PyDataset dataset, int? stepsPerEpoch)
    {
        int? count = dataset.Count;
        if (count is < 0)
        {
            throw new ArgumentException($"{dataset.GetType().Name}.Count must be 0 or greater, or null for an infinite dataset. Received: {count}");
        }
        if (count is null && stepsPerEpoch is null)
        {
            throw new ArgumentException(
                $"{dataset.GetType().Name} is infinite (its Count is null), so the number of steps must be given: pass `stepsPerEpoch` to Fit (`steps` to Evaluate and Predict, `validationSteps` for validation).");
        }
        return count;
    }

    protected override void OnEpochBegin() => _dataset.OnEpochBegin();

    protected override void OnEpochEnd() => _dataset.OnEpochEnd();

    protected override void OpenPass()
    {
        _position = 0;
        _order = null;
        if (_count is int n && _shuffle is not null)
        {
            _order = [.. Enumerable.Range(0, n)];
            _shuffle.Shuffle(_order);
        }
        ResumePass();
    }

    protected override void ResumePass()
    {
        if (_dataset.UsesWorkers && _prefetcher is null)
        {
            var order = _order;
            _prefetcher = new BatchPrefetcher(_dataset, p => order is null ? checked((int)p) : order[p], _position, _count ?? long.MaxValue);
        }
    }

    protected override bool TryFetch(out Batch batch)
    {
        if (_count is int n && _position >= n)
        {
            batch = default;
            return false;
        }
        if (_prefetcher is not null)
        {
            batch = _prefetcher.Take();
        }
        else
        {
            int index = _order is null ? checked((int)_position) : _order[_position];
            try
            {
                batch = _dataset[index];
            }
            catch (Exception e)
            {
                throw BatchPrefetcher.Failed(_dataset, index, e);
            }
        }
        _position++;
        return true;
    }

    protected override void PausePass()
    {
        _prefetcher?.Dispose();
        _prefetcher = null;
    }

    protected override void ClosePass() => PausePass();
}
