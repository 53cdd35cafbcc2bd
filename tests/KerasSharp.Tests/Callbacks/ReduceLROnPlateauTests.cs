using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Callbacks;

public class ReduceLROnPlateauTests
{
    private static readonly float[,] X = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 } };
    private static readonly float[] Y = [1, 1, 0, 0];

    private static Sequential Model(double learningRate)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new SGD(learningRate: learningRate), loss: "binary_crossentropy");
        return model;
    }

    /// <summary>Puts a scripted "plateau" value into each epoch's logs, ahead of the callbacks that read it.</summary>
    private static LambdaCallback Script(params double[] values) =>
        new(onEpochEnd: (epoch, logs) => logs["plateau"] = values[epoch]);

    [Test]
    public void Fit_PlateauedMetric_ReducesAfterPatience_RestsForCooldown_AndStopsAtMinLr()
    {
        var output = new StringWriter();
        var reduce = new ReduceLROnPlateau(monitor: "plateau", factor: 0.5, patience: 2, verbose: 1, mode: "min", cooldown: 1, minLr: 0.02, output: output);
        var model = Model(0.1);
        var history = model.Fit(X, Y, epochs: 10, verbose: 0, callbacks: [Script(1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5), reduce]);

        // Keras logs the float32 learning rate before the epoch's decision: reductions at epochs 4, 6 and 8 (1-based)
        double[] expected = [0.10000000149011612, 0.10000000149011612, 0.10000000149011612, 0.10000000149011612,
            0.05000000074505806, 0.05000000074505806, 0.02500000037252903, 0.02500000037252903,
            0.019999999552965164, 0.019999999552965164];
        Assert.Multiple(() =>
        {
            Assert.That(history.History["learning_rate"], Is.EqualTo(expected));
            Assert.That(model.Optimizer!.LearningRate, Is.EqualTo(0.02), "the optimizer keeps the value set; its float32 variable is what the logs show");
            Assert.That(output.ToString(), Is.EqualTo(
                "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.05000000074505806." + Environment.NewLine +
                "\nEpoch 6: ReduceLROnPlateau reducing learning rate to 0.02500000037252903." + Environment.NewLine +
                "\nEpoch 8: ReduceLROnPlateau reducing learning rate to 0.02." + Environment.NewLine));
            Assert.That(reduce.Wait, Is.EqualTo(2), "at the minimum the wait is not reset, as in Keras");
        });
    }

    [Test]
    public void Fit_ImprovingMetric_KeepsTheLearningRate()
    {
        var reduce = new ReduceLROnPlateau(monitor: "plateau", patience: 1, mode: "min");
        var model = Model(0.1);
        model.Fit(X, Y, epochs: 4, verbose: 0, callbacks: [Script(4, 3, 2, 1), reduce]);
        Assert.That(model.Optimizer!.LearningRate, Is.EqualTo(0.1));
        Assert.That(reduce.Best, Is.EqualTo(1.0));
    }

    [Test]
    public void Fit_MinDelta_SmallImprovementsDoNotCount()
    {
        var model = Model(0.1);
        model.Fit(X, Y, epochs: 3, verbose: 0, callbacks: [Script(1, 0.95, 0.9), new ReduceLROnPlateau(monitor: "plateau", patience: 2, mode: "min", minDelta: 0.1)]);
        Assert.That(model.Optimizer!.LearningRate, Is.EqualTo(0.01).Within(1e-9));
    }

    [Test]
    public void Factor_OneOrMore_ThrowsAsKeras()
    {
        Assert.That(() => new ReduceLROnPlateau(factor: 1.0),
            Throws.ArgumentException.With.Message.StartsWith("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1.0"));
    }

    [Test]
    public void UnknownMode_Throws()
    {
        Assert.That(() => new ReduceLROnPlateau(mode: "up"), Throws.ArgumentException.With.Message.Contains("mode 'up' is unknown"));
    }

    [Test]
    public void MissingMonitor_WarnsWithTheAvailableMetrics_AndStillLogsTheLearningRate()
    {
        var warnings = new StringWriter();
        var model = Model(0.1);
        var history = model.Fit(X, Y, epochs: 1, verbose: 0, callbacks: [new ReduceLROnPlateau(output: warnings)]);
        Assert.That(warnings.ToString(), Does.Contain("Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: loss,learning_rate."));
        Assert.That(history.History["learning_rate"], Is.EqualTo(new[] { 0.10000000149011612 }));
    }

    [Test]
    public void Defaults_AreKeras()
    {
        var reduce = new ReduceLROnPlateau();
        Assert.That((reduce.Monitor, reduce.Factor, reduce.Patience, reduce.Mode, reduce.MinDelta, reduce.Cooldown, reduce.MinLr),
            Is.EqualTo(("val_loss", 0.1, 10, "auto", 1e-4, 0, 0.0)));
    }
}
