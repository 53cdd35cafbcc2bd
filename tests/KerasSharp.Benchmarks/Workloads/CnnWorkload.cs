using System.Diagnostics;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// W2 "cnn": Fashion-MNIST (28, 28, 1), Conv2D(32, 3×3, relu, valid) → MaxPooling2D(2) → Conv2D(64, 3×3, relu) →
/// MaxPooling2D(2) → Flatten → Dense(128, relu) → Dense(10) logits, sparse categorical cross-entropy from logits,
/// Adam(1e-3), batch 64. A throw-away model is trained for 20 steps (warm-up); then the wall time of
/// <c>Fit(epochs: 1)</c> over the first 10000 training images is measured on one model, once per pass.
/// </summary>
public static class CnnWorkload
{
    private const int Images = 10000;

    /// <summary>The model, as a Keras user writes it (Keras defaults).</summary>
    public static Sequential MakeModel()
    {
        var model = new Sequential([
            new Conv2D(32, [3, 3], activation: "relu", inputShape: new Shape(28, 28, 1)),
            new MaxPooling2D([2, 2]),
            new Conv2D(64, [3, 3], activation: "relu"),
            new MaxPooling2D([2, 2]),
            new Flatten(),
            new Dense(128, activation: "relu"),
            new Dense(10),
        ]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    /// <summary>Runs the workload.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var data = FashionMnistData.Load(channelAxis: true);
        report.Note($"fashion-mnist loaded in {data.LoadMs:F0} ms; threads={Environment.ProcessorCount}");

        Keras.SetRandomSeed(options.Seed);
        if (options.WarmupSteps > 0)
        {
            int n = Math.Min(data.XTrain.Shape[0], 64 * options.WarmupSteps);
            var warm = MakeModel();
            warm.Fit(Ops.SliceRows(data.XTrain, 0, n), Ops.SliceRows(data.YTrain, 0, n), batchSize: 64, epochs: 1, verbose: 0,
                shuffle: true, callbacks: [new EpochProbe()]);
            Startup.ReportFirstStep(report, "cnn");
        }

        Keras.SetRandomSeed(options.Seed);
        var model = MakeModel();
        var xs = Ops.SliceRows(data.XTrain, 0, Images);
        var ys = Ops.SliceRows(data.YTrain, 0, Images);
        for (int pass = 0; pass < options.Passes; pass++)
        {
            var probe = new EpochProbe();
            long start = Stopwatch.GetTimestamp();
            model.Fit(xs, ys, batchSize: 64, epochs: 1, verbose: 0, shuffle: true, callbacks: [probe]);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Startup.ReportFirstStep(report, "cnn");
            var e = probe.Epochs[0] with { Epoch = pass + 1 };
            report.Emit("cnn", $"sec_per_{Images}_train_images", seconds, "s",
                Reporter.Extra(("rep", pass + 1), ("loss", e.Loss), ("steps", e.Steps), ("cpu_s", e.CpuSeconds), ("loadavg", Machine.LoadAverage())));
            MlpWorkload.ReportEpochCosts(report, "cnn", e);
        }

        if (options.FullEpoch)
        {
            Keras.SetRandomSeed(options.Seed + 1);
            var full = MakeModel();
            long start = Stopwatch.GetTimestamp();
            full.Fit(data.XTrain, data.YTrain, batchSize: 64, epochs: 1, verbose: 0, shuffle: true);
            report.Emit("cnn", "sec_per_full_epoch_60000", Stopwatch.GetElapsedTime(start).TotalSeconds, "s");
            report.Emit("cnn", "test_acc_after_1_epoch", data.TestAccuracy(full), "fraction");
        }
    }
}
