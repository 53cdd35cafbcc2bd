using BenchmarkDotNet.Attributes;
using KerasSharp.Engine;

namespace KerasSharp.Benchmarks.Micro;

/// <summary>Element-wise ops through <see cref="Ops"/> on the MLP's hidden activations (32×128), no tape recording.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _bias = null!;

    /// <summary>Random inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        _x = Tensor.FromArray(Random(rng, 32 * 128), 32, 128);
        _y = Tensor.FromArray(Random(rng, 32 * 128), 32, 128);
        _bias = Tensor.FromArray(Random(rng, 128), 128);
    }

    private static float[] Random(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = rng.NextSingle() * 2 - 1;
        }
        return v;
    }

    /// <summary>ReLU.</summary>
    [Benchmark]
    public Tensor Relu() => Ops.Relu(_x);

    /// <summary>Sigmoid.</summary>
    [Benchmark]
    public Tensor Sigmoid() => Ops.Sigmoid(_x);

    /// <summary>Same-shape add.</summary>
    [Benchmark]
    public Tensor Add() => Ops.Add(_x, _y);

    /// <summary>Bias add: (32, 128) + (128,) broadcast.</summary>
    [Benchmark]
    public Tensor AddBroadcastBias() => Ops.Add(_x, _bias);

    /// <summary>ReLU forward and backward under a tape, gradient with respect to the input.</summary>
    [Benchmark]
    public Tensor[] ReluForwardBackward()
    {
        using var tape = GradientTape.Record();
        var loss = Ops.Sum(Ops.Relu(_x));
        return tape.Gradient(loss, [_x]);
    }
}
