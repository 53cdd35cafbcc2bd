using System.Diagnostics;
using KerasSharp.Datasets;
using KerasSharp.Engine;

namespace KerasSharp.Benchmarks.Workloads;

/// <summary>Fashion-MNIST as float tensors (pixels / 255), loaded once per process through <see cref="FashionMnist.LoadData()"/>.</summary>
/// <param name="XTrain">(60000, 28, 28) or (60000, 28, 28, 1).</param>
/// <param name="YTrain">(60000,) class ids.</param>
/// <param name="XTest">(10000, 28, 28) or (10000, 28, 28, 1).</param>
/// <param name="YTest">Test labels.</param>
/// <param name="LoadMs">Wall time of loading and converting.</param>
public sealed record FashionMnistData(Tensor XTrain, Tensor YTrain, Tensor XTest, byte[] YTest, double LoadMs)
{
    /// <summary>Loads the data as a Keras user would: <c>LoadData()</c>, then <c>ToTensor(divisor: 255.0)</c>.</summary>
    public static FashionMnistData Load(bool channelAxis)
    {
        long start = Stopwatch.GetTimestamp();
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
        return new FashionMnistData(
            xTrain.ToTensor(divisor: 255.0, addChannelAxis: channelAxis), yTrain.ToTensor(),
            xTest.ToTensor(divisor: 255.0, addChannelAxis: channelAxis), yTest,
            Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>Fraction of <see cref="XTest"/> classified correctly (argmax of the logits), predicting in batches of 256 as the peers do.</summary>
    public double TestAccuracy(Models.Model model)
    {
        var logits = model.Predict(XTest, batchSize: 256, verbose: 0);
        int classes = logits.Shape[^1];
        var p = logits.Span;
        int correct = 0;
        for (int i = 0; i < YTest.Length; i++)
        {
            var row = p.Slice(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            correct += best == YTest[i] ? 1 : 0;
        }
        return (double)correct / YTest.Length;
    }
}
