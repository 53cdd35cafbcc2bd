using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using SoftmaxKernels = KerasSharp.Engine.Kernels.Softmax;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary>Kernels run on spans and allocate nothing (house style 3.5); measured after a warm-up call.</summary>
public class KernelAllocationTests
{
    private static long Measure(Action action) => Allocation.Measure(action);

    [Test]
    public void Kernels_DoNotAllocate()
    {
        var x = TestData.Floats(1, 2 * 3 * 40);
        var y = TestData.Floats(2, 3 * 40);
        var d = new float[2 * 3 * 40];
        var small = new float[2 * 40];
        var xShape = new Shape(2, 3, 40);
        var yShape = new Shape(3, 1);
        var a = TestData.Floats(3, 17 * 33);
        var b = TestData.Floats(4, 33 * 9);
        var c = new float[17 * 9];
        var big = TestData.Floats(5, 256 * 256);
        var bigC = new float[256 * 256];
        Assert.Multiple(() =>
        {
            Assert.That(Measure(() => Broadcasting.Binary<AddOperator>(x, xShape, y.AsSpan(0, 3), yShape, d, xShape)), Is.EqualTo(0), "Broadcasting.Binary");
            Assert.That(Measure(() => Reductions.ReduceAxis(x, 2, 3, 40, ReduceKind.Max, small)), Is.EqualTo(0), "Reductions.ReduceAxis");
            Assert.That(Measure(() => SoftmaxKernels.Forward(x, 2, 3, 40, d)), Is.EqualTo(0), "Softmax.Forward");
            Assert.That(Measure(() => SoftmaxKernels.LogForward(x, 6, 40, 1, d)), Is.EqualTo(0), "Softmax.LogForward");
            Assert.That(Measure(() => SoftmaxKernels.LogSumExp(x, 6, 40, 1, small)), Is.EqualTo(0), "Softmax.LogSumExp");
            Assert.That(Measure(() => Gemm.Multiply(a, b, c, 17, 9, 33)), Is.EqualTo(0), "Gemm.Multiply");
            Assert.That(Measure(() => Gemm.Multiply(a, b, c, 17, 9, 33, transposeA: true, transposeB: true)), Is.EqualTo(0), "Gemm.Multiply (Aᵀ·Bᵀ)");
            Assert.That(Measure(() => Gemm.Multiply(big, big, bigC, 256, 256, 256)), Is.EqualTo(0), "Gemm.Multiply 256³ (split over threads)");
        });
    }
}
