using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class HuberTests
{
    // keras/src/losses/losses_test.py HuberLossTest data
    private static readonly double[,] Y = { { 1, 0, 1 }, { 1, 0, 0 } };
    private static readonly double[,] P = { { 0.9, 0.2, 0.2 }, { 0.8, 0.4, 0.6 } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new Huber();
        var config = loss.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("huber_loss"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.Delta, Is.EqualTo(1.0));
            Assert.That((string?)config["name"], Is.EqualTo("huber_loss"));
            Assert.That((string?)config["reduction"], Is.EqualTo("sum_over_batch_size"));
            Assert.That((double)config["delta"]!, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsDelta()
    {
        var original = new Huber(delta: 0.8, reduction: "sum", name: "huber");
        var restored = Huber.FromConfig(JsonNode.Parse(original.GetConfig().ToJsonString())!.AsObject());
        Assert.That((restored.Delta, restored.Reduction, restored.Name), Is.EqualTo((0.8, "sum", "huber")));
    }

    [Test]
    public void FromConfig_KerasConfigWithoutDelta_UsesDefault()
    {
        // Keras 3 writes {"name": "huber", "reduction": "sum"} for Huber.
        var restored = Huber.FromConfig(JsonNode.Parse("{\"name\":\"huber\",\"reduction\":\"sum\"}")!.AsObject());
        Assert.That(restored.Delta, Is.EqualTo(1.0));
    }

    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(1e300)]
    public void Constructor_InvalidDelta_Throws(double delta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Huber(delta));
    }

    [Test]
    public void Compute_KerasDocstring_Is0_155()
    {
        // keras.losses.huber docstring: [[0, 1], [0, 0]] vs [[0.6, 0.4], [0.4, 0.6]] -> 0.155
        var loss = new Huber().Compute(Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));
        Assert.That(loss.Item(), Is.EqualTo(0.155).Within(1e-6));
    }

    [TestCase(1.0)]
    [TestCase(0.8)]
    [TestCase(0.3)]
    public void Call_MatchesFormula(double delta)
    {
        var values = new Huber(delta).Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        TensorAssert.AllClose(values, ToFloat(RowMeans(Y, P, (t, p) => HuberElement(t, p, delta))), rtol: 1e-5, atol: 1e-7);
    }

    [Test]
    public void Compute_LinearRegion_MatchesFormula()
    {
        var yTrue = new double[,] { { 0, 0 }, { 5, -3 } };
        var yPred = new double[,] { { 2.5, -0.5 }, { 1, 1 } };
        var loss = new Huber(delta: 1.5).Compute(Tensor.FromArray(ToFloat(yTrue)), Tensor.FromArray(ToFloat(yPred)));
        Assert.That(loss.Item(), Is.EqualTo(Mean(RowMeans(yTrue, yPred, (t, p) => HuberElement(t, p, 1.5)))).Within(1e-5));
    }

    [Test]
    public void Compute_WeightsAndReductions_MatchFormula()
    {
        var rows = RowMeans(Y, P, (t, p) => HuberElement(t, p, 1.0));
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var yPred = Tensor.FromArray(ToFloat(P));
        Assert.Multiple(() =>
        {
            Assert.That(new Huber().Compute(yTrue, yTrue).Item(), Is.Zero);
            Assert.That(new Huber().Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(2.3 * Mean(rows)).Within(1e-6));
            Assert.That(new Huber().Compute(yTrue, yPred, Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f } })).Item(),
                Is.EqualTo((1.2 * rows[0] + 3.4 * rows[1]) / 2).Within(1e-6));
            Assert.That(new Huber(reduction: "sum").Compute(yTrue, yPred).Item(), Is.EqualTo(rows.Sum()).Within(1e-6));
            TensorAssert.AllClose(new Huber(reduction: "none").Compute(yTrue, yPred), ToFloat(rows), rtol: 1e-5);
        });
    }

    [Test]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences()
    {
        // errors of both regions, away from |x| = delta
        var yTrue = Tensor.FromArray(new float[,] { { 0, 0, 1 }, { 2, -1, 0 } });
        var yPred = Tensor.FromArray(new float[,] { { 0.3f, -2.5f, 1.6f }, { 0.2f, 1.4f, -0.1f } });
        var loss = new Huber(delta: 1.0);
        GradientChecker.Check(xs => loss.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 0.5f, 2f })), [yPred]);
        GradientChecker.Check(xs => loss.Call(yTrue, xs[0]), [yPred]);
    }
}
