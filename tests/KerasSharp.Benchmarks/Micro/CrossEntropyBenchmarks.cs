using BenchmarkDotNet.Attributes;
using KerasSharp.Engine;
using KerasSharp.Losses;

namespace KerasSharp.Benchmarks.Micro;

/// <summary>
/// <c>SparseCategoricalCrossentropy(fromLogits: true)</c> on a batch of 32 logits over 10 classes, the MLP's loss:
/// forward alone, and forward plus the gradient with respect to the logits.
/// </summary>
[MemoryDiagnoser]
public class CrossEntropyBenchmarks
{
    private readonly SparseCategoricalCrossentropy _loss = new(fromLogits: true);
    private Tensor _logits = null!;
    private Tensor _labels = null!;

    /// <summary>Random logits and labels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        var logits = new float[32 * 10];
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = rng.NextSingle() * 4 - 2;
        }
        var labels = new int[32];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = rng.Next(10);
        }
        _logits = Tensor.FromArray(logits, 32, 10);
        _labels = Tensor.FromArray(labels);
    }

    /// <summary>The mean loss over the batch.</summary>
    [Benchmark]
    public Tensor Forward() => _loss.Compute(_labels, _logits);

    /// <summary>The loss and its gradient with respect to the logits.</summary>
    [Benchmark]
    public Tensor[] ForwardBackward()
    {
        using var tape = GradientTape.Record();
        var loss = _loss.Compute(_labels, _logits);
        return tape.Gradient(loss, [_logits]);
    }
}
