using BenchmarkDotNet.Attributes;
using KerasSharp.Engine.Kernels;

namespace KerasSharp.Benchmarks.Micro;

/// <summary>
/// The GEMM kernel at the shapes one MLP training step (batch 32, 784 → 128 → 10) uses, forward and backward, and at
/// square sizes. Compare the per-call time with 2·m·n·k flops to get GFLOP/s.
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>
    /// The problems, named (at most 20 characters, BenchmarkDotNet's column width) by role, then <c>TA</c>/<c>TB</c> for a
    /// transposed operand, then m, n, k: <c>fwd1</c> x·W1 (32×784)·(784×128), <c>fwd2</c> h·W2, <c>dW1</c> xᵀ·g1,
    /// <c>dW2</c> hᵀ·g2, <c>dh</c> g2·W2ᵀ, <c>dx</c> g1·W1ᵀ, <c>sq</c> square.
    /// </summary>
    public static IEnumerable<GemmShape> Shapes =>
    [
        new("fwd1 m32n128k784", 32, 128, 784),
        new("fwd2 m32n10k128", 32, 10, 128),
        new("dW1 TA m784n128k32", 784, 128, 32, TransposeA: true),
        new("dW2 TA m128n10k32", 128, 10, 32, TransposeA: true),
        new("dh TB m32n128k10", 32, 128, 10, TransposeB: true),
        new("dx TB m32n784k128", 32, 784, 128, TransposeB: true),
        new("sq 256", 256, 256, 256),
        new("sq 512", 512, 512, 512),
        new("sq 1024", 1024, 1024, 1024),
    ];

    /// <summary>The problem measured.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    /// <summary>Random operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        _a = new float[Shape.M * Shape.K];
        _b = new float[Shape.K * Shape.N];
        _c = new float[Shape.M * Shape.N];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = rng.NextSingle() - 0.5f;
        }
        for (int i = 0; i < _b.Length; i++)
        {
            _b[i] = rng.NextSingle() - 0.5f;
        }
    }

    /// <summary>One call of the kernel.</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(_a, _b, _c, Shape.M, Shape.N, Shape.K, transposeA: Shape.TransposeA, transposeB: Shape.TransposeB);
}
