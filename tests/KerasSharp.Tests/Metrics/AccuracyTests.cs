using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class AccuracyTests
{
    // keras/src/metrics/accuracy_metrics.py Accuracy docstring.
    private static readonly float[,] DocTrue = { { 1 }, { 2 }, { 3 }, { 4 } };
    private static readonly float[,] DocPred = { { 0 }, { 2 }, { 3 }, { 4 } };

    [Test]
    public void Constructor_Default_NameMatchesKeras()
    {
        Assert.That(new Accuracy().Name, Is.EqualTo("accuracy"));
    }

    [Test]
    public void UpdateState_KerasDocExample_Is075()
    {
        var m = new Accuracy();
        m.UpdateState(DocTrue, DocPred);
        Assert.That(m.Result(), Is.EqualTo(0.75).Within(1e-7));
    }

    [Test]
    public void UpdateState_KerasDocExampleWithSampleWeights_Is05()
    {
        var m = new Accuracy();
        m.UpdateState(DocTrue, DocPred, new float[] { 1, 1, 0, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_ProbabilitiesAreNotLabels_OnlyExactEqualityCounts()
    {
        var m = new Accuracy();
        m.UpdateState(new float[] { 1, 0 }, new float[] { 0.999f, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_SeveralBatches_StreamsAndResets()
    {
        var m = new Accuracy();
        m.UpdateState(DocTrue, DocPred);                                  // 3 of 4
        m.UpdateState(new float[,] { { 5 }, { 6 } }, new float[,] { { 5 }, { 0 } });   // 1 of 2
        Assert.That(m.Result(), Is.EqualTo(4.0 / 6.0).Within(1e-7));
        m.ResetState();
        Assert.That(m.Result(), Is.Zero);
    }

    [Test]
    public void UpdateState_IncompatibleShapes_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Accuracy().UpdateState(Tensor.Zeros(new Shape(4, 1)), Tensor.Zeros(new Shape(4, 2))));
        Assert.That(ex!.Message, Does.Contain("(4, 1)").And.Contain("(4, 2)"));
    }

    [Test]
    public void FromConfig_GetConfig_RoundTrips()
    {
        Assert.That(Accuracy.FromConfig(new Accuracy("exact").GetConfig()).Name, Is.EqualTo("exact"));
    }
}
