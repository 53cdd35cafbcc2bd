using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Models;

public class FitTests
{
    private static (float[,] X, float[] Y) Data(int n, int features = 3, int seed = 1)
    {
        var rng = new Rng(seed);
        var x = new float[n, features];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            float s = 0;
            for (int j = 0; j < features; j++)
            {
                x[i, j] = rng.Uniform(-1, 1);
                s += x[i, j];
            }
            y[i] = s > 0 ? 1 : 0;
        }
        return (x, y);
    }

    private static Sequential BinaryModel(int features = 3, double learningRate = 0.1)
    {
        var model = new Sequential([new Input(shape: [features]), new Dense(4, activation: "tanh"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: new SGD(learningRate: learningRate), loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    [SetUp]
    public void Seed() => Keras.SetRandomSeed(123);

    [Test]
    public void Fit_RecordsHistoryPerEpoch_WithValidationKeys()
    {
        var (x, y) = Data(40);
        var history = BinaryModel().Fit(x, y, epochs: 3, batchSize: 8, verbose: 0, validationSplit: 0.25f);
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.EquivalentTo(new[] { "loss", "accuracy", "val_loss", "val_accuracy" }));
            Assert.That(history.History["loss"], Has.Count.EqualTo(3));
            Assert.That(history.Epoch, Is.EqualTo(new[] { 0, 1, 2 }));
        });
    }

    [Test]
    public void Fit_EpochLoss_IsBatchSizeWeightedMeanOfBatchLosses()
    {
        // With a learning rate of 0 the weights never move, so each batch loss is the loss of those rows and the
        // batch-size-weighted epoch mean equals the loss over all samples (10 samples, batches of 4, 4, 2).
        var (x, y) = Data(10);
        var model = BinaryModel(learningRate: 0.0);
        var history = model.Fit(x, y, epochs: 1, batchSize: 4, verbose: 0);
        var (loss, accuracy) = model.Evaluate(x, y, batchSize: 10, verbose: 0);
        Assert.That(history.History["loss"][0], Is.EqualTo(loss).Within(1e-6));
        Assert.That(history.History["accuracy"][0], Is.EqualTo(accuracy).Within(1e-9));
    }

    [Test]
    public void Fit_ValidationSplit_TakesTheLastRowsBeforeShuffling()
    {
        // 10 samples, split 0.25 -> floor(7.5) = 7 training rows, the last 3 validate.
        var (x, y) = Data(10);
        var model = BinaryModel(learningRate: 0.0);
        var history = model.Fit(x, y, epochs: 2, batchSize: 3, verbose: 0, validationSplit: 0.25f, shuffle: true);
        var xt = Tensor.FromArray(x);
        var yt = Tensor.FromArray(y);
        var train = model.Evaluate(Ops.SliceRows(xt, 0, 7), Ops.SliceRows(yt, 0, 7), verbose: 0);
        var val = model.Evaluate(Ops.SliceRows(xt, 7, 3), Ops.SliceRows(yt, 7, 3), verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(history.History["val_loss"][0], Is.EqualTo(val.Loss).Within(1e-6));
            Assert.That(history.History["val_loss"][1], Is.EqualTo(val.Loss).Within(1e-6));
            Assert.That(history.History["loss"][1], Is.EqualTo(train.Loss).Within(1e-6));
        });
    }

    [Test]
    public void Fit_ValidationSplit_TakesTheSampleWeightsOfTheLastRowsAlong_ButNotTheClassWeights()
    {
        // Keras splits (x, y, sample_weight) together and evaluates the validation part with its weights; class
        // weights become sample weights of the training part only.
        var (x, y) = Data(10);
        var w = Tensor.FromArray(new float[] { 1, 1, 1, 1, 1, 1, 1, 0, 3, 0.5f });
        var model = BinaryModel(learningRate: 0.0);
        var weighted = model.Fit(x, y, epochs: 1, verbose: 0, validationSplit: 0.25f, sampleWeight: w);
        var byClass = model.Fit(x, y, epochs: 1, verbose: 0, validationSplit: 0.25f, classWeight: new Dictionary<int, float> { [0] = 5, [1] = 0.1f });
        var xt = Tensor.FromArray(x);
        var yt = Tensor.FromArray(y);
        var tail = (X: Ops.SliceRows(xt, 7, 3), Y: Ops.SliceRows(yt, 7, 3));
        Assert.Multiple(() =>
        {
            Assert.That(weighted.History["val_loss"][0], Is.EqualTo(model.Evaluate(tail.X, tail.Y, verbose: 0, sampleWeight: Ops.SliceRows(w, 7, 3)).Loss).Within(1e-6));
            Assert.That(byClass.History["val_loss"][0], Is.EqualTo(model.Evaluate(tail.X, tail.Y, verbose: 0).Loss).Within(1e-6));
            Assert.That(weighted.History["val_loss"][0], Is.Not.EqualTo(byClass.History["val_loss"][0]).Within(1e-4), "the weights matter");
        });
    }

    [Test]
    public void Fit_ValidationData_IsEvaluatedAfterEachEpoch()
    {
        var (x, y) = Data(12);
        var (vx, vy) = Data(5, seed: 9);
        var model = BinaryModel();
        var history = model.Fit(x, y, epochs: 2, verbose: 0, validationData: (vx, vy));
        var val = model.Evaluate(vx, vy, verbose: 0);
        Assert.That(history.History["val_loss"][^1], Is.EqualTo(val.Loss).Within(1e-6));
    }

    [Test]
    public void Fit_LowersTheLoss()
    {
        var (x, y) = Data(64);
        var history = BinaryModel(learningRate: 0.5).Fit(x, y, epochs: 30, batchSize: 16, verbose: 0);
        Assert.That(history.History["loss"][^1], Is.LessThan(history.History["loss"][0] * 0.6));
        Assert.That(history.History["accuracy"][^1], Is.GreaterThan(0.9));
    }

    [Test]
    public void SetRandomSeed_MakesRunsIdentical()
    {
        var (x, y) = Data(30);
        double[] Run()
        {
            Keras.SetRandomSeed(7);
            var model = new Sequential([new Input(shape: [3]), new Dense(5, activation: "relu"), new Dropout(0.2f), new Dense(1, activation: "sigmoid")]);
            model.Compile(optimizer: "adam", loss: "binary_crossentropy");
            return [.. model.Fit(x, y, epochs: 4, batchSize: 4, verbose: 0).History["loss"], .. model.GetWeights()[0].ToArray().Select(v => (double)v)];
        }
        var first = Run();
        var second = Run();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Fit_InitialEpoch_ResumesCounting()
    {
        var (x, y) = Data(8);
        var history = BinaryModel().Fit(x, y, epochs: 5, initialEpoch: 3, verbose: 0);
        Assert.That(history.Epoch, Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public void FrozenLayer_IsNotUpdated_OthersAre()
    {
        var (x, y) = Data(20);
        var model = BinaryModel();
        model.Layers[0].Trainable = false;
        var frozenBefore = model.Layers[0].GetWeights().Select(w => w.ToArray()).ToArray();
        var headBefore = model.Layers[1].GetWeights()[0].ToArray();
        model.Fit(x, y, epochs: 3, batchSize: 5, verbose: 0);
        var frozenAfter = model.Layers[0].GetWeights().Select(w => w.ToArray()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(frozenAfter, Is.EqualTo(frozenBefore), "frozen weights must be bit-identical");
            Assert.That(model.Layers[1].GetWeights()[0].ToArray(), Is.Not.EqualTo(headBefore));
        });
    }

    [Test]
    public void TrainOnBatch_UpdatesWeightsAndReturnsLogs()
    {
        var (x, y) = Data(6);
        var model = BinaryModel(learningRate: 1.0);
        var before = model.GetWeights()[0].ToArray();
        var logs = model.TrainOnBatch(x, y);
        Assert.That(logs.Keys, Is.EqualTo(new[] { "loss", "accuracy" }));
        Assert.That(model.GetWeights()[0].ToArray(), Is.Not.EqualTo(before));
    }

    [Test]
    public void Predict_BatchedEqualsSingleBatch()
    {
        var (x, _) = Data(37);
        var model = BinaryModel();
        var a = model.Predict(x, batchSize: 5, verbose: 0);
        var b = model.Predict(x, batchSize: 100, verbose: 0);
        Assert.That(a.Shape.ToString(), Is.EqualTo("(37, 1)"));
        // Vectorised element-wise kernels round the tail of a span differently from its body, so results can differ by an ulp.
        Assert.That(a.ToArray(), Is.EqualTo(b.ToArray()).Within(1e-6f));
    }

    [Test]
    public void Accuracy_IsResolvedFromShapes_Sparse()
    {
        var x = new float[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } };
        int[] labels = [0, 1, 2];
        var model = new Sequential([new Input(shape: [2]), new Dense(3)]);
        model.Compile(optimizer: "adam", loss: new KerasSharp.Losses.SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        model.Fit(x, labels, epochs: 1, verbose: 0);
        Assert.That(model.Metrics[0], Is.InstanceOf<KerasSharp.Metrics.SparseCategoricalAccuracy>());
        Assert.That(model.Metrics[0].Name, Is.EqualTo("accuracy"));
    }

    [Test]
    public void Regularizer_IsAddedToTheReportedLoss()
    {
        var x = new float[,] { { 1, 2 } };
        var y = new float[,] { { 0 } };
        var model = new Sequential([new Input(shape: [2]), new Dense(1, kernelInitializer: "ones", kernelRegularizer: new KerasSharp.Regularizers.L2(0.5f))]);
        model.Compile(optimizer: new SGD(learningRate: 0.0), loss: "mse");
        var loss = model.Evaluate(x, y, verbose: 0).Loss;
        // prediction 1 + 2 = 3 -> mse 9; penalty 0.5 * (1 + 1) = 1 (no 1/2 factor, as Keras)
        Assert.That(loss, Is.EqualTo(10.0).Within(1e-5));
    }

    [Test]
    public void EarlyStopping_KerasDocstringExample_RunsFourEpochs()
    {
        // keras.callbacks.EarlyStopping docstring: Dense(10), SGD(), mse, x = arange(100).reshape(5, 20),
        // y = zeros(5), epochs=10, batch_size=1, monitor='loss', patience=3 -> only 4 epochs run.
        var x = new float[5, 20];
        for (int i = 0; i < 100; i++)
        {
            x[i / 20, i % 20] = i;
        }
        var model = new Sequential([new Dense(10)]);
        model.Compile(optimizer: new SGD(), loss: "mse");
        var history = model.Fit(x, new float[5], epochs: 10, batchSize: 1, verbose: 0, callbacks: [new EarlyStopping(monitor: "loss", patience: 3)]);
        Assert.That(history.History["loss"], Has.Count.EqualTo(4));
    }

    [Test]
    public void EarlyStopping_RestoreBestWeights_RestoresTheBestEpoch()
    {
        var (x, y) = Data(20);
        var model = BinaryModel(learningRate: 0.5);
        var recorder = new WeightRecorder();
        var stop = new EarlyStopping(monitor: "loss", patience: 100, restoreBestWeights: true, mode: "max");
        // mode max on the loss: the first epoch is the "best", so its weights come back at the end.
        model.Fit(x, y, epochs: 4, verbose: 0, callbacks: [recorder, stop]);
        Assert.That(stop.BestEpoch, Is.EqualTo(0));
        Assert.That(model.GetWeights()[0].ToArray(), Is.EqualTo(recorder.Weights[0]));
    }

    private sealed class WeightRecorder : Callback
    {
        public List<float[]> Weights { get; } = [];

        public override void OnEpochEnd(int epoch, Logs logs) => Weights.Add(Model!.GetWeights()[0].ToArray());
    }
}
