using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>
/// "mlp_functional": W1's model written with the Functional API (<c>Input → Flatten → Dense(128, relu) → Dense(10)</c>,
/// <c>new Model(inputs, outputs)</c>), trained exactly as W1. The Sequential model is trained in the same process,
/// epoch for epoch in turn with the Functional one (which goes first alternates), so the ratio of the two is measured
/// side by side.
/// </summary>
public static class MlpFunctionalWorkload
{
    /// <summary>The Functional twin of <see cref="MlpWorkload.MakeModel"/>.</summary>
    public static Model MakeModel()
    {
        var inputs = new Input(shape: [28, 28]);
        var x = new Flatten().Apply(inputs);
        x = new Dense(128, activation: "relu").Apply(x);
        var outputs = new Dense(10).Apply(x);
        var model = new Model(inputs, outputs);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true));
        return model;
    }

    /// <summary>Runs the Functional and the Sequential MLP alternately, one epoch each, and reports both and their ratio.</summary>
    public static void Run(BenchOptions options, Reporter report)
    {
        var data = FashionMnistData.Load(channelAxis: false);
        report.Note($"fashion-mnist loaded in {data.LoadMs:F0} ms; threads={Environment.ProcessorCount}");
        int warm = Math.Min(data.XTrain.Shape[0], 32 * Math.Max(options.WarmupSteps, 1));
        var (xWarm, yWarm) = (Ops.SliceRows(data.XTrain, 0, warm), Ops.SliceRows(data.YTrain, 0, warm));
        MakeModel().Fit(xWarm, yWarm, batchSize: 32, verbose: 0, callbacks: [new EpochProbe()]);
        MlpWorkload.MakeModel().Fit(xWarm, yWarm, batchSize: 32, verbose: 0, callbacks: [new EpochProbe()]);

        Keras.SetRandomSeed(options.Seed);
        var sequential = MlpWorkload.MakeModel();
        Keras.SetRandomSeed(options.Seed);
        var functional = MakeModel();
        var ratios = new List<double>();
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            // which model goes first alternates, so neither always runs right after the other's epoch
            EpochStats f, s;
            if (epoch % 2 == 0)
            {
                f = TimedEpoch(functional, data, epoch);
                s = TimedEpoch(sequential, data, epoch);
            }
            else
            {
                s = TimedEpoch(sequential, data, epoch);
                f = TimedEpoch(functional, data, epoch);
            }
            report.Emit("mlp_functional", "sec_per_epoch", f.Seconds, "s",
                Reporter.Extra(("epoch", f.Epoch), ("loss", f.Loss), ("steps", f.Steps), ("cpu_s", f.CpuSeconds), ("loadavg", Machine.LoadAverage())));
            MlpWorkload.ReportEpochCosts(report, "mlp_functional", f);
            report.Emit("mlp_functional", "sequential_sec_per_epoch", s.Seconds, "s", Reporter.Extra(("epoch", s.Epoch), ("loss", s.Loss)));
            ratios.Add(f.Seconds / s.Seconds);
        }
        ratios.Sort();
        report.Emit("mlp_functional", "time_ratio_to_sequential", ratios[ratios.Count / 2], "x",
            Reporter.Extra(("note", "Functional epoch time / Sequential epoch time, same process, median over epochs")));
        report.Emit("mlp_functional", $"test_acc_after_{options.Epochs}_epochs", data.TestAccuracy(functional), "fraction");
    }

    private static EpochStats TimedEpoch(Model model, FashionMnistData data, int epoch)
    {
        var probe = new EpochProbe();
        model.Fit(data.XTrain, data.YTrain, batchSize: 32, epochs: epoch + 1, initialEpoch: epoch, verbose: 0, shuffle: true, callbacks: [probe]);
        return probe.Epochs[^1];
    }
}
