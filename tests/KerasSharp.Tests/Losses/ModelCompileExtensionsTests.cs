using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Losses;

public class ModelCompileExtensionsTests
{
    private static Tensor MeanQuarticError(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(Ops.Square(yPred - yTrue)), -1);

    private static (Tensor X, Tensor Y) Data()
    {
        var x = new float[64, 2];
        var y = new float[64, 1];
        var random = new Random(7);
        for (int i = 0; i < 64; i++)
        {
            x[i, 0] = (float)random.NextDouble();
            x[i, 1] = (float)random.NextDouble();
            y[i, 0] = 2 * x[i, 0] - x[i, 1] + 0.5f;
        }
        return (Tensor.FromArray(x), Tensor.FromArray(y));
    }

    [Test]
    public void Compile_Lambda_TrainsWithTheFunctionNamedLoss()
    {
        var model = new Sequential([new Dense(1, inputShape: new Shape(2))]);
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: (yTrue, yPred) => Ops.Mean(Ops.Square(yPred - yTrue), -1));
        var (x, y) = Data();
        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: 0, shuffle: false);
        var losses = history.History["loss"];
        Assert.Multiple(() =>
        {
            Assert.That(model.Loss, Is.TypeOf<LossFunctionWrapper>());
            Assert.That(model.Loss!.Name, Is.EqualTo("loss"));
            Assert.That(losses[^1], Is.LessThan(losses[0] / 5));
            // the function is the mean squared error, so Evaluate agrees with the built-in loss
            Assert.That(model.Evaluate(x, y, verbose: 0)["loss"], Is.EqualTo(new MeanSquaredError().Compute(y, model.Predict(x, verbose: 0)).Item()).Within(1e-5));
        });
    }

    [Test]
    public void Compile_MethodGroup_IsNamedAfterTheMethod()
    {
        var model = new Sequential([new Dense(1, inputShape: new Shape(2))]);
        model.Compile(loss: MeanQuarticError, optimizer: "sgd", metrics: ["mae"]);
        var (x, y) = Data();
        var history = model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(model.Loss!.Name, Is.EqualTo(nameof(MeanQuarticError)));
            Assert.That(history.History.Keys, Does.Contain("mae"));
            Assert.That(model.Optimizer, Is.TypeOf<SGD>());
        });
    }

    [Test]
    public void Compile_NullFunction_Throws()
    {
        var model = new Sequential([new Dense(1, inputShape: new Shape(2))]);
        Assert.Throws<ArgumentNullException>(() => model.Compile(loss: (Func<Tensor, Tensor, Tensor>)null!));
    }
}
