using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Models;

/// <summary>
/// The thread-safety contract: Predict from any number of threads (the first calls of an unbuilt model included);
/// Evaluate and TrainOnBatch from several threads take turns; a second Fit, or an Evaluate/TrainOnBatch/Compile on
/// another thread while Fit runs, fails at once with a clear error and leaves the Fit undisturbed.
/// </summary>
public class ConcurrencyContractTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static (Tensor X, Tensor Y) Data(int n = 64)
    {
        var rng = new Rng(21);
        var x = new float[n, 10];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 10; j++)
            {
                x[i, j] = rng.Uniform(-1, 1);
            }
            y[i] = x[i, 0] + x[i, 1] > 0 ? 1 : 0;
        }
        return (x, Tensor.FromArray(y, n, 1));
    }

    private static Sequential Model(bool withInput = true)
    {
        var model = withInput
            ? new Sequential([new Input(shape: [10]), new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")])
            : new Sequential([new Dense(16, activation: "relu"), new Dense(1, activation: "sigmoid")]);
        model.Compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="threads"/> threads released at the same moment.</summary>
    private static void AllAtOnce(int threads, Action<int> body)
    {
        using var start = new Barrier(threads);
        var tasks = Enumerable.Range(0, threads).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            body(i);
        }, TaskCreationOptions.LongRunning)).ToArray();
        Assert.That(Task.WaitAll(tasks, Timeout), Is.True, "the calls finished");
    }

    [Test]
    public void FirstPredict_FromManyThreadsOnAnUnbuiltModel_BuildsEachLayerOnce()
    {
        for (int round = 0; round < 10; round++)
        {
            var model = Model(withInput: false);
            var (x, _) = Data(24);
            var results = new float[8][];
            AllAtOnce(8, i => results[i] = (i % 2 == 0 ? model.Predict(x, batchSize: 5, verbose: 0) : model.PredictOnBatch(x)).ToArray());
            var expected = model.Predict(x, verbose: 0).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(model.Weights, Has.Count.EqualTo(4), "two Dense layers, each with a kernel and a bias");
                for (int i = 0; i < results.Length; i++)
                {
                    Assert.That(results[i], Is.EqualTo(expected).Within(1e-6f), $"thread {i}");
                }
            });
        }
    }

    [Test]
    public void Evaluate_FromEightThreadsAtOnce_GivesEachTheSingleThreadedResult_AndLeavesTheModelUsable()
    {
        var model = Model();
        var (x, y) = Data();
        model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0);
        var expected = model.Evaluate(x, y, batchSize: 8, verbose: 0).ToArray();
        var results = new double[8][];
        AllAtOnce(8, i => results[i] = model.Evaluate(x, y, batchSize: 8, verbose: 0).ToArray());
        Assert.Multiple(() =>
        {
            for (int i = 0; i < results.Length; i++)
            {
                Assert.That(results[i], Is.EqualTo(expected), $"thread {i}");
            }
        });
        Assert.DoesNotThrow(() => model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0));
        Assert.That(model.Evaluate(x, y, batchSize: 8, verbose: 0).ToArray(), Has.Length.EqualTo(2));
    }

    [Test]
    public void TrainOnBatch_FromSeveralThreads_TakesTurns()
    {
        var (x, y) = Data(32);
        var model = Model();
        model.Predict(x, verbose: 0);
        var losses = new double[4];
        AllAtOnce(4, i => losses[i] = model.TrainOnBatch(x, y)["loss"]);
        Assert.Multiple(() =>
        {
            Assert.That(model.Optimizer!.Iterations, Is.EqualTo(4), "four updates, none lost");
            Assert.That(losses, Is.All.Not.NaN);
            Assert.That(losses.Distinct().Count(), Is.EqualTo(4), "each call saw the weights the previous one left");
        });
    }

    /// <summary>Pauses Fit after one batch until another thread has made its call.</summary>
    private sealed class PauseAfterFirstBatch : Callback
    {
        public ManualResetEventSlim Paused { get; } = new();

        public ManualResetEventSlim Resume { get; } = new();

        public override bool KeepsLogs => false;

        public override void OnTrainBatchEnd(int batch, Logs logs)
        {
            if (batch == 0 && !Paused.IsSet)
            {
                Paused.Set();
                Resume.Wait(Timeout);
            }
        }
    }

    /// <summary>
    /// Starts Fit on another thread, runs <paramref name="call"/> on this thread while it is paused after its first
    /// batch, and returns what the call threw, with the Fit's loss history.
    /// </summary>
    private static (Exception? Error, List<double> Loss) DuringFit(Sequential model, Action call)
    {
        var (x, y) = Data();
        var pause = new PauseAfterFirstBatch();
        var fit = Task.Factory.StartNew(() => model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false, callbacks: [pause]),
            TaskCreationOptions.LongRunning);
        Assert.That(pause.Paused.Wait(Timeout), Is.True, "Fit started");
        Exception? error = null;
        try
        {
            call();
        }
        catch (Exception e)
        {
            error = e;
        }
        pause.Resume.Set();
        Assert.That(fit.Wait(Timeout), Is.True, "Fit finished");
        return (error, fit.Result.History["loss"]);
    }

    private static List<double> UndisturbedLoss()
    {
        Keras.SetRandomSeed(3);
        var model = Model();
        var (x, y) = Data();
        return model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false).History["loss"];
    }

    [TestCase("Fit")]
    [TestCase("Evaluate")]
    [TestCase("TrainOnBatch")]
    [TestCase("Compile")]
    public void CallOnAnotherThread_WhileFitRuns_FailsAtOnce_AndFitIsUndisturbed(string operation)
    {
        var expected = UndisturbedLoss();
        Keras.SetRandomSeed(3);
        var model = Model();
        var (x, y) = Data();
        var (error, loss) = DuringFit(model, () =>
        {
            switch (operation)
            {
                case "Fit": model.Fit(x, y, verbose: 0); break;
                case "Evaluate": model.Evaluate(x, y, verbose: 0); break;
                case "TrainOnBatch": model.TrainOnBatch(x, y); break;
                default: model.Compile(optimizer: "sgd", loss: "mse"); break;
            }
        });
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidOperationException>());
            Assert.That(error?.Message, Does.Contain($"Cannot call {operation}() on model '{model.Name}'"));
            Assert.That(error?.Message, Does.Contain("Fit() is running"));
            Assert.That(loss, Is.EqualTo(expected), "the Fit's history is that of a Fit alone");
        });
        Assert.DoesNotThrow(() => model.Evaluate(x, y, verbose: 0), "the model is usable afterwards");
    }

    [Test]
    public void Predict_WhileFitRuns_Works()
    {
        var model = Model();
        var (x, _) = Data();
        Tensor? p = null;
        var (error, loss) = DuringFit(model, () => p = model.Predict(x, verbose: 0));
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(p!.Shape, Is.EqualTo(new Shape(64, 1)));
            Assert.That(loss, Has.Count.EqualTo(3));
        });
    }

    private sealed class CallsBack(Action<Model> call) : Callback
    {
        public Exception? Error { get; private set; }

        public override void OnEpochEnd(int epoch, Logs logs)
        {
            try
            {
                call(Model!);
            }
            catch (Exception e)
            {
                Error = e;
            }
        }
    }

    [Test]
    public void EvaluateFromACallback_OnTheFitThread_Works()
    {
        var model = Model();
        var (x, y) = Data();
        Logs? evaluated = null;
        var callback = new CallsBack(m => evaluated = m.Evaluate(x, y, verbose: 0));
        model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, callbacks: [callback]);
        Assert.Multiple(() =>
        {
            Assert.That(callback.Error, Is.Null);
            Assert.That(evaluated?.Keys, Is.EqualTo(new[] { "loss", "accuracy" }));
        });
    }

    [Test]
    public void FitFromACallback_InsideFit_FailsWithAClearError()
    {
        var model = Model();
        var (x, y) = Data();
        var callback = new CallsBack(m => m.Fit(x, y, verbose: 0));
        var history = model.Fit(x, y, batchSize: 16, epochs: 2, verbose: 0, callbacks: [callback]);
        Assert.Multiple(() =>
        {
            Assert.That(callback.Error, Is.TypeOf<InvalidOperationException>());
            Assert.That(callback.Error?.Message, Does.StartWith($"Cannot call Fit() on model '{model.Name}' while its Fit() is running"));
            Assert.That(history.History["loss"], Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Fit_WhileEvaluateRunsOnAnotherThread_FailsAtOnce()
    {
        var model = Model();
        var (x, y) = Data();
        var pause = new PausingTestCallback();
        var evaluate = Task.Factory.StartNew(() => model.Evaluate(x, y, batchSize: 8, verbose: 0, callbacks: [pause]), TaskCreationOptions.LongRunning);
        Assert.That(pause.Paused.Wait(Timeout), Is.True);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, verbose: 0));
        pause.Resume.Set();
        Assert.That(evaluate.Wait(Timeout), Is.True);
        Assert.That(error!.Message, Does.Contain($"Cannot call Fit() on model '{model.Name}': Evaluate() is running"));
    }

    private sealed class PausingTestCallback : Callback
    {
        public ManualResetEventSlim Paused { get; } = new();

        public ManualResetEventSlim Resume { get; } = new();

        public override void OnTestBatchEnd(int batch, Logs logs)
        {
            if (!Paused.IsSet)
            {
                Paused.Set();
                Resume.Wait(Timeout);
            }
        }
    }

    [Test]
    public void Evaluate_OnAnotherThreadDuringFit_ThrowsWithoutWaitingForTheFit()
    {
        var model = Model();
        var (x, y) = Data();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (error, _) = DuringFit(model, () => model.Evaluate(x, y, verbose: 0));
        // The Fit stays paused until the call returns; a call that waited for the Fit would have hung until the
        // pause timed out.
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.TypeOf<InvalidOperationException>());
            Assert.That(watch.Elapsed, Is.LessThan(Timeout));
        });
    }
}
