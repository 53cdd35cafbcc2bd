using KerasSharp.Engine;

namespace KerasSharp.Training;

/// <summary>
/// Arrays cut into batches (Keras' array adapter): every epoch is one pass over the samples, reshuffled when asked;
/// with <c>stepsPerEpoch</c> an epoch takes that many batches and the next one goes on where it stopped, a pass that
/// runs out ending the epoch early with Keras' warning, and the next epoch starting a new pass.
/// </summary>
internal sealed class ArrayFeed : EpochFeed
{
    private readonly ModelData _data;
    private readonly EpochIterator _iterator;
    private readonly int? _stepsPerEpoch;
    private bool _inPass;
    private int _seen;
    private int _position;

    public ArrayFeed(ModelData data, EpochIterator iterator, int? stepsPerEpoch)
    {
        _data = data;
        _iterator = iterator;
        _stepsPerEpoch = stepsPerEpoch;
    }

    /// <summary>Keras' default batch size with arrays: 32, or with a number of steps and no batch size, as many samples as make that many batches.</summary>
    public static int BatchSizeFor(int? batchSize, int? steps, int samples) =>
        batchSize is null && steps is int s ? Math.Max((samples + s - 1) / s, 1) : DataChecks.BatchSize(batchSize);

    public override int? Steps => _stepsPerEpoch ?? _iterator.Steps;

    public override void Reset() => _inPass = false;

    public override void BeginEpoch()
    {
        if (_stepsPerEpoch is null || !_inPass)
        {
            _iterator.StartEpoch();
            _seen = 0;
            _inPass = true;
        }
    }

    public override bool MoveNext(int step)
    {
        if (_stepsPerEpoch is not int limit)
        {
            return step < _iterator.Steps;
        }
        if (step >= limit)
        {
            return false;
        }
        if (_seen >= _iterator.Steps)
        {
            WarnRanOut();
            return false;
        }
        _position = _seen++;
        return true;
    }

    public override (Tensors X, Tensors Y, Tensors? SampleWeight) Batch(int step, bool pooled) =>
        _data.Batch(_iterator, _stepsPerEpoch is null ? step : _position, reuse: pooled);

    public override void EndEpoch()
    {
        if (_stepsPerEpoch is not null && _seen >= _iterator.Steps)
        {
            _inPass = false;
        }
    }
}
