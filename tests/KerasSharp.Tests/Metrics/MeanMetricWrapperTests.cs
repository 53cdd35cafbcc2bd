using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class MeanMetricWrapperTests
{
    private static Tensor SquaredError(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(Ops.Subtract(yTrue, yPred)), -1);

    [Test]
    public void Constructor_NoName_UsesKerasDefault()
    {
        var m = new MeanMetricWrapper(SquaredError);
        Assert.That(m.Name, Is.EqualTo("mean_metric_wrapper"));
    }

    [Test]
    public void UpdateState_PerSampleFunction_MatchesKerasMseDocExample()
    {
        var m = new MeanMetricWrapper(SquaredError, "my_mse");
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });
        Assert.That(m.Result(), Is.EqualTo(0.25).Within(1e-7));

        m.ResetState();
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 0 });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void UpdateState_FunctionKeepsExtraAxes_AveragesThemPerSample()
    {
        // fn returns the elementwise squared error (2, 2): per-sample means 0.5 and 2.
        var m = new MeanMetricWrapper((t, p) => Ops.Square(Ops.Subtract(t, p)));
        m.UpdateState(new float[,] { { 0, 1 }, { 2, 0 } }, new float[,] { { 1, 1 }, { 0, 2 } }, new float[] { 3, 1 });
        Assert.That(m.Result(), Is.EqualTo((3 * 0.5 + 1 * 4.0) / 4).Within(1e-7));
    }

    [Test]
    public void UpdateState_ScalarFunction_CountsOnePerBatch()
    {
        // Keras' Mean counts a scalar value as one sample.
        var m = new MeanMetricWrapper((t, p) => Ops.Sum(Ops.Subtract(p, t)));
        m.UpdateState(new float[] { 0, 0, 0 }, new float[] { 1, 2, 3 });   // 6
        m.UpdateState(new float[] { 0 }, new float[] { 2 });               // 2
        Assert.That(m.Result(), Is.EqualTo(4.0).Within(1e-7));
    }

    [Test]
    public void UpdateState_StreamsOverBatches()
    {
        var m = new MeanMetricWrapper(SquaredError);
        m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } });   // 0.5, 0
        m.UpdateState(new float[,] { { 3, 3 } }, new float[,] { { 1, 1 } });                       // 4
        Assert.That(m.Result(), Is.EqualTo((0.5 + 0 + 4) / 3).Within(1e-7));
    }

    [Test]
    public void UpdateState_InsideRecordingTape_LeavesGradientsUnchanged()
    {
        var m = new MeanMetricWrapper(SquaredError);
        var x = new Variable(Tensor.FromArray(new float[] { 1, 2 }), "x");
        using var tape = GradientTape.Record();
        var yPred = Ops.Multiply(x, x);
        var loss = Ops.Sum(Ops.Square(x));
        m.UpdateState(Tensor.FromArray(new float[,] { { 0, 0 } }), Ops.Reshape(yPred, new Shape(1, 2)));
        Assert.Multiple(() =>
        {
            Assert.That(m.Result(), Is.EqualTo((1 + 16) / 2.0).Within(1e-6));
            Assert.That(tape.Gradient(loss, [x])[0].ToArray(), Is.EqualTo(new[] { 2f, 4f }));
        });
    }

    [Test]
    public void UpdateState_SampleWeightsNotMatchingBatch_Throws()
    {
        var m = new MeanMetricWrapper(SquaredError, "w");
        var ex = Assert.Throws<ArgumentException>(() =>
            m.UpdateState(new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, new float[] { 1, 1, 1 }));
        Assert.That(ex!.Message, Does.Contain("'w'").And.Contain("(3,)"));
    }

    [Test]
    public void Constructor_NullFunction_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new MeanMetricWrapper(null!));
    }
}
