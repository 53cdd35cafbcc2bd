using KerasSharp.Layers;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Saving.LegacyH5;

namespace KerasSharp.Tests.Metrics;

// The metrics' entries in the training config of saved models: written by GetConfig, read back by class name.
public class MetricTrainingConfigTests
{
    [Test]
    public void Compile_SavedTrainingConfig_RestoresTheMetricsWithTheirOptions()
    {
        Metric[] metrics =
        [
            new AUC(curve: "PR", numThresholds: 50, name: "pr_auc"), new Precision(thresholds: [0.3, 0.6]), "recall",
            new F1Score(average: "macro", threshold: 0.4), new BinaryIoU(threshold: 0.3), new RecallAtPrecision(0.8),
            new TopKCategoricalAccuracy(k: 3), "mape", "kld", new R2Score(classAggregation: null),
        ];
        var model = new Sequential([new Input(shape: [3]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: metrics);
        string json = LegacyTrainingConfig.Write(model).ToJsonString();
        var fresh = new Sequential([new Input(shape: [3]), new Dense(1, activation: "sigmoid")]);
        LegacyTrainingConfig.Compile(fresh, json, null, "model.h5");
        var restored = fresh.CompileArguments.Metrics!.Value.SelectMany(list => list).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(restored.Select(m => m.GetType()), Is.EqualTo(metrics.Select(m => m.GetType())));
            Assert.That(restored.Select(m => m.Name), Is.EqualTo(metrics.Select(m => m.Name)));
            Assert.That(restored.Select(m => m.GetConfig().ToJsonString()), Is.EqualTo(metrics.Select(m => m.GetConfig().ToJsonString())));
        });
    }
}
