using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Initializers;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Models;

/// <summary>
/// Training is reproducible whatever the threads: every random object draws its seed when it is created, so models
/// created in a fixed order train to the same bits one after the other, at the same time, or with any kernel thread count.
/// </summary>
public class FitReproducibilityTests
{
    private const int Features = 256;

    // 256 → 256 products of batches of 64 are large enough for the parallel GEMM and the chunked Adam update
    private static Sequential Mlp()
    {
        var model = new Sequential([
            new Input(shape: [Features]), new Dense(256, activation: "relu"), new Dropout(0.3f), new Dense(4, activation: "softmax")]);
        model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
        return model;
    }

    private static (Tensor X, Tensor Y) Data()
    {
        var rng = new Rng(17);
        var x = new float[320, Features];
        var y = new float[320];
        for (int i = 0; i < x.GetLength(0); i++)
        {
            float s0 = 0, s1 = 0;
            for (int j = 0; j < Features; j++)
            {
                x[i, j] = rng.Uniform(-1, 1);
                s0 += j % 2 == 0 ? x[i, j] : 0;
                s1 += j % 3 == 0 ? x[i, j] : 0;
            }
            y[i] = (s0 > 0 ? 2 : 0) + (s1 > 0 ? 1 : 0);
        }
        return (Tensor.FromArray(x), Tensor.FromArray(y));
    }

    private static void Train(Model model, (Tensor X, Tensor Y) data) =>
        model.Fit(data.X, data.Y, batchSize: 64, epochs: 3, verbose: 0, shuffle: true);

    private static uint[] Bits(Model model) =>
        model.GetWeights().SelectMany(w => w.ToArray()).Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static (Sequential A, Sequential B) CreatePair(int seed)
    {
        Keras.SetRandomSeed(seed);
        return (Mlp(), Mlp());
    }

    [Test]
    public void Fit_TwoModelsOnTwoThreadsAtOnce_SameBitsAsOneAfterTheOther()
    {
        var data = Data();
        var (a, b) = CreatePair(77);
        Train(a, data);
        Train(b, data);
        var (expectedA, expectedB) = (Bits(a), Bits(b));

        var (c, d) = CreatePair(77);
        using var start = new Barrier(2);
        var threads = new[] { c, d }.Select(model => new Thread(() =>
        {
            start.SignalAndWait();
            Train(model, data);
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        // meanwhile this thread keeps drawing default seeds from the global stream: training must not use it
        while (threads.Any(t => t.IsAlive))
        {
            _ = new GlorotUniform();
            _ = new Dropout(0.5f);
            Thread.Sleep(1);
        }
        foreach (var thread in threads)
        {
            thread.Join();
        }

        Assert.Multiple(() =>
        {
            Assert.That(Bits(c), Is.EqualTo(expectedA), "model A");
            Assert.That(Bits(d), Is.EqualTo(expectedB), "model B");
            Assert.That(expectedB, Is.Not.EqualTo(expectedA), "the two models have seeds of their own");
        });
    }

    [Test]
    public void Fit_SameSeedAfterOtherModelsTrained_SameBits()
    {
        // a model's shuffle and dropout come from its own generators, not from whatever ran before it
        var data = Data();
        var (a, _) = CreatePair(5);
        Train(a, data);

        var (c, other) = CreatePair(5);
        Train(other, data);
        Train(c, data);
        Assert.That(Bits(c), Is.EqualTo(Bits(a)));
    }

    [Test]
    public void Fit_AnyGemmThreadCount_SameBits()
    {
        var data = Data();
        int saved = GemmOptions.MaxThreads;
        try
        {
            uint[] TrainWith(int threads)
            {
                GemmOptions.MaxThreads = threads;
                Keras.SetRandomSeed(9);
                var model = Mlp();
                Train(model, data);
                return Bits(model).Concat(model.Predict(data.X, batchSize: 32, verbose: 0).ToArray().Select(BitConverter.SingleToUInt32Bits)).ToArray();
            }
            var one = TrainWith(1);
            Assert.Multiple(() =>
            {
                Assert.That(TrainWith(2), Is.EqualTo(one), "2 threads");
                Assert.That(TrainWith(3), Is.EqualTo(one), "3 threads");
            });
        }
        finally
        {
            GemmOptions.MaxThreads = saved;
        }
    }
}
