using KerasSharp.Engine;

namespace KerasSharp.Tests.Engine;

/// <summary>Row views (used for batches taken in sample order) behave like copies of those rows.</summary>
public class TensorViewTests
{
    private static readonly Tensor Matrix = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 4, 3);

    [Test]
    public void ViewRows_SeesExactlyThoseRows()
    {
        var view = Matrix.ViewRows(1, 2);
        Assert.Multiple(() =>
        {
            Assert.That(view.Shape, Is.EqualTo(new Shape(2, 3)));
            Assert.That(view.ToArray(), Is.EqualTo(new float[] { 3, 4, 5, 6, 7, 8 }));
            Assert.That(view[1, 2], Is.EqualTo(8f));
            Assert.That(view.ToArray2D()[0, 0], Is.EqualTo(3f));
            Assert.That(view.ToString(), Does.Contain("[[3, 4, 5], [6, 7, 8]]"));
        });
    }

    [Test]
    public void OpsOnAView_MatchOpsOnACopy()
    {
        var view = Matrix.ViewRows(2, 2);
        var copy = Ops.SliceRows(Matrix, 2, 2);
        var w = Tensor.FromArray([1f, -1f, 0.5f, 2f, 0f, 1f], 3, 2);
        Assert.Multiple(() =>
        {
            Assert.That(Ops.MatMul(view, w).ToArray(), Is.EqualTo(Ops.MatMul(copy, w).ToArray()));
            Assert.That(Ops.Reshape(view, [6]).ToArray(), Is.EqualTo(copy.ToArray()));
            Assert.That(Ops.Sum(Ops.Reshape(view, [3, 2]), 1).ToArray(), Is.EqualTo(new float[] { 13, 17, 21 }));
        });
    }

    [Test]
    public void ViewInsideAStep_IsDetachedToItsOwnValues()
    {
        Variable v;
        using (TensorArena.Step())
        {
            v = new Variable(Matrix.ViewRows(3, 1), "row");
        }
        Assert.That(v.Value.ToArray(), Is.EqualTo(new float[] { 9, 10, 11 }));
    }

    [Test]
    public void ViewOutsideTheTensor_Throws() =>
        Assert.That(() => Matrix.ViewRows(3, 2), Throws.ArgumentException.With.Message.Contains("does not fit"));
}
