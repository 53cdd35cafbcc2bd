using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class LossFunctionWrapperTests
{
    private static Tensor MeanCubicError(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Abs(Ops.Power(Ops.Subtract(yPred, yTrue), 3f)), -1);

    [Test]
    public void Constructor_NoName_GetsSnakeCaseAutoName()
    {
        var loss = new LossFunctionWrapper(MeanCubicError);
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Does.StartWith("loss_function_wrapper"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.GetConfig().Select(kv => kv.Key), Is.EqualTo(new[] { "name", "reduction" }));
        });
    }

    [Test]
    public void Constructor_NullFunction_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new LossFunctionWrapper(null!));
    }

    [Test]
    public void Compute_CustomFunction_IsWeightedAndReduced()
    {
        var loss = new LossFunctionWrapper(MeanCubicError, reduction: "sum", name: "mean_cubic_error");
        var yTrue = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 2 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 3 }, { 2, 0 } });
        // rows: (1 + 8)/2 = 4.5, (0 + 8)/2 = 4
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("mean_cubic_error"));
            Assert.That(loss.Compute(yTrue, yPred).Item(), Is.EqualTo(8.5).Within(1e-5));
            Assert.That(loss.Compute(yTrue, yPred, Tensor.FromArray(new float[] { 2, 0.5f })).Item(), Is.EqualTo(11).Within(1e-5));
        });
    }

    [Test]
    public void Compute_ElementwiseFunction_IsNotAveragedOverLastAxis()
    {
        // The wrapper reduces whatever fn returns: sum_over_batch_size divides by all 4 elements.
        var loss = new LossFunctionWrapper((t, p) => Ops.Square(Ops.Subtract(p, t)));
        var yTrue = Tensor.FromArray(new float[,] { { 0, 0 }, { 0, 0 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        Assert.Multiple(() =>
        {
            Assert.That(loss.Call(yTrue, yPred).Shape, Is.EqualTo(new Shape(2, 2)));
            Assert.That(loss.Compute(yTrue, yPred).Item(), Is.EqualTo(30.0 / 4).Within(1e-6));
        });
    }

    [Test]
    public void Call_RankOneTargetWithColumnPrediction_AlignsLikeKeras()
    {
        Shape? seenTrue = null, seenPred = null;
        var loss = new LossFunctionWrapper((t, p) =>
        {
            seenTrue = t.Shape;
            seenPred = p.Shape;
            return Ops.Mean(Ops.Square(Ops.Subtract(p, t)), -1);
        });
        var values = loss.Call(Tensor.FromArray(new float[] { 1, 2, 3 }), Tensor.FromArray(new float[,] { { 1 }, { 0 }, { 5 } }));
        Assert.Multiple(() =>
        {
            Assert.That(seenTrue, Is.EqualTo(new Shape(3, 1)));
            Assert.That(seenPred, Is.EqualTo(new Shape(3, 1)));
            TensorAssert.AllClose(values, [0f, 4f, 4f]);
        });
    }

    [Test]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences()
    {
        var loss = new LossFunctionWrapper(MeanCubicError);
        var yTrue = Tensor.FromArray(new float[,] { { 0, 1 }, { 2, 2 } });
        GradientChecker.Check(xs => loss.Compute(yTrue, xs[0]), [Tensor.FromArray(new float[,] { { 1, 2.5f }, { 2.5f, 0.5f } })]);
    }
}
