namespace KerasSharp.Metrics;

/// <summary>
/// A metric value of one row (the last axis) of targets and predictions, e.g. a cosine similarity; a struct, so
/// <see cref="MetricKernels.RowMean{TOp}"/> is specialised for it.
/// </summary>
internal interface IRowMetricOp
{
    /// <summary>The value for one row.</summary>
    /// <param name="yTrue">The targets of the row.</param>
    /// <param name="yPred">The predictions of the row, the same length.</param>
    double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred);
}
