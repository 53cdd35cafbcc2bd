namespace KerasSharp.Tests.Engine.Kernels;

/// <summary>Bytes a kernel call allocates on this thread, measured after two warm-up calls (JIT, pools).</summary>
internal static class Allocation
{
    public static long Measure(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
