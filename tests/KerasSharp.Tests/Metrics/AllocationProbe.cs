using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

/// <summary>Measures the bytes a metric update allocates on the current thread, after a warm-up call.</summary>
internal static class AllocationProbe
{
    public static long BytesForSecondUpdate(Metric metric, Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        metric.UpdateState(yTrue, yPred, sampleWeight);
        long before = GC.GetAllocatedBytesForCurrentThread();
        metric.UpdateState(yTrue, yPred, sampleWeight);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
