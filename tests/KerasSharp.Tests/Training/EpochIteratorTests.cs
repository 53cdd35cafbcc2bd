using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

/// <summary>A batch size at or beyond the sample count (up to <see cref="int.MaxValue"/>) means one batch of all samples.</summary>
public class EpochIteratorTests
{
    private const int N = 6;

    private static readonly float[,] X = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 0, 0 }, { 2, 1 }, { 1, 2 } };
    private static readonly float[] Y = [1, 1, 0, 0, 1, 0];

    private static Sequential Model()
    {
        Keras.SetRandomSeed(7);
        var model = new Sequential([new Input(shape: [2]), new Dense(3, activation: "tanh"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new SGD(learningRate: 0.5), loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static float[] Flat(Model model) => [.. model.GetWeights().SelectMany(w => w.ToArray())];

    [TestCase(N, 1)]
    [TestCase(N, 2)]
    [TestCase(N, 3)]
    [TestCase(N, 4)]
    [TestCase(N, N)]
    [TestCase(N, N + 1)]
    [TestCase(N, int.MaxValue)]
    [TestCase(int.MaxValue - 1, int.MaxValue)]
    [TestCase(int.MaxValue, int.MaxValue)]
    [TestCase(int.MaxValue, 2)]
    [TestCase(int.MaxValue, int.MaxValue - 1)]
    public void StepsFor_IsTheCeilingWithoutOverflow(int samples, int batchSize)
    {
        long expected = ((long)samples + batchSize - 1) / batchSize;
        Assert.That(EpochIterator.StepsFor(samples, batchSize), Is.EqualTo(expected));
    }

    [TestCase(N)]
    [TestCase(N + 1)]
    [TestCase(int.MaxValue)]
    public void Steps_BatchSizeAtLeastTheSampleCount_IsOneBatchOfAllSamples(int batchSize)
    {
        var iterator = new EpochIterator(N, batchSize, shuffle: new SeedGenerator(1));
        iterator.StartEpoch();
        var xb = iterator.Take(X, 0)!;
        var yb = iterator.Take(Y, 0);
        Assert.Multiple(() =>
        {
            Assert.That(iterator.Steps, Is.EqualTo(1));
            Assert.That(iterator.BatchSize, Is.EqualTo(N));
            Assert.That(xb.Shape, Is.EqualTo(new Shape(N, 2)));
            Assert.That(yb!.Shape, Is.EqualTo(new Shape(N)));
        });
    }

    [TestCase(N + 1)]
    [TestCase(int.MaxValue)]
    public void Fit_BatchSizeBeyondTheSampleCount_TrainsLikeOneFullBatch(int batchSize)
    {
        var reference = Model();
        var expected = reference.Fit(X, Y, batchSize: N, epochs: 2, verbose: 0, shuffle: false);
        var model = Model();
        var history = model.Fit(X, Y, batchSize: batchSize, epochs: 2, verbose: 0, shuffle: false);
        Assert.Multiple(() =>
        {
            Assert.That(Flat(model), Is.EqualTo(Flat(reference)));
            Assert.That(Flat(model), Is.Not.EqualTo(Flat(Model())), "the weights moved");
            Assert.That(history.History["loss"], Is.EqualTo(expected.History["loss"]));
        });
    }

    [Test]
    public void Fit_BatchSizeMaxValueShuffled_TrainsOneStepPerEpoch()
    {
        var untrained = Flat(Model());
        var model = Model();
        var steps = new List<int>();
        var history = model.Fit(X, Y, batchSize: int.MaxValue, epochs: 3, verbose: 0, callbacks: [new StepCounter(steps)]);
        Assert.Multiple(() =>
        {
            Assert.That(steps, Is.EqualTo(new[] { 0, 0, 0 }));
            Assert.That(history.History["loss"], Has.Count.EqualTo(3));
            Assert.That(Flat(model), Is.Not.EqualTo(untrained));
        });
    }

    [Test]
    public void Fit_BatchSizeMaxValue_MatchesTrainOnBatchOverAllSamples()
    {
        var fitted = Model();
        fitted.Fit(X, Y, batchSize: int.MaxValue, epochs: 1, verbose: 0, shuffle: false);
        var stepped = Model();
        var logs = stepped.TrainOnBatch(X, Y);
        Assert.Multiple(() =>
        {
            Assert.That(Flat(stepped), Is.EqualTo(Flat(fitted)));
            Assert.That(logs.Loss, Is.GreaterThan(0));
        });
    }

    [TestCase(N)]
    [TestCase(N + 1)]
    [TestCase(int.MaxValue)]
    public void Evaluate_BatchSizeAtLeastTheSampleCount_MatchesSmallBatches(int batchSize)
    {
        var model = Model();
        var expected = model.Evaluate(X, Y, batchSize: 2, verbose: 0);
        var logs = model.Evaluate(X, Y, batchSize: batchSize, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(logs.Loss, Is.EqualTo(expected.Loss).Within(1e-6));
            Assert.That(logs["accuracy"], Is.EqualTo(expected["accuracy"]).Within(1e-6));
        });
    }

    [TestCase(N)]
    [TestCase(N + 1)]
    [TestCase(int.MaxValue)]
    public void Predict_BatchSizeAtLeastTheSampleCount_ReturnsEveryRow(int batchSize)
    {
        var model = Model();
        var expected = model.Predict(X, batchSize: 2, verbose: 0);
        var result = model.Predict(X, batchSize: batchSize, verbose: 0);
        Assert.That(result, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(result.Shape, Is.EqualTo(new Shape(N, 1)));
            Assert.That(result.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-6f));
        });
    }

    /// <summary>Records each training batch index.</summary>
    private sealed class StepCounter(List<int> steps) : KerasSharp.Callbacks.Callback
    {
        public override void OnTrainBatchEnd(int batch, KerasSharp.Callbacks.Logs logs) => steps.Add(batch);
    }
}
