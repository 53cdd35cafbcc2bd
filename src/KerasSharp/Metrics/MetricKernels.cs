using System.Runtime.CompilerServices;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// The allocation-free loops behind the built-in metrics. Each returns the batch's weighted sum of per-sample values
/// and its sum of weights, which <see cref="Mean"/> adds to its accumulators.
/// </summary>
/// <remarks>
/// A per-sample value is the mean over all non-batch positions of the per-position value, which is what Keras gets
/// from the metric function's mean over the last axis followed by <c>reduce_to_samplewise_values</c>.
/// One deliberate difference: when both tensors are rank 1, <c>(n,)</c> and <c>(n,)</c>, they are read as n samples of
/// one value each. Keras' function would average the whole batch to one scalar, which its <c>Mean</c> then counts as a
/// single sample, so batches of different sizes would weigh the same and per-sample weights would fail to broadcast.
/// </remarks>
internal static class MetricKernels
{
    /// <summary>
    /// Mean of <paramref name="op"/> over the elements of each sample, after Keras' <c>squeeze_or_expand_to_same_rank</c>
    /// alignment of the two shapes (Accuracy, BinaryAccuracy, MeanSquaredError, MeanAbsoluteError).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ElementwiseMean<TOp>(
        Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, TOp op, out double total, out double count)
        where TOp : struct, IElementwiseMetricOp
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        int batch = AlignElementwise(metric, yTrue.Shape, yPred.Shape);
        var weights = new SampleWeights(metric, sampleWeight, batch);
        total = 0;
        count = 0;
        if (batch == 0)
        {
            return;
        }
        var t = yTrue.Span;
        var p = yPred.Span;
        int inner = t.Length / batch;
        for (int i = 0; i < batch; i++)
        {
            var tr = t.Slice(i * inner, inner);
            var pr = p.Slice(i * inner, inner);
            double s = 0;
            for (int j = 0; j < tr.Length; j++)
            {
                s += op.Invoke(tr[j], pr[j]);
            }
            double w = weights[i];
            total += w * (s / inner);
            count += w;
        }
    }

    /// <summary>Fraction of positions per sample where argmax(yTrue) equals argmax(yPred) (CategoricalAccuracy).</summary>
    public static void CategoricalMatches(
        Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, out double total, out double count)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        RequireOneHot(metric, yTrue.Shape, yPred.Shape, "For integer class labels use SparseCategoricalAccuracy.");
        RowMean(metric, yTrue, yPred, sampleWeight, default(MetricOps.ArgMaxMatch), out total, out count);
    }

    /// <summary>Fraction of positions per sample where the class id in yTrue equals argmax(yPred) (SparseCategoricalAccuracy).</summary>
    public static void SparseCategoricalMatches(
        Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, out double total, out double count) =>
        SparseRowMean(metric, yTrue, yPred, sampleWeight, default(MetricOps.SparseArgMaxMatch), out total, out count);

    /// <summary>
    /// Checks that one-hot labels have the shape of the scores, <c>(batch, ..., numClasses)</c>.
    /// </summary>
    /// <param name="metric">The metric, named in the error.</param>
    /// <param name="yTrue">The labels' shape.</param>
    /// <param name="yPred">The scores' shape.</param>
    /// <param name="hint">What to use instead, appended to the error.</param>
    public static void RequireOneHot(Metric metric, Shape yTrue, Shape yPred, string hint)
    {
        if (yPred.Rank < 2 || yTrue != yPred || yPred[^1] == 0)
        {
            throw new ArgumentException(
                $"Metric '{metric.Name}' ({metric.GetType().Name}) expects one-hot y_true with the same shape as y_pred " +
                $"(batch, ..., num_classes), but received y_true with shape {yTrue} and y_pred with shape {yPred}. " + hint);
        }
    }

    /// <summary>
    /// Mean of <paramref name="op"/> over the rows (last axis) of each sample, weighted per sample (CategoricalAccuracy,
    /// CosineSimilarity, CategoricalCrossentropy, KLDivergence, …).
    /// </summary>
    /// <remarks>
    /// The shapes are aligned as for <see cref="ElementwiseMean{TOp}"/>. A rank-1 <c>yPred</c> is one row, a single
    /// sample, as in Keras, whose metric functions reduce the last axis.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowMean<TOp>(
        Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, TOp op, out double total, out double count)
        where TOp : struct, IRowMetricOp
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        int batch = AlignElementwise(metric, yTrue.Shape, yPred.Shape);
        var t = yTrue.Span;
        var p = yPred.Span;
        int row = yPred.Rank >= 2 ? yPred.Shape[^1] : p.Length;
        if (yPred.Rank < 2)
        {
            batch = p.Length == 0 ? 0 : 1;
        }
        var weights = new SampleWeights(metric, sampleWeight, batch);
        total = 0;
        count = 0;
        if (batch == 0 || row == 0)
        {
            return;
        }
        int rowsPerSample = p.Length / row / batch;
        for (int i = 0; i < batch; i++)
        {
            double s = 0;
            for (int k = 0; k < rowsPerSample; k++)
            {
                int offset = (i * rowsPerSample + k) * row;
                s += op.Invoke(t.Slice(offset, row), p.Slice(offset, row));
            }
            double w = weights[i];
            total += w * (s / rowsPerSample);
            count += w;
        }
    }

    /// <summary>
    /// Mean of <paramref name="op"/> over the positions of each sample, for integer labels <c>(batch, ...)</c> (or
    /// <c>(batch, ..., 1)</c>) and scores <c>(batch, ..., numClasses)</c>, weighted per sample.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SparseRowMean<TOp>(
        Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight, TOp op, out double total, out double count)
        where TOp : struct, ISparseRowMetricOp
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var ts = yTrue.Shape;
        var ps = yPred.Shape;
        if (!SparseShapesAlign(ts.Dims, ps.Dims))
        {
            throw new ArgumentException(
                $"Metric '{metric.Name}' ({metric.GetType().Name}) expects integer class ids y_true of shape (batch, ...) " +
                "or (batch, ..., 1) and scores y_pred of shape (batch, ..., num_classes), but received y_true with shape " +
                $"{ts} and y_pred with shape {ps}. For one-hot labels use the categorical metric.");
        }
        int batch = ps[0];
        var weights = new SampleWeights(metric, sampleWeight, batch);
        total = 0;
        count = 0;
        if (batch == 0)
        {
            return;
        }
        int classes = ps[^1];
        var t = yTrue.Span;
        var p = yPred.Span;
        int perSample = t.Length / batch;
        for (int i = 0; i < batch; i++)
        {
            double s = 0;
            for (int k = 0; k < perSample; k++)
            {
                int position = i * perSample + k;
                s += op.Invoke(t[position], p.Slice(position * classes, classes));
            }
            double w = weights[i];
            total += w * (s / perSample);
            count += w;
        }
    }

    /// <summary>
    /// Checks that two shapes hold the same elements after Keras' <c>squeeze_or_expand_to_same_rank</c> (equal shapes,
    /// or equal after dropping a trailing axis of size 1 from the higher-rank one) and returns the batch size.
    /// </summary>
    /// <remarks>
    /// Keras then broadcasts, which would also accept e.g. <c>(n, 1)</c> against <c>(n, 3)</c>; we require the same
    /// elements, which is what every built-in use needs and turns a silent broadcast into an error.
    /// </remarks>
    public static int AlignElementwise(Metric metric, Shape yTrue, Shape yPred)
    {
        var t = yTrue.Dims;
        var p = yPred.Dims;
        bool ok = t.Length >= 1 && p.Length >= 1
            && (t.Length == p.Length ? t.SequenceEqual(p)
                : t.Length == p.Length + 1 ? t[^1] == 1 && t[..^1].SequenceEqual(p)
                : p.Length == t.Length + 1 && p[^1] == 1 && p[..^1].SequenceEqual(t));
        if (!ok)
        {
            throw new ArgumentException(
                $"Metric '{metric.Name}' ({metric.GetType().Name}) received incompatible shapes: y_true has shape {yTrue} " +
                $"and y_pred has shape {yPred}. Expected the same shape with a batch axis first (a trailing axis of size 1 " +
                "may be present on one side only, e.g. (32,) and (32, 1)).");
        }
        return t[0];
    }

    /// <summary>Index of the largest value, the first one on ties; the first NaN wins (NumPy's <c>argmax</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        float bestValue = row[0];
        if (float.IsNaN(bestValue))
        {
            return 0;
        }
        for (int i = 1; i < row.Length; i++)
        {
            float v = row[i];
            if (float.IsNaN(v))
            {
                return i;
            }
            if (v > bestValue)
            {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    /// <summary>
    /// Keras' sparse rule: y_true (after squeezing a trailing 1 when ranks are equal) must equal y_pred's shape without
    /// its class axis.
    /// </summary>
    private static bool SparseShapesAlign(ReadOnlySpan<int> t, ReadOnlySpan<int> p)
    {
        if (p.Length < 2 || p[^1] == 0)
        {
            return false;
        }
        if (t.Length == p.Length && t[^1] == 1)
        {
            t = t[..^1];
        }
        return t.SequenceEqual(p[..^1]);
    }
}
