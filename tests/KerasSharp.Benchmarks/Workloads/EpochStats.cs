namespace KerasSharp.Benchmarks.Workloads;

/// <summary>What one epoch cost.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="Steps">Training steps in it.</param>
/// <param name="AllocatedBytes">Bytes allocated by all threads during the epoch.</param>
/// <param name="Gen0">Generation-0 collections (a gen-1 or gen-2 collection counts here too, as the runtime counts them).</param>
/// <param name="Gen1">Generation-1 collections.</param>
/// <param name="Gen2">Generation-2 collections.</param>
/// <param name="GcPauseMs">Time the runtime was paused for GC.</param>
/// <param name="CpuSeconds">Process CPU time (user + system, all threads) during the epoch; well below
/// <see cref="Seconds"/> times the cores used means the process was starved by other load on the machine.</param>
/// <param name="Loss">The epoch's mean training loss.</param>
/// <param name="SteadyStepBytes">Bytes the training thread allocated inside the steps after the first.</param>
public sealed record EpochStats(int Epoch, double Seconds, int Steps, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMs,
    double CpuSeconds, double Loss, long SteadyStepBytes);
