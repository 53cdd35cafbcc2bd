using KerasSharp.Activations;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Metrics;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Models;

/// <summary>Every user error gets a clear, Keras-worded message before any kernel runs.</summary>
public class ErrorTests
{
    private static readonly float[,] X = { { 1, 2, 3 }, { 4, 5, 6 } };
    private static readonly float[] Y = [0, 1];

    private static Sequential Compiled(int inputs = 3)
    {
        var model = new Sequential([new Input(shape: [inputs]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    [SetUp]
    public void Reset() => Keras.ClearSession();

    [Test]
    public void Fit_BeforeCompile_Throws()
    {
        var model = new Sequential([new Dense(1, inputDim: 3)]);
        var ex = Assert.Throws<InvalidOperationException>(() => model.Fit(X, Y, verbose: 0));
        Assert.That(ex!.Message, Is.EqualTo("You must call Compile() before using the model."));
    }

    [Test]
    public void Evaluate_BeforeCompile_Throws()
    {
        var model = new Sequential([new Dense(1, inputDim: 3)]);
        Assert.That(() => model.Evaluate(X, Y, verbose: 0), Throws.InvalidOperationException.With.Message.Contains("Compile()"));
    }

    [Test]
    public void Predict_BeforeCompile_Works_AsInKeras()
    {
        var model = new Sequential([new Dense(1, inputDim: 3)]);
        Assert.That(model.Predict(X, verbose: 0).Shape.ToString(), Is.EqualTo("(2, 1)"));
    }

    [Test]
    public void Fit_InputShapeMismatch_NamesLayerExpectedAndReceived()
    {
        var model = new Sequential([new Dense(4, inputDim: 8), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(X, Y, verbose: 0));
        Assert.That(ex!.Message, Is.EqualTo("Input 0 of layer \"dense\" is incompatible with the layer: expected axis -1 of input shape to have value 8, but received input with shape (2, 3)."));
    }

    [Test]
    public void Fit_InputLayerShapeMismatch_NamesExpectedAndReceived()
    {
        var ex = Assert.Throws<ArgumentException>(() => Compiled(inputs: 4).Fit(X, Y, verbose: 0));
        Assert.That(ex!.Message, Does.Contain("expected shape=(None, 4), found shape=(2, 3)"));
    }

    [Test]
    public void Fit_ImageWithoutFlatten_SuggestsFlatten()
    {
        var model = new Sequential([new Dense(4, inputDim: 784)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(new float[2, 28, 28], new float[2, 4], verbose: 0));
        Assert.That(ex!.Message, Does.Contain("received input with shape (2, 28, 28). Did you forget a Flatten layer?"));
    }

    [Test]
    public void Fit_SampleCountsDiffer_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(X, new float[] { 0, 1, 1 }, verbose: 0));
        Assert.That(ex!.Message, Does.StartWith("Data cardinality is ambiguous").And.Contain("'x' sizes: 2").And.Contain("'y' sizes: 3"));
    }

    [Test]
    public void Fit_EmptyData_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(new float[0, 3], Array.Empty<float>(), verbose: 0));
        Assert.That(ex!.Message, Does.Contain("non-empty").And.Contain("(0, 3)"));
    }

    [TestCase(0)]
    [TestCase(-4)]
    public void Fit_NonPositiveBatchSize_Throws(int batchSize)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(X, Y, batchSize: batchSize, verbose: 0));
        Assert.That(ex!.Message, Does.Contain($"batchSize={batchSize}"));
    }

    [TestCase(1.0f)]
    [TestCase(-0.1f)]
    [TestCase(1.5f)]
    public void Fit_ValidationSplitOutOfRange_Throws(float split)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(X, Y, validationSplit: split, verbose: 0));
        Assert.That(ex!.Message, Does.Contain("`validationSplit` must be in [0, 1)"));
    }

    [Test]
    public void Fit_ValidationSplitLeavesNoTrainingRows_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Compiled().Fit(new float[,] { { 1, 2, 3 } }, new float[] { 1 }, validationSplit: 0.5f, verbose: 0));
        Assert.That(ex!.Message, Does.Contain("not sufficient to split it into a validation and training set"));
    }

    [Test]
    public void Fit_SparseLabelOutOfRange_Throws()
    {
        var model = new Sequential([new Input(shape: [3]), new Dense(4)]);
        model.Compile(optimizer: "adam", loss: new KerasSharp.Losses.SparseCategoricalCrossentropy(fromLogits: true));
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(X, new[] { 1, 4 }, verbose: 0));
        Assert.That(ex!.Message, Does.Contain("Received a label value of 4 which is outside the valid range of [0, 4): index 1 of y."));
    }

    [Test]
    public void UnknownIds_ListTheValidOnes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => { Loss l = "binary_crossentropyy"; }, Throws.ArgumentException.With.Message.Contains("binary_crossentropy"));
            Assert.That(() => { Optimizer o = "adamm"; }, Throws.ArgumentException.With.Message.Contains("adam"));
            Assert.That(() => { Metric m = "acuracy"; }, Throws.ArgumentException.With.Message.Contains("accuracy"));
            Assert.That(() => { ActivationFunction a = "rleu"; }, Throws.ArgumentException.With.Message.Contains("relu"));
        });
    }

    [Test]
    public void Dense_NonPositiveUnits_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Dense(0));
        Assert.That(ex!.Message, Does.StartWith("Received an invalid value for `units`, expected a positive integer. Received: units=0"));
    }
}
