using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Models;

public class PredictConcurrencyTests
{
    [Test]
    public void Predict_FromManyThreadsAtOnce_GivesTheSingleThreadedResults()
    {
        Keras.SetRandomSeed(11);
        var model = new Sequential([new Input(shape: [20]), new Dense(32, activation: "relu"), new Dropout(0.5f), new Dense(5, activation: "softmax")]);
        var rng = new Rng(5);
        var inputs = Enumerable.Range(0, 16).Select(_ =>
        {
            var x = new float[7, 20];
            for (int i = 0; i < 7; i++)
            {
                for (int j = 0; j < 20; j++)
                {
                    x[i, j] = rng.Uniform(-1, 1);
                }
            }
            return Tensor.FromArray(x);
        }).ToArray();
        var expected = inputs.Select(x => model.Predict(x, verbose: 0).ToArray()).ToArray();

        var mismatches = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int k = i % inputs.Length;
            var y = model.Predict(inputs[k], batchSize: 3, verbose: 0).ToArray();
            for (int j = 0; j < y.Length; j++)
            {
                if (Math.Abs(y[j] - expected[k][j]) > 1e-6f)
                {
                    Interlocked.Increment(ref mismatches);
                    break;
                }
            }
        });
        Assert.That(mismatches, Is.Zero);
    }
}
