using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// W1 "mlp": Fashion-MNIST, Flatten(28x28) → Dense(128, relu) → Dense(10) logits, sparse categorical cross-entropy
/// from logits, Adam(1e-3), batch 32, reshuffled every epoch. A throw-away model is trained for 20 steps first
/// (warm-up), then a fresh model is trained and every epoch is timed. Then W4 "predict" on the trained model.
/// </summary>
public static class MlpWorkload
{
    /// <summary>The model, exactly as a Keras user writes it (Keras defaults: glorot_uniform kernels, zero biases).</summary>
    public static Sequential MakeModel()
    {
        var model = new Sequential([
            new Flatten(inputShape: new Shape(28, 28)),
            new Dense(128, activation: "relu"),
            new Dense(10),
        ]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    /// <summary>Runs W1 and then W4.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var data = FashionMnistData.Load(channelAxis: false);
        report.Note($"fashion-mnist loaded in {data.LoadMs:F0} ms; threads={Environment.ProcessorCount}");

        // warm-up on a throw-away model, so the timed model starts from a fresh init
        Keras.SetRandomSeed(options.Seed);
        if (options.WarmupSteps > 0)
        {
            int n = Math.Min(data.XTrain.Shape[0], 32 * options.WarmupSteps);
            var warm = MakeModel();
            warm.Fit(Ops.SliceRows(data.XTrain, 0, n), Ops.SliceRows(data.YTrain, 0, n), batchSize: 32, epochs: 1, verbose: 0,
                shuffle: true, callbacks: [new EpochProbe()]);
            Startup.ReportFirstStep(report, "mlp");
        }

        Keras.SetRandomSeed(options.Seed);
        var model = MakeModel();
        var probe = new EpochProbe();
        model.Fit(data.XTrain, data.YTrain, batchSize: 32, epochs: options.Epochs, verbose: 0, shuffle: true, callbacks: [probe]);
        Startup.ReportFirstStep(report, "mlp");
        foreach (var e in probe.Epochs)
        {
            report.Emit("mlp", "sec_per_epoch", e.Seconds, "s",
                Reporter.Extra(("epoch", e.Epoch), ("loss", e.Loss), ("steps", e.Steps), ("cpu_s", e.CpuSeconds), ("loadavg", Machine.LoadAverage())));
            ReportEpochCosts(report, "mlp", e);
        }
        report.Emit("mlp", $"test_acc_after_{options.Epochs}_epochs", data.TestAccuracy(model), "fraction");

        PredictWorkload.Run(model, data.XTest, options, report);
    }

    /// <summary>Milliseconds per step, bytes allocated per step and GC counts/pauses of one timed epoch.</summary>
    public static void ReportEpochCosts(Reporter report, string workload, EpochStats e)
    {
        var epoch = Reporter.Extra(("epoch", e.Epoch));
        report.Emit(workload, "ms_per_step", e.Seconds * 1e3 / e.Steps, "ms", epoch);
        report.Emit(workload, "alloc_bytes_per_step", (double)e.AllocatedBytes / e.Steps, "B",
            Reporter.Extra(("epoch", e.Epoch), ("allocated_bytes_epoch", e.AllocatedBytes), ("steps", e.Steps), ("threads", "all")));
        report.Emit(workload, "alloc_bytes_per_step_steady", e.Steps > 1 ? (double)e.SteadyStepBytes / (e.Steps - 1) : 0, "B",
            Reporter.Extra(("epoch", e.Epoch), ("note", "training thread, inside each step after the first")));
        report.Emit(workload, "gc_gen0_per_epoch", e.Gen0, "count", epoch);
        report.Emit(workload, "gc_gen1_per_epoch", e.Gen1, "count", epoch);
        report.Emit(workload, "gc_gen2_per_epoch", e.Gen2, "count", epoch);
        report.Emit(workload, "gc_pause_ms_per_epoch", e.GcPauseMs, "ms",
            Reporter.Extra(("epoch", e.Epoch), ("fraction_of_epoch", e.GcPauseMs / 1e3 / e.Seconds)));
    }
}
