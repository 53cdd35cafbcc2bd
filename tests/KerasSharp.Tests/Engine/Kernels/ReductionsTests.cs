using KerasSharp.Engine.Kernels;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary><see cref="Reductions.ReduceAxis"/> against a double reference over <c>(outer, n, inner)</c> views.</summary>
public class ReductionsTests
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000];

    private static float[] Reference(float[] x, int outer, int n, int inner, ReduceKind kind)
    {
        var d = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int q = 0; q < inner; q++)
            {
                double acc = kind switch { ReduceKind.Sum => 0, ReduceKind.Max => double.NegativeInfinity, _ => double.PositiveInfinity };
                for (int j = 0; j < n; j++)
                {
                    double v = x[(o * n + j) * inner + q];
                    acc = kind switch { ReduceKind.Sum => acc + v, ReduceKind.Max => Math.Max(acc, v), _ => Math.Min(acc, v) };
                }
                d[o * inner + q] = (float)acc;
            }
        }
        return d;
    }

    private static void Check(int outer, int n, int inner, ReduceKind kind)
    {
        var x = TestData.Floats(outer * 1000 + n * 10 + inner, outer * n * inner);
        var actual = new float[outer * inner];
        Array.Fill(actual, float.NaN);
        Reductions.ReduceAxis(x, outer, n, inner, kind, actual);
        // float sums of up to 1000 values in [-1, 1]: allow a few ulps of the running magnitude
        TensorAssert.AllClose(actual, Reference(x, outer, n, inner, kind), rtol: 1e-5, atol: kind == ReduceKind.Sum ? 2e-5 : 0);
    }

    [TestCase(ReduceKind.Sum)]
    [TestCase(ReduceKind.Max)]
    [TestCase(ReduceKind.Min)]
    public void ReduceAxis_InnerOne_MatchesReference(object kindValue)
    {
        var kind = (ReduceKind)kindValue;
        foreach (int n in Sizes)
        {
            Check(3, n, 1, kind);
            Check(1, n, 1, kind);
            Check(n, 3, 1, kind);
        }
    }

    [TestCase(ReduceKind.Sum)]
    [TestCase(ReduceKind.Max)]
    [TestCase(ReduceKind.Min)]
    public void ReduceAxis_InnerGreaterThanOne_MatchesReference(object kindValue)
    {
        var kind = (ReduceKind)kindValue;
        foreach (int n in Sizes)
        {
            Check(2, n, 5, kind);
            Check(2, 3, n, kind);
            Check(n, 2, 3, kind);
        }
    }

    [Test]
    public void ReduceAxis_EmptyAxis_GivesIdentity()
    {
        var d = new float[6];
        Assert.Multiple(() =>
        {
            Reductions.ReduceAxis([], 2, 0, 3, ReduceKind.Sum, d);
            Assert.That(d, Is.All.EqualTo(0f));
            Reductions.ReduceAxis([], 2, 0, 3, ReduceKind.Max, d);
            Assert.That(d, Is.All.EqualTo(float.NegativeInfinity));
            Reductions.ReduceAxis([], 6, 0, 1, ReduceKind.Min, d);
            Assert.That(d, Is.All.EqualTo(float.PositiveInfinity));
        });
    }
}
