using System.Diagnostics;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// W3 "seed": the 8-bit parity classifier of the classic Keras beginner article. 16 samples (0..15 as 8-bit
/// vectors), label = last bit; Dense(1, sigmoid, inputDim 8); binary cross-entropy; SGD(1.0); 20 epochs, batch 5,
/// shuffled. Reports the wall time of the first fit in the process (cold), of further fresh-model fits (warm) and
/// the cold fit's accuracy. Compiled without metrics, accuracy computed after the fit, as the peers do.
/// </summary>
public static class SeedWorkload
{
    /// <summary>Runs the workload.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var (x, y) = Data();
        Keras.SetRandomSeed(options.Seed);
        var probe = new EpochProbe();
        var (coldMs, coldAcc) = Fit(x, y, probe);
        report.Emit("seed", "fit_20_epochs_cold", coldMs, "ms", Reporter.Extra(("note", "first fit in the process")));
        report.Emit("seed", "final_accuracy", coldAcc, "fraction", Reporter.Extra(("fit", "cold")));
        if (EpochProbe.FirstStepTimestamp != 0)
        {
            Startup.ReportFirstStep(report, "seed");
        }
        for (int rep = 0; rep < options.WarmFits; rep++)
        {
            var (ms, acc) = Fit(x, y, null);
            report.Emit("seed", "fit_20_epochs_warm", ms, "ms", Reporter.Extra(("rep", rep + 1), ("final_accuracy", acc)));
        }
    }

    private static (Tensor X, Tensor Y) Data()
    {
        var x = new float[16, 8];
        var y = new float[16, 1];
        for (int i = 0; i < 16; i++)
        {
            for (int b = 0; b < 8; b++)
            {
                x[i, b] = (i >> (7 - b)) & 1;
            }
            y[i, 0] = x[i, 7];
        }
        return (x, y);
    }

    private static (double Ms, double Accuracy) Fit(Tensor x, Tensor y, EpochProbe? probe)
    {
        var model = new Sequential([new Dense(1, activation: "sigmoid", inputDim: 8)]);
        model.Compile(optimizer: new SGD(learningRate: 1.0), loss: new BinaryCrossentropy());
        long start = Stopwatch.GetTimestamp();
        model.Fit(x, y, batchSize: 5, epochs: 20, verbose: 0, shuffle: true, callbacks: probe is null ? null : [probe]);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var p = model.Predict(x, verbose: 0).ToArray();
        int correct = 0;
        for (int i = 0; i < 16; i++)
        {
            correct += (p[i] > 0.5f ? 1f : 0f) == y[i, 0] ? 1 : 0;
        }
        return (ms, correct / 16.0);
    }
}
