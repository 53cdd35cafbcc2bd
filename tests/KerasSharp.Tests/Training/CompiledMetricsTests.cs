using KerasSharp.Engine;
using KerasSharp.Metrics;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

/// <summary>Keras 3's matching of <c>metrics</c> to outputs and its log names (compile_utils' CompileMetrics).</summary>
public class CompiledMetricsTests
{
    private static CompiledMetrics Make(OutputMetrics metrics, params string[] outputs) =>
        new(metrics, new CompiledLoss(OutputLosses.Create([.. outputs.Select(_ => (KerasSharp.Losses.Loss?)"mse")]), null, outputs));

    [Test]
    public void OneOutput_TakesEveryMetricGiven_UnderItsOwnName()
    {
        var compiled = Make(new Dictionary<string, Metric[]> { ["z"] = ["mae"], ["a"] = ["mse", "accuracy"] }, "out");
        Assert.That(compiled.Results().Keys, Is.EqualTo(new[] { "loss", "mse", "mae" }),
            "a dictionary's metrics in key order, as tree.flatten; the accuracy placeholder is logged once resolved");
        Assert.That(compiled.Metrics.Select(m => m.Name), Is.EqualTo(new[] { "mse", "accuracy", "mae" }));
    }

    [Test]
    public void OneOutput_DuplicateNames_GetKerasSuffixes()
    {
        var compiled = Make(["mae", new MeanAbsoluteError("mae")], "out");
        Assert.That(compiled.Results().Keys, Is.EqualTo(new[] { "loss", "mae", "mae_1" }));
    }

    [Test]
    public void TwoOutputs_SameMetricNameOnBoth_IsPrefixedWithTheOutputName()
    {
        var compiled = Make(new Dictionary<string, Metric> { ["b"] = "mae", ["a"] = "mae" }, "a", "b");
        Assert.That(compiled.Results().Keys, Is.EqualTo(new[] { "loss", "a_loss", "b_loss", "a_mae", "b_mae" }));
    }

    [Test]
    public void TheSameMetricObjectTwice_IsRejected()
    {
        var shared = new MeanAbsoluteError();
        Assert.That(() => Make([shared, shared], "a", "b"), Throws.ArgumentException.With.Message.Contains("is given twice"));
    }

    [Test]
    public void AMetricNamedLoss_IsRejected()
    {
        Assert.That(() => Make([new MeanAbsoluteError("loss")], "a"), Throws.ArgumentException.With.Message.Contains("cannot be named 'loss'"));
    }

    [Test]
    public void Update_ResolvesAccuracyPerOutput_FromEachOutputsShapes()
    {
        var compiled = Make(new Dictionary<string, Metric> { ["a"] = "accuracy", ["b"] = "accuracy" }, "a", "b");
        compiled.Update(Tensors.Of([Tensor.Ones(new Shape(2, 1)), Tensor.FromArray(new float[] { 0, 2 })]),
            Tensors.Of([Tensor.Ones(new Shape(2, 1)), Tensor.Ones(new Shape(2, 3))]), 0.5, 2);
        Assert.Multiple(() =>
        {
            Assert.That(compiled.Metrics[0], Is.InstanceOf<BinaryAccuracy>());
            Assert.That(compiled.Metrics[1], Is.InstanceOf<SparseCategoricalAccuracy>());
            Assert.That(compiled.Results()["a_accuracy"], Is.EqualTo(1.0));
            Assert.That(compiled.Results().Loss, Is.EqualTo(0.5));
        });
    }
}
