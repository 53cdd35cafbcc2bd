using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class MeanAbsoluteErrorTests
{
    private const double KerasTol = 1.5e-3;   // keras' assertAlmostEqual(decimal=3)
    private static readonly double[,] Y = { { 1, 9, 2 }, { -5, -2, 6 } };
    private static readonly double[,] P = { { 4, 8, 12 }, { 8, 1, 3 } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new MeanAbsoluteError();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("mean_absolute_error"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.GetConfig().ToJsonString(), Is.EqualTo("{\"name\":\"mean_absolute_error\",\"reduction\":\"sum_over_batch_size\"}"));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsArguments()
    {
        var original = new MeanAbsoluteError(reduction: "mean", name: "myname");
        var restored = MeanAbsoluteError.FromConfig(JsonNode.Parse(original.GetConfig().ToJsonString())!.AsObject());
        Assert.That((restored.Name, restored.Reduction), Is.EqualTo(("myname", "mean")));
    }

    [Test]
    public void Call_MatchesFormula()
    {
        var values = new MeanAbsoluteError().Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        TensorAssert.AllClose(values, ToFloat(RowMeans(Y, P, static (t, p) => Math.Abs(t - p))), rtol: 1e-6);
    }

    [Test]
    public void Compute_KerasTests_Match()
    {
        // keras/src/losses/losses_test.py MeanAbsoluteErrorTest
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var yPred = Tensor.FromArray(ToFloat(P));
        var weights = Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f } });
        Assert.Multiple(() =>
        {
            Assert.That(new MeanAbsoluteError().Compute(yTrue, yPred).Item(), Is.EqualTo(5.5).Within(KerasTol));
            Assert.That(new MeanAbsoluteError().Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(12.65).Within(KerasTol));
            Assert.That(new MeanAbsoluteError().Compute(yTrue, yPred, weights).Item(), Is.EqualTo(81.4 / 6).Within(KerasTol));
            Assert.That(new MeanAbsoluteError().Compute(yTrue, yPred, Tensor.Scalar(0f)).Item(), Is.Zero);
            TensorAssert.AllClose(new MeanAbsoluteError(reduction: "none").Compute(yTrue, yPred, Tensor.Scalar(2.3f)), [10.7333f, 14.5666f], rtol: 0, atol: KerasTol);
            Assert.That(new MeanAbsoluteError(reduction: "sum").Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(25.29999).Within(KerasTol));
            Assert.That(new MeanAbsoluteError(reduction: "mean_with_sample_weight").Compute(yTrue, yPred, weights).Item(),
                Is.EqualTo((14.0 / 3 * 1.2 + 19.0 / 3 * 3.4) / (1.2 + 3.4)).Within(KerasTol));
        });
    }

    [Test]
    public void Compute_TimestepWeights_MatchKeras()
    {
        // keras losses_test.py test_timestep_weighted -> 13.833333
        var loss = new MeanAbsoluteError().Compute(
            Tensor.FromArray(new float[] { 1, 9, 2, -5, -2, 6 }, 2, 3, 1),
            Tensor.FromArray(new float[] { 4, 8, 12, 8, 1, 3 }, 2, 3, 1),
            Tensor.FromArray(new float[] { 3, 6, 5, 0, 4, 2 }, 2, 3));
        Assert.That(loss.Item(), Is.EqualTo((3 * 3 + 6 * 1 + 5 * 10 + 0 * 13 + 4 * 3 + 2 * 3) / 6.0).Within(1e-5));
        Assert.That(loss.Item(), Is.EqualTo(13.833333).Within(KerasTol));
    }

    [Test]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences()
    {
        // errors are all at least 1 away from the kink at 0
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var loss = new MeanAbsoluteError();
        GradientChecker.Check(xs => loss.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 0.5f, 2f })), [Tensor.FromArray(ToFloat(P))]);
        GradientChecker.Check(xs => loss.Call(yTrue, xs[0]), [Tensor.FromArray(ToFloat(P))]);
    }

    [Test]
    public void Call_ShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanAbsoluteError().Call(Tensor.Zeros(new Shape(2)), Tensor.Zeros(new Shape(2, 3))));
        Assert.That(ex!.Message, Does.Contain("(2,)").And.Contain("(2, 3)"));
    }
}
