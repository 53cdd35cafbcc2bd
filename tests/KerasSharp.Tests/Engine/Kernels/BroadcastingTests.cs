using KerasSharp.Engine;
using KerasSharp.Engine.Kernels;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine.Kernels;

/// <summary><see cref="Broadcasting.Binary{TOp}"/> against a scalar reference that maps every output index to its inputs.</summary>
public class BroadcastingTests
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 1000];

    private static readonly string[] Operators = ["add", "subtract", "multiply", "divide", "maximum", "minimum"];

    private static double Reference(string op, double x, double y) => op switch
    {
        "add" => x + y,
        "subtract" => x - y,
        "multiply" => x * y,
        "divide" => x / y,
        "maximum" => Math.Max(x, y),
        "minimum" => Math.Min(x, y),
        _ => throw new ArgumentException(op),
    };

    private static void Run(string op, ReadOnlySpan<float> x, Shape xs, ReadOnlySpan<float> y, Shape ys, Span<float> d, Shape os)
    {
        switch (op)
        {
            case "add": Broadcasting.Binary<AddOperator>(x, xs, y, ys, d, os); break;
            case "subtract": Broadcasting.Binary<SubtractOperator>(x, xs, y, ys, d, os); break;
            case "multiply": Broadcasting.Binary<MultiplyOperator>(x, xs, y, ys, d, os); break;
            case "divide": Broadcasting.Binary<DivideOperator>(x, xs, y, ys, d, os); break;
            case "maximum": Broadcasting.Binary<MaximumOperator>(x, xs, y, ys, d, os); break;
            case "minimum": Broadcasting.Binary<MinimumOperator>(x, xs, y, ys, d, os); break;
            default: throw new ArgumentException(op);
        }
    }

    /// <summary>Flat index into a (right-aligned, size-1-broadcast) input for an output multi-index.</summary>
    private static int SourceIndex(int[] outIndex, int[] inDims)
    {
        int offset = outIndex.Length - inDims.Length, flat = 0;
        for (int i = 0; i < inDims.Length; i++)
        {
            int ix = inDims[i] == 1 ? 0 : outIndex[i + offset];
            flat = flat * inDims[i] + ix;
        }
        return flat;
    }

    private static void CheckCase(string op, int[] xDims, int[] yDims, int seed)
    {
        var xShape = new Shape(xDims);
        var yShape = new Shape(yDims);
        var outShape = Shape.Broadcast(xShape, yShape);
        var x = TestData.Floats(seed, xShape.Size, -2, 2);
        // keep divisors away from zero
        var y = TestData.Floats(seed + 1, yShape.Size, 0.5, 2);
        for (int i = 0; i < y.Length; i += 2)
        {
            y[i] = -y[i];
        }
        var expected = new float[outShape.Size];
        var index = new int[outShape.Rank];
        for (int flat = 0; flat < expected.Length; flat++)
        {
            int rem = flat;
            for (int a = outShape.Rank - 1; a >= 0; a--)
            {
                index[a] = rem % outShape[a];
                rem /= outShape[a];
            }
            expected[flat] = (float)Reference(op, x[SourceIndex(index, xDims)], y[SourceIndex(index, yDims)]);
        }
        var actual = new float[outShape.Size];
        Array.Fill(actual, float.NaN);
        Run(op, x, xShape, y, yShape, actual, outShape);
        TensorAssert.AllClose(actual, expected, rtol: 1e-7, atol: 0);
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var op in Operators)
        {
            yield return new TestCaseData(op).SetArgDisplayNames(op);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Binary_SameShape_MatchesReference(string op)
    {
        foreach (int n in Sizes)
        {
            CheckCase(op, [n], [n], n);
            CheckCase(op, [2, n], [2, n], n + 100);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Binary_ScalarEitherSide_MatchesReference(string op)
    {
        foreach (int n in Sizes)
        {
            CheckCase(op, [n], [], n);
            CheckCase(op, [], [n], n + 1);
            CheckCase(op, [3, n], [1], n + 2);
            CheckCase(op, [1, 1], [n, 3], n + 3);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Binary_RowBroadcast_MatchesReference(string op)
    {
        foreach (int n in Sizes)
        {
            CheckCase(op, [3, n], [n], n);
            CheckCase(op, [n], [3, n], n + 1);
            CheckCase(op, [1, n], [5, n], n + 2);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Binary_ColumnBroadcast_MatchesReference(string op)
    {
        foreach (int n in Sizes)
        {
            CheckCase(op, [n, 3], [n, 1], n);
            CheckCase(op, [n, 1], [n, 3], n + 1);
            CheckCase(op, [n, 1], [1, 5], n + 2);
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Binary_Rank4MixedBroadcast_MatchesReference(string op)
    {
        foreach (int n in Sizes)
        {
            CheckCase(op, [2, 1, 3, n], [4, 1, n], n);
            CheckCase(op, [2, 1, n, 1], [1, 3, 1, 2], n + 1);
            CheckCase(op, [1, 3, 1, 1], [2, 1, n, 1], n + 2);
        }
    }

    [Test]
    public void Binary_MaximumWithNaN_PropagatesNaN()
    {
        var d = new float[3];
        Broadcasting.Binary<MaximumOperator>([1f, float.NaN, 3f], new Shape(3), [2f], new Shape(1), d, new Shape(3));
        Assert.Multiple(() =>
        {
            Assert.That(d[0], Is.EqualTo(2f));
            Assert.That(float.IsNaN(d[1]), Is.True);
            Assert.That(d[2], Is.EqualTo(3f));
        });
    }
}
