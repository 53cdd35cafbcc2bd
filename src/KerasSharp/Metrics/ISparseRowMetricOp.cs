namespace KerasSharp.Metrics;

/// <summary>
/// A metric value of one integer class label and its row of class scores, e.g. a sparse crossentropy; a struct, so
/// <see cref="MetricKernels.SparseRowMean{TOp}"/> is specialised for it.
/// </summary>
internal interface ISparseRowMetricOp
{
    /// <summary>The value for one label.</summary>
    /// <param name="label">The class id (a float holding an integer).</param>
    /// <param name="yPred">The scores of every class.</param>
    double Invoke(float label, ReadOnlySpan<float> yPred);
}
