using KerasSharp.Engine;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Examples;

/// <summary>The small networks of the classic "neural network from scratch" articles, written with KerasSharp.</summary>
public class SeedNetworkTests
{
    [SetUp]
    public void Seed() => Keras.SetRandomSeed(1);

    [Test]
    public void ThreeHiddenSigmoidNetwork_FullBatchGradientDescent_LearnsTargets()
    {
        // X = [[0,1,1,0],[0,1,1,1],[1,0,0,1]], y = [[0],[1],[1]], 3 sigmoid hidden units, plain gradient descent, lr 0.1.
        float[,] x = { { 0, 1, 1, 0 }, { 0, 1, 1, 1 }, { 1, 0, 0, 1 } };
        float[,] y = { { 0 }, { 1 }, { 1 } };
        var model = new Sequential([new Input(shape: [4]), new Dense(3, activation: "sigmoid"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: "binary_crossentropy");
        var history = model.Fit(x, y, epochs: 3000, batchSize: 3, shuffle: false, verbose: 0);
        var p = model.Predict(x, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(p[0, 0], Is.LessThan(0.2f));
            Assert.That(p[1, 0], Is.GreaterThan(0.8f));
            Assert.That(p[2, 0], Is.GreaterThan(0.8f));
            Assert.That(history.History["loss"][^1], Is.LessThan(history.History["loss"][0] / 4));
        });
    }

    [Test]
    public void FourHiddenSigmoidNetwork_SumOfSquares_LearnsXorLikeTargets()
    {
        // X = [[0,0,1],[0,1,1],[1,0,1],[1,1,1]], y = [[0],[1],[1],[0]]: two sigmoid layers without biases (the constant
        // third input plays the bias), weights uniform in [0, 1), loss = sum of squared errors, 1500 full-batch steps.
        float[,] x = { { 0, 0, 1 }, { 0, 1, 1 }, { 1, 0, 1 }, { 1, 1, 1 } };
        float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
        var init = new RandomUniform(0f, 1f);
        var model = new Sequential(
        [
            new Input(shape: [3]),
            new Dense(4, activation: "sigmoid", useBias: false, kernelInitializer: init),
            new Dense(1, activation: "sigmoid", useBias: false, kernelInitializer: init),
        ]);
        var sumOfSquares = new LossFunctionWrapper((t, p) => Ops.Sum(Ops.Square(Ops.Subtract(t, p)), axis: -1), reduction: "sum", name: "sum_of_squares");
        model.Compile(optimizer: new SGD(learningRate: 1.0), loss: sumOfSquares);
        model.Fit(x, y, epochs: 1500, batchSize: 4, shuffle: false, verbose: 0);
        var p = model.Predict(x, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(p[0, 0], Is.LessThan(0.1f));
            Assert.That(p[1, 0], Is.GreaterThan(0.9f));
            Assert.That(p[2, 0], Is.GreaterThan(0.9f));
            Assert.That(p[3, 0], Is.LessThan(0.1f));
        });
    }
}
