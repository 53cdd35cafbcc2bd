using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class MeanSquaredErrorTests
{
    private const double KerasTol = 1.5e-3;   // keras' assertAlmostEqual(decimal=3)
    private static readonly double[,] Y = { { 1, 9, 2 }, { -5, -2, 6 } };
    private static readonly double[,] P = { { 4, 8, 12 }, { 8, 1, 3 } };

    private static double[] Rows() => RowMeans(Y, P, static (t, p) => (t - p) * (t - p));

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new MeanSquaredError();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("mean_squared_error"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.GetConfig().ToJsonString(), Is.EqualTo("{\"name\":\"mean_squared_error\",\"reduction\":\"sum_over_batch_size\"}"));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsArguments()
    {
        var restored = MeanSquaredError.FromConfig(JsonNode.Parse("{\"name\":\"mymse\",\"reduction\":\"sum\"}")!.AsObject());
        Assert.That((restored.Name, restored.Reduction), Is.EqualTo(("mymse", "sum")));
    }

    [Test]
    public void FromConfig_KerasNullReduction_MeansNone()
    {
        var restored = MeanSquaredError.FromConfig(JsonNode.Parse("{\"name\":\"m\",\"reduction\":null,\"dtype\":\"float32\"}")!.AsObject());
        Assert.That(restored.Reduction, Is.EqualTo("none"));
    }

    [Test]
    public void Call_MatchesFormula()
    {
        var values = new MeanSquaredError().Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        TensorAssert.AllClose(values, ToFloat(Rows()), rtol: 1e-6);
    }

    [Test]
    public void Compute_KerasTests_Match()
    {
        // keras/src/losses/losses_test.py MeanSquaredErrorTest
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var yPred = Tensor.FromArray(ToFloat(P));
        var weights = Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f } });
        Assert.Multiple(() =>
        {
            Assert.That(new MeanSquaredError().Compute(yTrue, yTrue).Item(), Is.Zero);
            Assert.That(new MeanSquaredError().Compute(yTrue, yPred).Item(), Is.EqualTo(49.5).Within(KerasTol));
            Assert.That(new MeanSquaredError().Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(113.85).Within(KerasTol));
            Assert.That(new MeanSquaredError().Compute(yTrue, yPred, weights).Item(), Is.EqualTo(767.8 / 6).Within(KerasTol));
            Assert.That(new MeanSquaredError().Compute(yTrue, yPred, Tensor.Scalar(0f)).Item(), Is.Zero);
            TensorAssert.AllClose(new MeanSquaredError(reduction: "none").Compute(yTrue, yPred, Tensor.Scalar(2.3f)), [84.3333f, 143.3666f], rtol: 0, atol: KerasTol);
            Assert.That(new MeanSquaredError(reduction: "sum").Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(227.69998).Within(KerasTol));
            Assert.That(new MeanSquaredError(reduction: "mean_with_sample_weight").Compute(yTrue, yPred, weights).Item(),
                Is.EqualTo((110.0 / 3 * 1.2 + 187.0 / 3 * 3.4) / (1.2 + 3.4)).Within(KerasTol));
        });
    }

    [Test]
    public void Compute_TimestepWeights_MatchKeras()
    {
        // keras losses_test.py test_timestep_weighted: (2, 3, 1) values, (2, 3) weights -> 97.833336
        var yTrue = Tensor.FromArray(new float[] { 1, 9, 2, -5, -2, 6 }, 2, 3, 1);
        var yPred = Tensor.FromArray(new float[] { 4, 8, 12, 8, 1, 3 }, 2, 3, 1);
        var weights = Tensor.FromArray(new float[] { 3, 6, 5, 0, 4, 2 }, 2, 3);
        var loss = new MeanSquaredError().Compute(yTrue, yPred, weights);
        double expected = (3 * 9 + 6 * 1 + 5 * 100 + 0 * 169 + 4 * 9 + 2 * 9) / 6.0;
        Assert.That(loss.Item(), Is.EqualTo(97.833336).Within(KerasTol));
        Assert.That(loss.Item(), Is.EqualTo(expected).Within(1e-4));
    }

    [Test]
    public void Call_RankOneTargetWithColumnPrediction_PerSampleLikeKeras()
    {
        // keras losses_test.py test_base_function_reduction: y_true (3,), y_pred (3, 1) -> shape (3,)
        var values = new MeanSquaredError().Call(Tensor.FromArray(new float[] { 4, 8, 12 }), Tensor.FromArray(new float[,] { { 3 }, { 0 }, { 1 } }));
        Assert.That(values.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(values, [1f, 64f, 121f]);
    }

    [Test]
    public void Compute_BroadcastableShapes_BroadcastLikeKeras()
    {
        // keras EarlyStopping docstring: loss='mse', y = np.zeros(5) against Dense(10) outputs, batch_size=1
        var one = new MeanSquaredError().Compute(Tensor.FromArray(new float[] { 2 }), Tensor.FromArray(new float[,] { { 0, 1, 2, 3 } }));
        var column = new MeanSquaredError(reduction: "none").Compute(
            Tensor.FromArray(new float[,] { { 1 }, { 2 } }), Tensor.FromArray(new float[,] { { 0, 1, 2 }, { 2, 2, 5 } }));
        Assert.That(one.Item(), Is.EqualTo((4 + 1 + 0 + 1) / 4.0).Within(1e-6));
        TensorAssert.AllClose(column, [(1 + 0 + 1) / 3f, (0 + 0 + 9) / 3f]);
    }

    [Test]
    public void Call_ShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Call(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2, 4))));
        Assert.That(ex!.Message, Does.Contain("mean_squared_error").And.Contain("(2, 3)").And.Contain("(2, 4)"));
    }

    [Test]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences()
    {
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var loss = new MeanSquaredError();
        GradientChecker.Check(xs => loss.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 0.5f, 2f })), [Tensor.FromArray(ToFloat(P))]);
        GradientChecker.Check(xs => loss.Call(yTrue, xs[0]), [Tensor.FromArray(ToFloat(P))]);
    }

    [Test]
    public void Compute_Gradient_IsTwiceErrorOverCount()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 2 }, { 3, 4 } });
        var yPred = Tensor.FromArray(new float[,] { { 2, 2 }, { 1, 5 } });
        using var tape = GradientTape.Record();
        var grad = tape.Gradient(new MeanSquaredError().Compute(yTrue, yPred), [yPred])[0];
        // d/dp mean over 4 elements of (p - t)² = 2 (p - t) / 4
        TensorAssert.AllClose(grad, [0.5f, 0f, -1f, 0.5f]);
    }
}
