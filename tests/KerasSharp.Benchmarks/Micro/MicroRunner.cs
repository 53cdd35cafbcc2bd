using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace KerasSharp.Benchmarks.Micro;

/// <summary>
/// Runs the BenchmarkDotNet micro-benchmarks of this assembly. ShortRun (3 warm-up, 3 measured iterations, one
/// launch) in process, so the whole set finishes in a few minutes; allocations are measured (MemoryDiagnoser).
/// Reports go to <c>BenchmarkDotNet.Artifacts</c> beside the dll. (The benchmark classes are public and not sealed:
/// BenchmarkDotNet requires both.)
/// </summary>
public static class MicroRunner
{
    /// <summary>Runs the benchmarks selected by <paramref name="args"/> (BenchmarkSwitcher arguments, e.g. <c>--filter *Gemm*</c>).</summary>
    public static void Run(string[] args)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(MicroRunner).Assembly).Run(args, config);
    }
}
