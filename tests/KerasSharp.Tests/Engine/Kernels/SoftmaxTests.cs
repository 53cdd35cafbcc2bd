using KerasSharp.Tests.Testing;
using SoftmaxKernels = KerasSharp.Engine.Kernels.Softmax;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary>The softmax, log-softmax and logsumexp kernels against double references over <c>(outer, n, inner)</c> views.</summary>
public class SoftmaxTests
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000];

    private enum Kind { Softmax, LogSoftmax, LogSumExp }

    private static float[] Input(int outer, int n, int inner, int seed)
    {
        var x = TestData.Floats(seed, outer * n * inner, -6, 6);
        // shift whole rows far from 0 so an unstable implementation would overflow
        for (int o = 0; o < outer; o++)
        {
            float shift = o % 2 == 0 ? 500f : -500f;
            for (int i = o * n * inner; i < (o + 1) * n * inner; i++)
            {
                x[i] += shift;
            }
        }
        return x;
    }

    private static float[] Reference(float[] x, int outer, int n, int inner, Kind kind)
    {
        var d = new float[kind == Kind.LogSumExp ? outer * inner : outer * n * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < n; j++)
                {
                    max = Math.Max(max, x[(o * n + j) * inner + q]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += Math.Exp(x[(o * n + j) * inner + q] - max);
                }
                if (kind == Kind.LogSumExp)
                {
                    d[o * inner + q] = (float)(max + Math.Log(sum));
                    continue;
                }
                for (int j = 0; j < n; j++)
                {
                    int ix = (o * n + j) * inner + q;
                    d[ix] = kind == Kind.Softmax ? (float)(Math.Exp(x[ix] - max) / sum) : (float)(x[ix] - max - Math.Log(sum));
                }
            }
        }
        return d;
    }

    private static void Check(int outer, int n, int inner, Kind kind)
    {
        var x = Input(outer, n, inner, outer * 7919 + n * 31 + inner);
        var actual = new float[kind == Kind.LogSumExp ? outer * inner : outer * n * inner];
        Array.Fill(actual, float.NaN);
        switch (kind)
        {
            case Kind.Softmax: SoftmaxKernels.Forward(x, outer, n, inner, actual); break;
            case Kind.LogSoftmax: SoftmaxKernels.LogForward(x, outer, n, inner, actual); break;
            default: SoftmaxKernels.LogSumExp(x, outer, n, inner, actual); break;
        }
        var expected = Reference(x, outer, n, inner, kind);
        if (kind == Kind.LogSumExp && n == 0)
        {
            Assert.That(actual, Is.All.EqualTo(float.NegativeInfinity), "logsumexp over an empty axis is -inf");
            return;
        }
        // softmax: absolute error; log-softmax: 1e-5 absolute (values are O(10)); logsumexp: relative (values are O(500))
        double rtol = kind == Kind.LogSumExp ? 1e-6 : 1e-5;
        double atol = kind == Kind.Softmax ? 1e-7 : 1e-5;
        TensorAssert.AllClose(actual, expected, rtol, atol);
    }

    [TestCase(Kind.Softmax)]
    [TestCase(Kind.LogSoftmax)]
    [TestCase(Kind.LogSumExp)]
    public void Kernel_InnerOne_MatchesReference(object kind)
    {
        foreach (int n in Sizes)
        {
            Check(3, n, 1, (Kind)kind);
            Check(n, 4, 1, (Kind)kind);
        }
    }

    [TestCase(Kind.Softmax)]
    [TestCase(Kind.LogSoftmax)]
    [TestCase(Kind.LogSumExp)]
    public void Kernel_InnerGreaterThanOne_MatchesReference(object kind)
    {
        foreach (int n in Sizes)
        {
            Check(2, n, 3, (Kind)kind);
            Check(2, 3, n, (Kind)kind);
        }
    }

    [Test]
    public void LogSumExp_WithPositiveInfinity_IsInfinity()
    {
        var d = new float[1];
        SoftmaxKernels.LogSumExp([1f, float.PositiveInfinity, 2f], 1, 3, 1, d);
        Assert.That(d[0], Is.EqualTo(float.PositiveInfinity));
    }

    [Test]
    public void LogSumExp_AllNegativeInfinity_IsNegativeInfinity()
    {
        var d = new float[1];
        SoftmaxKernels.LogSumExp([float.NegativeInfinity, float.NegativeInfinity], 1, 2, 1, d);
        Assert.That(d[0], Is.EqualTo(float.NegativeInfinity));
    }
}
