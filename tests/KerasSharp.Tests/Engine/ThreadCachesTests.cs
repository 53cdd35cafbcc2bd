using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Engine;

public class ThreadCachesTests
{
    /// <summary>A thread that runs one step (filling its caches), then waits, alive and idle, until disposed.</summary>
    private sealed class IdleThread : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly Thread _thread;

        public IdleThread()
        {
            using var ready = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                using (TensorArena.Step())
                {
                    using var tape = GradientTape.Record();
                    Ops.Exp(Tensor.FromArray(new float[10_000]));
                }
                Arena = TensorArena.OfCurrentThread!;
                Tapes = TapeCache.OfCurrentThread!;
                ready.Set();
                _release.Wait();
            }) { IsBackground = true };
            _thread.Start();
            ready.Wait();
        }

        public TensorArena Arena { get; private set; } = null!;

        public TapeCache Tapes { get; private set; } = null!;

        public void Dispose()
        {
            _release.Set();
            _thread.Join();
        }
    }

    [Test]
    public void ClearAll_IdleThreadAndThisThread_HoldNothing()
    {
        using var idle = new IdleThread();
        var mine = TensorArenaTests.ThisThreadsArena();
        using (TensorArena.Step())
        {
            Ops.Exp(Tensor.FromArray(new float[1000]));
        }
        Assume.That(idle.Arena.RetainedBytes, Is.GreaterThanOrEqualTo(40_000));
        Assume.That(idle.Tapes.NodeCount, Is.Positive);
        Keras.ClearSession();
        Assert.Multiple(() =>
        {
            Assert.That(idle.Arena.RetainedBytes, Is.Zero, "the idle thread's arena");
            Assert.That(idle.Arena.RetainedTensors, Is.Zero, "the idle thread's tensor objects");
            Assert.That(idle.Tapes.NodeCount, Is.Zero, "the idle thread's tape nodes");
            Assert.That(mine.RetainedBytes, Is.Zero, "this thread's arena");
            Assert.That(ThreadCaches.Live<TensorArena>(), Has.All.Matches<TensorArena>(a => a.RetainedBytes == 0), "every arena, the workers' too");
            Assert.That(ThreadCaches.Live<ConvolutionScratch>(), Has.All.Matches<ConvolutionScratch>(s => s.RetainedFloats == 0), "every convolution scratch");
        });
    }

    [Test]
    public void Register_ThreadThatEnded_DoesNotKeepItsCachesAlive()
    {
        WeakReference? arena = null;
        var thread = new Thread(() =>
        {
            using (TensorArena.Step())
            {
                Ops.Exp(Tensor.FromArray(new float[100]));
            }
            arena = new WeakReference(TensorArena.OfCurrentThread);
        });
        thread.Start();
        thread.Join();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Multiple(() =>
        {
            Assert.That(arena!.IsAlive, Is.False);
            Assert.That(ThreadCaches.Live<TensorArena>(), Has.None.SameAs(arena.Target));
        });
    }

    [Test]
    public void ClearSession_WhileAnotherThreadTrainsAndPredicts_GivesTheSameResults()
    {
        static Sequential Build()
        {
            Keras.SetRandomSeed(11);
            var model = new Sequential([
                new Conv2D(4, 3, activation: "relu", inputShape: [8, 8, 1]),
                new Flatten(),
                new Dense(16, activation: "relu"),
                new Dense(3),
            ]);
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            return model;
        }
        static (double Loss, float[] Prediction) Run(Sequential model, Tensor x, Tensor y)
        {
            // no shuffling and no dropout: the run uses no randomness after the model is built
            var history = model.Fit(x, y, batchSize: 8, epochs: 4, verbose: 0, shuffle: false, validationSplit: 0.25);
            return (history.History["loss"][^1], model.Predict(x, batchSize: 4, verbose: 0).ToArray());
        }
        var rng = new Random(5);
        var values = new float[64 * 64];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextSingle();
        }
        var x = Tensor.FromArray(values, [64, 8, 8, 1]);
        var y = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (float)(i % 3)).ToArray(), [64]);
        var expected = Run(Build(), x, y);

        // On a loaded machine the training thread can run to its end before this thread clears a second time; such
        // an attempt proves nothing about overlapping, so it is repeated (each attempt's results are checked too).
        int clears = 0;
        for (int attempt = 0; attempt < 10 && clears <= 1; attempt++)
        {
            // built before the clearing starts: ClearSession also resets the layer-name counters
            var model = Build();
            (double Loss, float[] Prediction) actual = default;
            var worker = new Thread(() => actual = Run(model, x, y));
            clears = 0;
            worker.Start();
            while (worker.IsAlive)
            {
                Keras.ClearSession();
                clears++;
            }
            worker.Join();
            Assert.Multiple(() =>
            {
                Assert.That(actual.Loss, Is.EqualTo(expected.Loss), $"attempt {attempt + 1}, {clears} clears");
                Assert.That(actual.Prediction, Is.EqualTo(expected.Prediction), $"attempt {attempt + 1}, {clears} clears");
            });
        }
        Assert.That(clears, Is.GreaterThan(1), "in 10 attempts, the clearing never overlapped the training");
    }
}
