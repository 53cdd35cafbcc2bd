using KerasSharp.Activations;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Activations;

/// <summary>A model made of the activations and activation layers trains without allocating per steady step.</summary>
public class ActivationTrainingTests
{
    private static IEnumerable<TestCaseData> Stacks()
    {
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(8, activation: "mish"), new PReLU(), new Dense(8, activation: "hard_silu")])).SetArgDisplayNames("mish, PReLU, hard_silu");
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(8, activation: ActivationFunction.ReluWith(negativeSlope: 0.1, maxValue: 6)), new ELU(0.5)])).SetArgDisplayNames("relu with arguments, ELU");
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(8), new Activation("glu"), new ThresholdedReLU(0.05)])).SetArgDisplayNames("glu, ThresholdedReLU");
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(6, activation: ActivationFunction.SoftShrinkWith(0.1)), new LeakyReLU(alpha: 0.2)])).SetArgDisplayNames("soft_shrink, LeakyReLU");
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(4), new Activation("sparsemax")])).SetArgDisplayNames("sparsemax");
        yield return new TestCaseData((Func<Layer[]>)(() => [new Dense(4, activation: "celu"), new Activation("log_sigmoid"), new Dense(4, activation: "sparse_plus")])).SetArgDisplayNames("celu, log_sigmoid, sparse_plus");
    }

    [TestCaseSource(nameof(Stacks))]
    public void Fit_Activations_AllocateNothingPerSteadyStepAndLearn(Func<Layer[]> layers)
    {
        Keras.SetRandomSeed(11);
        var model = new Sequential([new Input(shape: [6]), .. layers(), new Dense(1, activation: "squareplus")]);
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        var x = TestData.Uniform(1, -1, 1, 64, 6);
        var y = Ops.Add(Ops.Sum(Ops.Square(x), 1, keepDims: true), Tensor.Scalar(1f));
        var probe = new StepAllocations();
        var history = model.Fit(x, y, batchSize: 16, epochs: 6, verbose: 0, callbacks: [probe]);
        var losses = history.History["loss"];
        Assert.Multiple(() =>
        {
            Assert.That(probe.Bytes[^4..], Is.All.EqualTo(0), string.Join(", ", probe.Bytes));
            Assert.That(losses[^1], Is.LessThan(losses[0]));
        });
    }
}
