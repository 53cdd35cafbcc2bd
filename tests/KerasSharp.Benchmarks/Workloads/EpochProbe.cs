using System.Diagnostics;
using KerasSharp.Callbacks;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// A callback that times every epoch of a <c>Fit</c> (from <c>OnEpochBegin</c>, before the reshuffle, to
/// <c>OnEpochEnd</c>), and records the bytes allocated, the garbage collections and the GC pause time in it, plus
/// the bytes the training thread allocated inside the steps after the first (from <c>OnTrainBatchBegin</c> to
/// <c>OnTrainBatchEnd</c>: the steady-state cost of a step, without the first step's one-off buffers).
/// It also notes when the first training step of the process starts.
/// </summary>
public sealed class EpochProbe : Callback
{
    private long _start;
    private long _bytes;
    private TimeSpan _pause;
    private TimeSpan _cpu;
    private readonly int[] _gcCounts = new int[3];
    private int _steps;
    private long _stepStart;
    private long _steadyBytes;

    /// <summary>Stopwatch timestamp of the first <c>OnTrainBatchBegin</c> seen by any probe (0 before).</summary>
    public static long FirstStepTimestamp { get; private set; }

    /// <summary>One record per finished epoch.</summary>
    public List<EpochStats> Epochs { get; } = [];

    /// <inheritdoc/>
    /// <remarks>It reads nothing from the logs, so Fit hands it no copies (which the step figures would count).</remarks>
    public override bool KeepsLogs => false;

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        _steps = 0;
        _steadyBytes = 0;
        _pause = GC.GetTotalPauseDuration();
        for (int g = 0; g < 3; g++)
        {
            _gcCounts[g] = GC.CollectionCount(g);
        }
        _bytes = GC.GetTotalAllocatedBytes(precise: true);
        _cpu = Environment.CpuUsage.TotalTime;
        _start = Stopwatch.GetTimestamp();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchBegin(int batch, Logs logs)
    {
        if (FirstStepTimestamp == 0)
        {
            FirstStepTimestamp = Stopwatch.GetTimestamp();
        }
        _steps++;
        _stepStart = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, Logs logs)
    {
        if (_steps > 1)
        {
            _steadyBytes += GC.GetAllocatedBytesForCurrentThread() - _stepStart;
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        double cpuSeconds = (Environment.CpuUsage.TotalTime - _cpu).TotalSeconds;
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - _bytes;
        var pause = GC.GetTotalPauseDuration() - _pause;
        Epochs.Add(new EpochStats(epoch + 1, seconds, _steps, bytes,
            GC.CollectionCount(0) - _gcCounts[0], GC.CollectionCount(1) - _gcCounts[1], GC.CollectionCount(2) - _gcCounts[2],
            pause.TotalMilliseconds, cpuSeconds, logs.TryGetValue("loss", out double loss) ? loss : double.NaN, _steadyBytes));
    }
}
