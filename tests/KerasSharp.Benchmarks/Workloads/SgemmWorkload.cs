using System.Diagnostics;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// W5 "sgemm": C = A·B in float32 for square n through the engine's GEMM kernel (<c>Gemm.Multiply</c>), GFLOP/s =
/// 2n³/t. One warm-up call, then at least 5 calls and at least 1 s of calls (at most 200); best and median, as
/// the peers' bench_sgemm.py does. A and B hold uniform [0, 1) values. The kernel uses the machine's cores
/// (<see cref="Environment.ProcessorCount"/>, 2 on the project's machines), like the peers' 2 threads.
/// </summary>
public static class SgemmWorkload
{
    /// <summary>Runs the workload.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var rng = new Random(0);
        foreach (int n in options.Sizes)
        {
            var a = new float[n * n];
            var b = new float[n * n];
            var c = new float[n * n];
            for (int i = 0; i < a.Length; i++)
            {
                a[i] = rng.NextSingle();
                b[i] = rng.NextSingle();
            }
            Gemm.Multiply(a, b, c, n, n, n);
            var times = new List<double>();
            long start = Stopwatch.GetTimestamp();
            while (times.Count < 200 && (times.Count < 5 || Stopwatch.GetElapsedTime(start).TotalSeconds < 1.0))
            {
                long t = Stopwatch.GetTimestamp();
                Gemm.Multiply(a, b, c, n, n, n);
                times.Add(Stopwatch.GetElapsedTime(t).TotalSeconds);
            }
            times.Sort();
            double flop = 2.0 * n * n * n;
            double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            report.Emit("sgemm", $"gflops_n{n}", flop / times[0] / 1e9, "GFLOP/s",
                Reporter.Extra(("n", n), ("threads", Environment.ProcessorCount), ("best_s", times[0]),
                    ("median_gflops", flop / median / 1e9), ("reps", times.Count), ("loadavg", Machine.LoadAverage())));
        }
    }
}
