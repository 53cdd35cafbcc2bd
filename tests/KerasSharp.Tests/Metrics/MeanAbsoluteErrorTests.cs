using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class MeanAbsoluteErrorTests
{
    // keras/src/metrics/regression_metrics.py MeanAbsoluteError docstring.
    private static readonly float[,] DocTrue = { { 0, 1 }, { 0, 0 } };
    private static readonly float[,] DocPred = { { 1, 1 }, { 0, 0 } };

    [Test]
    public void Constructor_Default_NameMatchesKeras()
    {
        Assert.That(new MeanAbsoluteError().Name, Is.EqualTo("mean_absolute_error"));
    }

    [Test]
    public void UpdateState_KerasDocExample_Is025()
    {
        var m = new MeanAbsoluteError();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.25).Within(1e-7));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_Is05()
    {
        var m = new MeanAbsoluteError();
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_SeveralBatchesOfDifferentSizes_StreamsAndResets()
    {
        var m = new MeanAbsoluteError();
        m.UpdateState(DocTrue, DocPred);                                       // 0.5, 0
        m.UpdateState(new float[,] { { -2, 1 } }, new float[,] { { 1, 0 } });    // (3 + 1) / 2 = 2
        m.UpdateState(new float[] { 1, 2, 3 }, new float[,] { { 1.5f }, { 2 }, { 0 } });   // 0.5, 0, 3
        double[] perSample = [0.5, 0, 2, 0.5, 0, 3];
        Assert.That(m.Result(), Is.EqualTo(perSample.Average()).Within(1e-7));
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_IncompatibleShapes_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new MeanAbsoluteError().UpdateState(Tensor.Zeros(new Shape(2)), Tensor.Zeros(new Shape(2, 2))));
        Assert.That(ex!.Message, Does.Contain("(2,)").And.Contain("(2, 2)"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        Assert.That(MeanAbsoluteError.FromConfig(new MeanAbsoluteError("mae").GetConfig()).Name, Is.EqualTo("mae"));
    }

    [Test]
    public void UpdateState_SecondCall_AllocatesNothing()
    {
        var yTrue = Tensor.FromArray(DocTrue);
        var yPred = Tensor.FromArray(DocPred);
        Assert.That(AllocationProbe.BytesForSecondUpdate(new MeanAbsoluteError(), yTrue, yPred, null), Is.Zero);
    }
}
