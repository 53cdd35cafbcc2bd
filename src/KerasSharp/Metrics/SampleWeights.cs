using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// Per-sample weights read straight from a tensor without copying: none (every weight 1), one value for all
/// samples, or one value per sample (shape <c>(batch,)</c> or <c>(batch, 1)</c>).
/// </summary>
internal readonly ref struct SampleWeights
{
    private readonly ReadOnlySpan<float> _values;
    private readonly int _stride;
    private readonly bool _present;

    /// <summary>Validates <paramref name="sampleWeight"/> against <paramref name="batch"/> samples.</summary>
    /// <param name="metric">The metric, named in error messages.</param>
    /// <param name="sampleWeight">The weights, or null for all ones.</param>
    /// <param name="batch">Number of samples.</param>
    public SampleWeights(Metric metric, Tensor? sampleWeight, int batch)
    {
        if (sampleWeight is null)
        {
            _values = default;
            _stride = 0;
            _present = false;
            return;
        }
        var shape = sampleWeight.Shape;
        if (sampleWeight.Size == 1)
        {
            _stride = 0;
        }
        else if ((shape.Rank == 1 && shape[0] == batch) || (shape.Rank == 2 && shape[0] == batch && shape[1] == 1))
        {
            _stride = 1;
        }
        else
        {
            throw new ArgumentException(
                $"Metric '{metric.Name}' ({metric.GetType().Name}) received sample_weight with shape {shape}, which does " +
                $"not match the batch of {batch} samples: expected shape ({batch},), ({batch}, 1) or a single value.",
                nameof(sampleWeight));
        }
        _values = sampleWeight.Span;
        _present = true;
    }

    /// <summary>The weight of sample <paramref name="index"/>.</summary>
    /// <param name="index">The sample index.</param>
    public double this[int index] => _present ? _values[index * _stride] : 1.0;
}
