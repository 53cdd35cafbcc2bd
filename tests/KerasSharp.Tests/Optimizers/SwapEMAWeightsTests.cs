using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Saving.Keras3;

namespace KerasSharp.Tests.Optimizers;

public class SwapEMAWeightsTests
{
    private static (Model Model, Tensor X, Tensor Y) Compiled(bool useEma = true)
    {
        var x = KerasArchiveRoundTripTests.Random(3, 48, 3);
        var y = KerasArchiveRoundTripTests.Random(4, 48, 1);
        var model = new Sequential([new Input(shape: [3]), new Dense(4, activation: "tanh", kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 1)), new Dense(1, kernelInitializer: new KerasSharp.Initializers.GlorotUniform(seed: 2))]);
        model.Compile(optimizer: new Adam(learningRate: 0.05, useEma: useEma, emaMomentum: 0.8), loss: "mse");
        return (model, x, y);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Fit_WithValidation_EvaluatesWithTheAverages(bool swapOnEpoch)
    {
        var (model, x, y) = Compiled();
        var history = model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false, validationData: (x, y), callbacks: [new SwapEMAWeights(swapOnEpoch)]);
        // Fit ends with the averages in the model, the weights the last validation used
        var averages = model.Optimizer!.Variables.Where(v => v.Path.EndsWith("_average", StringComparison.Ordinal)).ToArray();
        for (int i = 0; i < averages.Length; i++)
        {
            Assert.That(model.TrainableWeights[i].Value.ToArray(), Is.EqualTo(averages[i].Value.ToArray()), model.TrainableWeights[i].Path);
        }
        double evaluated = model.Evaluate(x, y, batchSize: 16, verbose: 0)["loss"];
        Assert.That(history.History["val_loss"][^1], Is.EqualTo(evaluated).Within(1e-6));
    }

    [Test]
    public void OnTestBeginAndEnd_SwapsTheAveragesInAndBack()
    {
        var (model, x, y) = Compiled();
        model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0, shuffle: false);
        var opt = model.Optimizer!;
        opt.Apply([.. model.TrainableWeights.Select(w => Tensor.Full(w.Shape, 0.1f))], model.TrainableWeights);
        var trained = model.TrainableWeights.Select(w => w.Value.ToArray()).ToArray();
        var callback = new SwapEMAWeights();
        callback.SetModel(model);
        callback.OnTestBegin(new Logs());
        Assert.That(model.TrainableWeights[0].Value.ToArray(), Is.Not.EqualTo(trained[0]), "the averages are in the model");
        callback.OnTestEnd(new Logs());
        Assert.That(model.TrainableWeights.Select(w => w.Value.ToArray()), Is.EqualTo(trained), "the trained weights are back");
    }

    [Test]
    public void Fit_OptimizerWithoutEma_Throws()
    {
        var (model, x, y) = Compiled(useEma: false);
        var ex = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, epochs: 1, verbose: 0, validationData: (x, y), callbacks: [new SwapEMAWeights()]));
        Assert.That(ex!.Message, Does.Contain("`use_ema=True`"));
    }
}
