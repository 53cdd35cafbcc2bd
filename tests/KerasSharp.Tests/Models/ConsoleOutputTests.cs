using System.Text.RegularExpressions;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Models;

/// <summary>Fit's console output is Keras 3's; with output redirected, one clean line per epoch.</summary>
[NonParallelizable]
public class ConsoleOutputTests
{
    private TextWriter? _original;
    private StringWriter _captured = new();

    [SetUp]
    public void Capture()
    {
        Keras.SetRandomSeed(1);
        _original = Console.Out;
        _captured = new StringWriter();
        Console.SetOut(_captured);
    }

    [TearDown]
    public void Restore()
    {
        Console.SetOut(_original!);
        _captured.Dispose();
    }

    private static Sequential Model()
    {
        var model = new Sequential([new Input(shape: [2]), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "sgd", loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static readonly float[,] X = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 }, { 1, 1 }, { 0, 1 }, { 1, 0 } };
    private static readonly float[] Y = [1, 1, 0, 0, 0, 1, 1];

    [Test]
    public void Verbose1_PrintsEpochHeaderAndOneBarLinePerEpoch()
    {
        Model().Fit(X, Y, epochs: 2, batchSize: 2, verbose: 1);
        var lines = _captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4), _captured.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("Epoch 1/2"));
            Assert.That(lines[1], Does.Match(@"^4/4 ━{20} \d+s \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$"));
            Assert.That(lines[2], Is.EqualTo("Epoch 2/2"));
            Assert.That(lines[3], Does.Match(@"^4/4 ━{20} "));
            Assert.That(_captured.ToString(), Does.Not.Contain("\r").And.Not.Contain("\x1b["));
        });
    }

    [Test]
    public void Verbose1_WithValidation_AppendsSortedValKeys()
    {
        Model().Fit(X, Y, epochs: 1, batchSize: 2, verbose: 1, validationSplit: 0.3f);
        var line = _captured.ToString().TrimEnd('\n');
        // 7 samples, split 0.3: floor(4.9) = 4 training rows -> 2 steps of 2
        Assert.That(line, Does.Match(@"^2/2 ━{20} .* - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$"));
    }

    [Test]
    public void SingleEpoch_HasNoEpochHeader()
    {
        Model().Fit(X, Y, epochs: 1, batchSize: 7, verbose: 1);
        Assert.That(_captured.ToString(), Does.Not.Contain("Epoch"));
    }

    [Test]
    public void Verbose2_PrintsOneSummaryLinePerEpoch()
    {
        Model().Fit(X, Y, epochs: 2, batchSize: 2, verbose: 2);
        var lines = _captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[1], Does.Match(@"^4/4 - \d+s - \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$"));
    }

    [Test]
    public void Verbose0_IsSilent()
    {
        Model().Fit(X, Y, epochs: 3, verbose: 0);
        Assert.That(_captured.ToString(), Is.Empty);
    }

    [Test]
    public void Evaluate_PrintsOneBarWithMetrics()
    {
        var model = Model();
        model.Evaluate(X, Y, batchSize: 4);
        Assert.That(_captured.ToString(), Does.Match(@"^2/2 ━{20} \d+s \d+(us|ms|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}\n$"));
    }

    [Test]
    public void Predict_PrintsBarWithoutMetrics()
    {
        Model().Predict(X);
        Assert.That(_captured.ToString(), Does.Match(@"^1/1 ━{20} \d+s \d+(us|ms|s)/step\n$"));
    }
}
