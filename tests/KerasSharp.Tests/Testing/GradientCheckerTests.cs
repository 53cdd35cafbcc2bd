using KerasSharp.Engine;

namespace KerasSharp.Tests.Testing;

public class GradientCheckerTests
{
    /// <summary>y = x³ with a deliberately wrong backward (2x instead of 3x²), recorded straight on the tape.</summary>
    private static Tensor CubeWithWrongGradient(Tensor x)
    {
        var v = x.ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] * v[i] * v[i];
        }
        var y = Tensor.FromArray(v, x.Shape.ToArray());
        GradientTape.RecordOp(y, x, static (g, n) => [Ops.Multiply(g, Ops.Multiply(n.A, Ops.Scalar(2f)))]);
        return y;
    }

    /// <summary>y = x³ with the right backward, to show the checker passes a correct op written the same way.</summary>
    private static Tensor CubeWithRightGradient(Tensor x)
    {
        var v = x.ToArray();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = v[i] * v[i] * v[i];
        }
        var y = Tensor.FromArray(v, x.Shape.ToArray());
        GradientTape.RecordOp(y, x, static (g, n) => [Ops.Multiply(g, Ops.Multiply(Ops.Square(n.A), Ops.Scalar(3f)))]);
        return y;
    }

    [Test]
    public void Check_WrongBackward_Fails()
    {
        var x = Tensor.FromArray([0.5f, -1.5f, 2f]);
        var ex = Assert.Throws<AssertionException>(() => GradientChecker.Check(xs => CubeWithWrongGradient(xs[0]), [x]));
        Assert.That(ex!.Message, Does.Contain("Gradient mismatch for input 0"));
    }

    [Test]
    public void Check_RightBackward_Passes() =>
        Assert.DoesNotThrow(() => GradientChecker.Check(xs => CubeWithRightGradient(xs[0]), [Tensor.FromArray([0.5f, -1.5f, 2f])]));

    [Test]
    public void Check_GradientMissingForOneOutputElement_Fails()
    {
        // y = x * [1, 1, 0] + StopGradient(x) * [0, 0, 1]: the last element's dependence is hidden from the tape
        var mask = Tensor.FromArray([1f, 1f, 0f]);
        var rest = Tensor.FromArray([0f, 0f, 1f]);
        var x = Tensor.FromArray([0.5f, -1.5f, 2f]);
        Assert.Throws<AssertionException>(() =>
            GradientChecker.Check(xs => Ops.Add(Ops.Multiply(xs[0], mask), Ops.Multiply(Ops.StopGradient(xs[0]), rest)), [x]));
    }

    [Test]
    public void Check_DoesNotModifyInputs()
    {
        var x = Tensor.FromArray([0.25f, -0.75f], 2, 1);
        var before = x.ToArray();
        GradientChecker.Check(xs => Ops.Tanh(xs[0]), [x]);
        Assert.That(x.ToArray(), Is.EqualTo(before));
    }
}
