using KerasSharp.Callbacks;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Callbacks;

public class LearningRateSchedulerTests
{
    private static readonly float[,] X = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 }, { 1, 1 } };
    private static readonly float[] Y = [1, 1, 0, 0, 0];

    private static Sequential Model(Optimizer optimizer)
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(1)]);
        model.Compile(optimizer: optimizer, loss: "mse");
        return model;
    }

    [Test]
    public void Fit_KerasDocstringSchedule_EndsAtItsLearningRate()
    {
        // Keras' example: SGD() (0.01), lr kept for ten epochs then times exp(-0.1); after 15 epochs round(lr, 5) == 0.00607
        var model = Model(new SGD());
        var scheduler = new LearningRateScheduler((epoch, lr) => epoch < 10 ? lr : lr * Math.Exp(-0.1));
        model.Fit(X, Y, epochs: 15, verbose: 0, callbacks: [scheduler]);
        Assert.That(Math.Round(model.Optimizer!.LearningRate, 5), Is.EqualTo(0.00607));
    }

    [Test]
    public void Fit_ScheduleOfEpochAndRate_IsVisibleInHistory()
    {
        var model = Model(new SGD(learningRate: 0.01));
        var history = model.Fit(X, Y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => epoch == 0 ? lr : lr * 0.5)]);
        // the schedule receives the float32 learning rate, as Keras reads it from its variable
        Assert.That(history.History["learning_rate"], Is.EqualTo(new[] { 0.009999999776482582, 0.004999999888241291, 0.0024999999441206455 }));
    }

    [Test]
    public void Fit_ScheduleOfEpochAlone_SetsEachEpochsRate_AndSaysSo()
    {
        var output = new StringWriter();
        var model = Model(new SGD());
        var history = model.Fit(X, Y, epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler(epoch => 0.1 / (epoch + 1), verbose: 1, output: output)]);
        Assert.Multiple(() =>
        {
            Assert.That(history.History["learning_rate"], Is.EqualTo(new[] { 0.10000000149011612, 0.05000000074505806, 0.03333333507180214 }));
            Assert.That(output.ToString(), Is.EqualTo(
                "\nEpoch 1: LearningRateScheduler setting learning rate to 0.1." + Environment.NewLine +
                "\nEpoch 2: LearningRateScheduler setting learning rate to 0.05." + Environment.NewLine +
                "\nEpoch 3: LearningRateScheduler setting learning rate to 0.03333333333333333." + Environment.NewLine));
        });
    }

    [Test]
    public void Fit_ScheduleReturningANegativeRate_Throws()
    {
        var model = Model(new SGD());
        Assert.That(() => model.Fit(X, Y, epochs: 1, verbose: 0, callbacks: [new LearningRateScheduler(epoch => -1.0)]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("learning_rate"));
    }

    [Test]
    public void WithoutACompiledModel_SaysWhatIsNeeded()
    {
        var scheduler = new LearningRateScheduler(epoch => 0.1);
        Assert.That(() => scheduler.OnEpochBegin(0, new Logs()), Throws.InvalidOperationException.With.Message.Contains("compiled model"));
    }
}
