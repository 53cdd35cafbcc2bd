using System.Globalization;
using KerasSharp.Engine;

namespace KerasSharp.Data;

/// <summary>
/// Batches of sliding windows over a timeseries, made by <see cref="Keras.Utils.TimeseriesDatasetFromArray"/> (Keras'
/// <c>timeseries_dataset_from_array</c>). A <see cref="PyDataset"/>: <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>
/// take it, and it can be enumerated or indexed batch by batch. Window <c>i</c> starting at position <c>p</c> holds the
/// time steps <c>data[start + p]</c>, <c>data[start + p + samplingRate]</c>, … (<c>sequenceLength</c> of them) and,
/// with targets, its target is <c>targets[start + p]</c>.
/// </summary>
public sealed class TimeseriesDataset : PyDataset
{
    private readonly float[] _data;
    private readonly int[] _stepDims;
    private readonly int _stepSize;
    private readonly float[]? _targets;
    private readonly int[] _targetDims;
    private readonly int _targetSize;
    private readonly int _start;
    private readonly int[] _positions;

    internal TimeseriesDataset(Tensor data, Tensor? targets, int sequenceLength, int samplingRate, int[] positions, int start, int? batchSize)
    {
        _data = data.ToArray();
        _stepDims = data.Shape.Dims[1..].ToArray();
        _stepSize = data.Shape[0] == 0 ? 0 : data.Size / data.Shape[0];
        _targets = targets?.ToArray();
        _targetDims = targets is null ? [] : targets.Shape.Dims[1..].ToArray();
        _targetSize = targets is null || targets.Shape[0] == 0 ? 0 : targets.Size / targets.Shape[0];
        SequenceLength = sequenceLength;
        SamplingRate = samplingRate;
        _positions = positions;
        _start = start;
        BatchSize = batchSize;
    }

    /// <summary>Time steps per window.</summary>
    public int SequenceLength { get; }

    /// <summary>Period between the time steps of a window.</summary>
    public int SamplingRate { get; }

    /// <summary>Windows per batch, or null when every item is one window without a batch axis.</summary>
    public int? BatchSize { get; }

    /// <summary>The number of windows.</summary>
    public int Sequences => _positions.Length;

    /// <summary>The window start positions (relative to <c>startIndex</c>), in the order of the batches.</summary>
    public IReadOnlyList<int> StartPositions => _positions;

    /// <inheritdoc/>
    public override int? Count => BatchSize is int b ? (_positions.Length + b - 1) / b : _positions.Length;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a batch of the dataset.</exception>
    public override Batch this[int index]
    {
        get
        {
            int count = Count!.Value;
            if (index < 0 || index >= count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index,
                    string.Create(CultureInfo.InvariantCulture, $"Batch index {index} is out of range: the dataset has {count} batches."));
            }
            int first = BatchSize is int b ? index * b : index;
            int windows = BatchSize is int size ? Math.Min(size, _positions.Length - first) : 1;
            var x = new float[windows * SequenceLength * _stepSize];
            float[]? y = _targets is null ? null : new float[windows * _targetSize];
            for (int w = 0; w < windows; w++)
            {
                int position = _start + _positions[first + w];
                for (int t = 0; t < SequenceLength; t++)
                {
                    _data.AsSpan((position + t * SamplingRate) * _stepSize, _stepSize)
                        .CopyTo(x.AsSpan((w * SequenceLength + t) * _stepSize));
                }
                _targets?.AsSpan(position * _targetSize, _targetSize).CopyTo(y.AsSpan(w * _targetSize));
            }
            int[] batchAxis = BatchSize is null ? [] : [windows];
            var xs = Tensor.FromArray(x, [.. batchAxis, SequenceLength, .. _stepDims]);
            return y is null ? new Batch(xs) : new Batch(xs, Tensor.FromArray(y, [.. batchAxis, .. _targetDims]));
        }
    }
}
