using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Data;

/// <summary>Small regression data and models shared by the data source tests.</summary>
internal static class SourceTestData
{
    public const int Samples = 40;
    public const int Features = 4;

    public static (Tensor X, Tensor Y) Arrays(int samples = Samples, int seed = 5)
    {
        var rng = new Random(seed);
        var x = new float[samples * Features];
        var y = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            float sum = 0;
            for (int f = 0; f < Features; f++)
            {
                x[i * Features + f] = rng.NextSingle() * 2 - 1;
                sum += x[i * Features + f] * (f + 1);
            }
            y[i] = sum;
        }
        return (Tensor.FromArray(x, samples, Features), Tensor.FromArray(y, samples, 1));
    }

    /// <summary>A compiled Dense model with the same initial weights for the same seed.</summary>
    public static Sequential Model(int seed = 1)
    {
        Keras.SetRandomSeed(seed);
        var model = new Sequential([new Input(shape: [Features]), new Dense(3, activation: "relu"), new Dense(1)]);
        model.Compile(optimizer: new SGD(learningRate: 0.05), loss: "mse");
        return model;
    }

    /// <summary>The batches of <paramref name="x"/> and <paramref name="y"/> in order, as an endless or finite enumerable.</summary>
    public static IEnumerable<(Tensor X, Tensor Y)> Batches(Tensor x, Tensor y, int batchSize, bool endless = false)
    {
        do
        {
            for (int start = 0; start < x.Shape[0]; start += batchSize)
            {
                int count = Math.Min(batchSize, x.Shape[0] - start);
                yield return (Ops.SliceRows(x, start, count), Ops.SliceRows(y, start, count));
            }
        }
        while (endless);
    }

    public static float[] Flat(Model model) => [.. model.GetWeights().SelectMany(w => w.ToArray())];
}

/// <summary>A dataset over arrays, recording its calls.</summary>
internal sealed class ArrayBatches(Tensor x, Tensor y, int batchSize, int workers = 1, int maxQueueSize = 10, int? failAt = null)
    : PyDataset(workers, maxQueueSize: maxQueueSize)
{
    public int EpochBegins;
    public int EpochEnds;
    public int Calls;

    public override int? Count => (x.Shape[0] + batchSize - 1) / batchSize;

    public override Batch this[int index]
    {
        get
        {
            Interlocked.Increment(ref Calls);
            if (index == failAt)
            {
                throw new FormatException($"bad record in batch {index}");
            }
            int start = index * batchSize;
            int count = Math.Min(batchSize, x.Shape[0] - start);
            return (Ops.SliceRows(x, start, count), Ops.SliceRows(y, start, count));
        }
    }

    public override void OnEpochBegin() => EpochBegins++;

    public override void OnEpochEnd() => EpochEnds++;
}
