using KerasSharp.Callbacks;

namespace KerasSharp.Tests.Testing;

/// <summary>A callback that records the bytes the training thread allocated during each batch, from its start to its end.</summary>
public sealed class StepAllocations : Callback
{
    private long _start;

    /// <summary>The bytes of each batch, in order.</summary>
    public List<long> Bytes { get; } = [];

    /// <inheritdoc/>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs) => _start = GC.GetAllocatedBytesForCurrentThread();

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs) => Bytes.Add(GC.GetAllocatedBytesForCurrentThread() - _start);
}
