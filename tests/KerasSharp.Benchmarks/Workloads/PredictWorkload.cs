using System.Diagnostics;
using KerasSharp.Engine;
using KerasSharp.Models;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// W4 "predict" on the trained W1 model: the median latency of <c>Predict</c> on one sample (input already a tensor,
/// output read back to a host array; 50 warm-up calls, then 1000 timed), and the throughput of <c>Predict</c> over
/// the 10000 test images in batches of 256 (one warm-up pass, then timed passes).
/// </summary>
public static class PredictWorkload
{
    /// <summary>Runs the workload.</summary>
    public static void Run(Model model, Tensor xTest, BenchOptions options, Reporter report)
    {
        var x1 = Ops.SliceRows(xTest, 0, 1);
        var (median, p10, p90) = Latency(() => model.Predict(x1, verbose: 0).ToArray(), options.LatencyCalls);
        report.Emit("predict", "latency_1_sample_median", median, "us",
            Reporter.Extra(("calls", options.LatencyCalls), ("p10_us", p10), ("p90_us", p90), ("api", "Predict")));

        // Keras' advice for small inputs is to call the model directly (model(x)); that is Apply here.
        var (cMedian, cP10, cP90) = Latency(() => model.Apply(x1, training: false).ToArray(), options.LatencyCalls);
        report.Emit("predict", "latency_1_sample_median_call", cMedian, "us",
            Reporter.Extra(("calls", options.LatencyCalls), ("p10_us", cP10), ("p90_us", cP90), ("api", "Apply (model(x))")));

        model.Predict(xTest, batchSize: 256, verbose: 0).ToArray();
        for (int rep = 0; rep < options.ThroughputReps; rep++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Predict(xTest, batchSize: 256, verbose: 0).ToArray();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            report.Emit("predict", "throughput_10000_bs256", xTest.Shape[0] / seconds, "img/s",
                Reporter.Extra(("seconds", seconds), ("rep", rep + 1)));
        }
    }

    private static (double Median, double P10, double P90) Latency(Func<float[]> call, int calls)
    {
        for (int i = 0; i < 50; i++)
        {
            call();
        }
        var us = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            us[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(us);
        double median = calls % 2 == 1 ? us[calls / 2] : (us[calls / 2 - 1] + us[calls / 2]) / 2;
        return (median, us[Math.Min(calls - 1, calls / 10)], us[Math.Min(calls - 1, calls * 9 / 10)]);
    }
}
