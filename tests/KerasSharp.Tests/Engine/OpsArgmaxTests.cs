using KerasSharp.Engine;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Engine;

public class OpsArgmaxTests
{
    [Test]
    public void Argmax_LastAxis_GivesClassIdsWithTheAxisRemoved()
    {
        var probs = Tensor.FromArray(new float[,] { { 0.1f, 0.7f, 0.2f }, { 0.5f, 0.3f, 0.2f } });
        var ids = Ops.Argmax(probs);
        Assert.That(ids.Shape.ToArray(), Is.EqualTo(new[] { 2 }));
        Assert.That(ids.ToArray(), Is.EqualTo(new[] { 1f, 0f }));
    }

    [Test]
    public void ArgmaxIndices_Ties_TakeTheFirstIndexAsNumPy()
    {
        // np.argmax([[2, 7, 7], [9, 1, 9]], axis=-1) == [1, 0]
        var x = Tensor.FromArray(new float[,] { { 2, 7, 7 }, { 9, 1, 9 } });
        Assert.That(Ops.ArgmaxIndices(x), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void ArgmaxIndices_NaN_WinsAsInNumPy()
    {
        // np.argmax([1, nan, 5, nan]) == 1 and np.argmin([1, nan, 0]) == 1
        Assert.That(Ops.ArgmaxIndices(Tensor.FromArray([1f, float.NaN, 5f, float.NaN])), Is.EqualTo(new[] { 1 }));
        Assert.That(Ops.ArgminIndices(Tensor.FromArray([1f, float.NaN, 0f])), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Argmax_FirstAxis_SearchesEachColumn()
    {
        // np.argmax([[1, 5], [7, 2]], axis=0) == [1, 0]
        var x = Tensor.FromArray(new float[,] { { 1, 5 }, { 7, 2 } });
        Assert.That(Ops.Argmax(x, axis: 0).ToArray(), Is.EqualTo(new[] { 1f, 0f }));
        Assert.That(Ops.ArgminIndices(x, axis: 0), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void Argmax_NullAxis_SearchesTheFlattenedTensor()
    {
        // np.argmax([[1, 5], [7, 2]]) == 2
        var x = Tensor.FromArray(new float[,] { { 1, 5 }, { 7, 2 } });
        var flat = Ops.Argmax(x, axis: null);
        Assert.That(flat.Rank, Is.EqualTo(0));
        Assert.That(flat.Item(), Is.EqualTo(2f));
        Assert.That(Ops.Argmax(x, axis: null, keepDims: true).Shape.ToArray(), Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public void Argmin_KeepDims_KeepsTheAxisWithSizeOne()
    {
        var x = Tensor.FromArray(new float[,,] { { { 3, 1 }, { 0, 4 } } });
        var ids = Ops.Argmin(x, axis: 1, keepDims: true);
        Assert.That(ids.Shape.ToArray(), Is.EqualTo(new[] { 1, 1, 2 }));
        Assert.That(ids.ToArray(), Is.EqualTo(new[] { 1f, 0f }));
    }

    [Test]
    public void Argmax_EmptyAxis_Throws()
    {
        var x = Tensor.Zeros(new Shape(2, 0));
        Assert.That(() => Ops.Argmax(x), Throws.ArgumentException.With.Message.Contains("empty sequence"));
    }

    [Test]
    public void Argmax_UnderATape_IsAConstantAndDoesNotBreakTheGradient()
    {
        // loss = Σ x · argmax(x): argmax is not differentiated, so d loss / dx = argmax(x) = [1, 1]
        var x = Tensor.FromArray(new float[,] { { 0f, 2f }, { 1f, 3f } });
        using var tape = GradientTape.Record();
        var ids = Ops.Argmax(x, keepDims: true);
        var loss = Ops.Sum(Ops.Multiply(x, ids));
        var grad = tape.Gradient(loss, [x])[0];
        TensorAssert.AllClose(grad, [1f, 1f, 1f, 1f]);
    }
}
