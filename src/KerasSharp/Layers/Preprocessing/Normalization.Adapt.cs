using KerasSharp.Engine;

namespace KerasSharp.Layers;

public sealed partial class Normalization
{
    /// <summary>
    /// Computes the mean and the biased variance of <paramref name="data"/> over all axes but the kept ones and stores
    /// them in the layer's <c>mean</c> and <c>variance</c> weights (Keras' <c>adapt</c>). Builds the layer if needed.
    /// </summary>
    /// <param name="data">The whole data set, e.g. <c>(samples, features)</c>.</param>
    /// <exception cref="InvalidOperationException">The layer was created with <c>mean</c> and <c>variance</c>.</exception>
    /// <exception cref="ArgumentException">The kept axes of <paramref name="data"/> differ from those the layer was built with.</exception>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Adapt([data]);
    }

    /// <summary>
    /// Like <see cref="Adapt(Tensor)"/> over a data set given as batches: the statistics are those of all batches
    /// together (the batches are combined exactly, in double precision).
    /// </summary>
    /// <param name="batches">One or more batches whose kept axes agree.</param>
    /// <exception cref="InvalidOperationException">The layer was created with <c>mean</c> and <c>variance</c>.</exception>
    /// <exception cref="ArgumentException">There are no batches, or a batch's kept axes differ from the layer's.</exception>
    public void Adapt(IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (_inputMean is not null)
        {
            throw new InvalidOperationException(
                $"Layer \"{Name}\" was created with `mean` and `variance`, so adapt() has nothing to compute. Create it without them to adapt it to data.");
        }
        double count = 0;
        double[]? mean = null, m2 = null;
        foreach (var batch in batches)
        {
            ArgumentNullException.ThrowIfNull(batch, nameof(batches));
            PrepareForAdapt(batch.Shape);
            var (n, bm, bv) = Moments(batch);
            if (n == 0)
            {
                continue;
            }
            mean ??= new double[bm.Length];
            m2 ??= new double[bm.Length];
            double total = count + n;
            for (int k = 0; k < bm.Length; k++)
            {
                // Chan et al.'s exact pairwise combination of (count, mean, sum of squared deviations).
                double delta = bm[k] - mean[k];
                mean[k] += delta * n / total;
                m2[k] += bv[k] * n + delta * delta * count * n / total;
            }
            count = total;
        }
        if (mean is null || m2 is null)
        {
            throw new ArgumentException("adapt() received no data (no batches, or only empty ones). Expected at least one non-empty batch.", nameof(batches));
        }
        var meanData = _adaptMean!.Data;
        var varianceData = _adaptVariance!.Data;
        for (int k = 0; k < mean.Length; k++)
        {
            meanData[k] = (float)mean[k];
            varianceData[k] = (float)(m2[k] / count);
        }
    }

    private void PrepareForAdapt(Shape shape)
    {
        if (!Built)
        {
            // Build with a None batch unless the batch axis is kept (then its size is part of the statistics' shape).
            int ndim = shape.Rank;
            bool keepsBatch = _axes.Any(a => a == 0 || a == -ndim);
            EnsureBuilt(keepsBatch || ndim == 0 ? shape : shape.WithBatch(-1));
            return;
        }
        bool ok = shape.Rank == _buildShape.Rank;
        foreach (var d in _keep)
        {
            ok = ok && shape[d] == _buildShape[d];
        }
        if (!ok)
        {
            throw new ArgumentException(
                $"The layer \"{Name}\" was built with input_shape={_buildShape}, but adapt() is being called with data with an incompatible shape, data.shape={shape}");
        }
    }

    /// <summary>Count, mean and biased variance of one batch per kept element, in double (two passes).</summary>
    private (double Count, double[] Mean, double[] Variance) Moments(Tensor data)
    {
        var shape = data.Shape;
        int kept = 1;
        var keptStride = new int[shape.Rank];
        for (int i = _keep.Length - 1; i >= 0; i--)
        {
            keptStride[_keep[i]] = kept;
            kept *= shape[_keep[i]];
        }
        var map = new int[data.Size];
        var counter = new int[shape.Rank];
        for (int i = 0, k = 0; i < map.Length; i++)
        {
            map[i] = k;
            for (int axis = shape.Rank - 1; axis >= 0; axis--)
            {
                k += keptStride[axis];
                if (++counter[axis] < shape[axis])
                {
                    break;
                }
                k -= keptStride[axis] * counter[axis];
                counter[axis] = 0;
            }
        }
        var values = data.Span;
        var mean = new double[kept];
        var variance = new double[kept];
        double n = kept == 0 ? 0 : (double)data.Size / kept;
        for (int i = 0; i < values.Length; i++)
        {
            mean[map[i]] += values[i];
        }
        for (int k = 0; k < kept; k++)
        {
            mean[k] /= n;
        }
        for (int i = 0; i < values.Length; i++)
        {
            double d = values[i] - mean[map[i]];
            variance[map[i]] += d * d;
        }
        for (int k = 0; k < kept; k++)
        {
            variance[k] /= n;
        }
        return (n, mean, variance);
    }
}
