using KerasSharp.Engine;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Engine.TestData;

// Namespace KerasSharp.Tests.Engine: a namespace named …Engine.Ops would hide the Ops class in the engine tests.
namespace KerasSharp.Tests.Engine;

public class PaddingOpsTests
{
    [Test]
    public void Pad_2D_PlacesTheInputAtTheOffsets()
    {
        var x = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var y = Ops.Pad(x, [(1, 0), (0, 2)]);
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 4)));
        TensorAssert.AllClose(y, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0], 0, 0);
    }

    [Test]
    public void Pad_ConstantValue_FillsThePadding()
    {
        var y = Ops.Pad(Tensor.FromArray([5f]), [(2, 1)], constantValues: -1f);
        TensorAssert.AllClose(y, [-1f, -1f, 5f, -1f], 0, 0);
    }

    [Test]
    public void Pad_4D_MatchesIndexArithmetic()
    {
        var x = Uniform(1, -1, 1, 2, 3, 2, 3);
        var y = Ops.Pad(x, [(0, 1), (1, 2), (2, 0), (0, 1)]);
        Assert.That(y.Shape, Is.EqualTo(new Shape(3, 6, 4, 4)));
        var xs = x.ToArray();
        var expected = new float[3 * 6 * 4 * 4];
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                for (int c = 0; c < 2; c++)
                {
                    for (int d = 0; d < 3; d++)
                    {
                        expected[((a * 6 + b + 1) * 4 + c + 2) * 4 + d] = xs[((a * 3 + b) * 2 + c) * 3 + d];
                    }
                }
            }
        }
        TensorAssert.AllClose(y, expected, 0, 0);
    }

    [Test]
    public void Pad_GradientMatchesCentralDifferences() =>
        GradientChecker.Check(xs => Ops.Pad(xs[0], [(1, 1), (0, 2), (1, 0)]), [Uniform(2, -1, 1, 2, 3, 2)]);

    [Test]
    public void Pad_ZeroWidths_KeepValues()
    {
        var x = Uniform(3, -1, 1, 2, 2);
        TensorAssert.AllClose(Ops.Pad(x, [(0, 0), (0, 0)]), x, 0, 0);
    }

    [Test]
    public void Pad_BadWidths_Throw()
    {
        var x = Tensor.Zeros(new Shape(2, 2));
        Assert.Multiple(() =>
        {
            Assert.That(() => Ops.Pad(x, [(1, 1)]), Throws.ArgumentException.With.Message.Contains("expected 2 pairs for input of shape (2, 2)"));
            Assert.That(() => Ops.Pad(x, [(1, 1), (-1, 0)]), Throws.ArgumentException.With.Message.Contains("must be non-negative"));
        });
    }
}
