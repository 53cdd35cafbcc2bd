namespace KerasSharp.Metrics;

/// <summary>
/// A per-element metric value of one target and one prediction (e.g. <c>(t - p)²</c>), implemented by a struct so the
/// JIT specialises <see cref="MetricKernels.ElementwiseMean{TOp}"/> for it without calls through an interface.
/// </summary>
internal interface IElementwiseMetricOp
{
    /// <summary>The value for one element.</summary>
    /// <param name="yTrue">The target.</param>
    /// <param name="yPred">The prediction.</param>
    double Invoke(float yTrue, float yPred);
}
