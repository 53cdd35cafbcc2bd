using BenchmarkDotNet.Attributes;
using KerasSharp.Engine;
using KerasSharp.Optimizers;

namespace KerasSharp.Benchmarks.Micro;

/// <summary>
/// One <c>Adam.Apply</c> on the MLP's weights (784×128, 128, 128×10, 10: 101,770 parameters), the optimizer built
/// beforehand. This is the per-step optimizer cost of W1.
/// </summary>
[MemoryDiagnoser]
public class AdamBenchmarks
{
    private Adam _adam = null!;
    private Variable[] _variables = [];
    private Tensor[] _gradients = [];

    /// <summary>Weights, gradients, and a first Apply (which creates the slots).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        Shape[] shapes = [new(784, 128), new(128), new(128, 10), new(10)];
        _variables = new Variable[shapes.Length];
        _gradients = new Tensor[shapes.Length];
        for (int i = 0; i < shapes.Length; i++)
        {
            _variables[i] = new Variable(Tensor.FromArray(Random(rng, shapes[i].Size, 0.05f), shapes[i].ToArray()), $"w{i}");
            _gradients[i] = Tensor.FromArray(Random(rng, shapes[i].Size, 1e-3f), shapes[i].ToArray());
        }
        _adam = new Adam();
        _adam.Apply(_gradients, _variables);
    }

    private static float[] Random(Random rng, int n, float scale)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (rng.NextSingle() * 2 - 1) * scale;
        }
        return v;
    }

    /// <summary>One update of all four variables.</summary>
    [Benchmark]
    public void Apply() => _adam.Apply(_gradients, _variables);
}
