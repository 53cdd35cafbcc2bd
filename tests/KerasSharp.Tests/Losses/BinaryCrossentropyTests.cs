using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class BinaryCrossentropyTests
{
    private static readonly double[,] Y = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
    private static readonly double[,] P = { { 0.9, 0.1, 0.2 }, { 0.3, 0.8, 0.1 }, { 0.1, 0.2, 0.7 } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new BinaryCrossentropy();
        var config = loss.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("binary_crossentropy"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.FromLogits, Is.False);
            Assert.That(loss.LabelSmoothing, Is.Zero);
            Assert.That(loss.Axis, Is.EqualTo(-1));
            Assert.That(config.Select(kv => kv.Key), Is.EqualTo(new[] { "name", "reduction", "from_logits", "label_smoothing", "axis" }));
            Assert.That((string?)config["name"], Is.EqualTo("binary_crossentropy"));
            Assert.That((string?)config["reduction"], Is.EqualTo("sum_over_batch_size"));
            Assert.That((bool)config["from_logits"]!, Is.False);
            Assert.That((double)config["label_smoothing"]!, Is.Zero);
            Assert.That((int)config["axis"]!, Is.EqualTo(-1));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsArguments()
    {
        var original = new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.2, axis: 1, reduction: "sum", name: "my_bce");
        var restored = BinaryCrossentropy.FromConfig(System.Text.Json.Nodes.JsonNode.Parse(original.GetConfig().ToJsonString())!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(restored.FromLogits, Is.True);
            Assert.That(restored.LabelSmoothing, Is.EqualTo(0.2));
            Assert.That(restored.Axis, Is.EqualTo(1));
            Assert.That(restored.Reduction, Is.EqualTo("sum"));
            Assert.That(restored.Name, Is.EqualTo("my_bce"));
        });
    }

    [Test]
    public void FromConfig_UnknownKey_Throws()
    {
        var config = new BinaryCrossentropy().GetConfig();
        config["gamma"] = 2.0;
        var ex = Assert.Throws<ArgumentException>(() => BinaryCrossentropy.FromConfig(config));
        Assert.That(ex!.Message, Does.Contain("'gamma'").And.Contain("BinaryCrossentropy"));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Constructor_LabelSmoothingOutOfRange_Throws(double smoothing)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BinaryCrossentropy(labelSmoothing: smoothing));
    }

    [Test]
    public void Call_Probabilities_MatchesFormulaPerSample()
    {
        var values = new BinaryCrossentropy().Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        Assert.That(values.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(values, ToFloat(BceRows(Y, P)), rtol: 1e-5);
    }

    [Test]
    public void Compute_KerasTestUnweighted_Is0_20046903()
    {
        // keras/src/losses/losses_test.py BinaryCrossentropyTest.test_unweighted
        var loss = new BinaryCrossentropy().Compute(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        Assert.That(loss.Item(), Is.EqualTo(0.20046903).Within(1e-6));
        Assert.That(loss.Item(), Is.EqualTo(Mean(BceRows(Y, P))).Within(1e-6));
    }

    [Test]
    public void Compute_ProbabilitiesAtZeroAndOne_ClippedAndFinite()
    {
        // keras losses_test.py: y_true [[1,0],[1,0]], y_pred [[1,1],[1,0]] -> 3.98559 (clipping to [1e-7, 1-1e-7])
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 0 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } });
        var loss = new BinaryCrossentropy().Compute(yTrue, yPred);
        double expected = Mean(BceRows(new double[,] { { 1, 0 }, { 1, 0 } }, new double[,] { { 1, 1 }, { 1, 0 } }));
        Assert.Multiple(() =>
        {
            Assert.That(float.IsFinite(loss.Item()), Is.True);
            Assert.That(loss.Item(), Is.EqualTo(3.98559).Within(1e-4));
            Assert.That(loss.Item(), Is.EqualTo(expected).Within(1e-4));
        });
    }

    [Test]
    public void Compute_ProbabilitiesAtZeroAndOne_GradientIsFinite()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0, 0, 1 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 1, 0, 0 } });
        using var tape = GradientTape.Record();
        var loss = new BinaryCrossentropy().Compute(yTrue, yPred);
        var grad = tape.Gradient(loss, [yPred])[0];
        Assert.That(grad.ToArray(), Has.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void Compute_KerasSampleWeightAndReductions_MatchKeras()
    {
        // keras losses_test.py BinaryCrossentropyTest: scalar weight 2.3 -> 9.1668, weights [[1.2],[3.4]] -> 4.7827
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 0 } });
        var yPred = Tensor.FromArray(new float[,] { { 1, 1 }, { 1, 0 } });
        var bce = new BinaryCrossentropy();
        Assert.Multiple(() =>
        {
            Assert.That(bce.Compute(yTrue, yPred, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(9.1668).Within(1e-3));
            Assert.That(bce.Compute(yTrue, yPred, Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f } })).Item(), Is.EqualTo(4.7827).Within(1e-3));
        });
    }

    [Test]
    public void Compute_LogitsKerasDocstring_Matches()
    {
        // keras/src/losses/losses.py BinaryCrossentropy docstring
        var yTrue = Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } });
        var logits = Tensor.FromArray(new float[,] { { -18.6f, 0.51f }, { 2.94f, -12.8f } });
        var weights = Tensor.FromArray(new float[] { 0.8f, 0.2f });
        Assert.Multiple(() =>
        {
            Assert.That(new BinaryCrossentropy(fromLogits: true).Compute(yTrue, logits).Item(), Is.EqualTo(0.8654).Within(1e-4));
            Assert.That(new BinaryCrossentropy(fromLogits: true).Compute(yTrue, logits, weights).Item(), Is.EqualTo(0.243).Within(1e-3));
            Assert.That(new BinaryCrossentropy(fromLogits: true, reduction: "sum").Compute(yTrue, logits).Item(), Is.EqualTo(1.730).Within(1e-3));
            TensorAssert.AllClose(new BinaryCrossentropy(fromLogits: true, reduction: "none").Compute(yTrue, logits), [0.235f, 1.496f], rtol: 0, atol: 1e-3);
        });
    }

    [Test]
    public void Compute_LogitsRank1_IsOneSampleLikeKeras()
    {
        // Docstring example 1: a (4,) target is one sample of 4 values.
        var loss = new BinaryCrossentropy(fromLogits: true).Compute(
            Tensor.FromArray(new float[] { 0, 1, 0, 0 }), Tensor.FromArray(new float[] { -18.6f, 0.51f, 2.94f, -12.8f }));
        Assert.That(loss.Shape, Is.EqualTo(Shape.Scalar));
        Assert.That(loss.Item(), Is.EqualTo(0.8654).Within(1e-4));
    }

    [Test]
    public void Call_FunctionDocstring_Matches()
    {
        // keras.losses.binary_crossentropy docstring: [0.916, 0.714]
        var values = new BinaryCrossentropy().Call(
            Tensor.FromArray(new float[,] { { 0, 1 }, { 0, 0 } }), Tensor.FromArray(new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }));
        TensorAssert.AllClose(values, [0.916f, 0.714f], rtol: 0, atol: 1e-3);
    }

    [Test]
    public void Compute_KerasLogitsTests_Match()
    {
        // keras losses_test.py: unweighted 3.3333, scalar 2.3 -> 7.666, weights [4, 3] -> 10.0, none -> [0, 6.666]
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0, 1 }, { 0, 1, 1 } });
        var logits = Tensor.FromArray(new float[,] { { 10, -10, 10 }, { 10, 10, -10 } });
        var bce = new BinaryCrossentropy(fromLogits: true);
        Assert.Multiple(() =>
        {
            Assert.That(bce.Compute(yTrue, logits).Item(), Is.EqualTo(3.3333).Within(1e-3));
            Assert.That(bce.Compute(yTrue, logits, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(7.666).Within(1e-3));
            Assert.That(bce.Compute(yTrue, logits, Tensor.FromArray(new float[] { 4, 3 })).Item(), Is.EqualTo(10.0).Within(1e-3));
            TensorAssert.AllClose(new BinaryCrossentropy(fromLogits: true, reduction: "none").Compute(yTrue, logits), [0f, 6.666f], rtol: 0, atol: 1e-3);
        });
    }

    [Test]
    public void Compute_LogitsAgreeWithProbabilities()
    {
        var z = new double[,] { { -2.5, 0.3, 1.7 }, { 0.0, -0.8, 3.1 } };
        var y = new double[,] { { 0, 1, 1 }, { 1, 0, 0 } };
        var p = new double[2, 3];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                p[i, j] = Sigmoid(z[i, j]);
            }
        }
        var fromLogits = new BinaryCrossentropy(fromLogits: true).Compute(Tensor.FromArray(ToFloat(y)), Tensor.FromArray(ToFloat(z))).Item();
        var fromProbs = new BinaryCrossentropy().Compute(Tensor.FromArray(ToFloat(y)), Tensor.FromArray(ToFloat(p))).Item();
        Assert.Multiple(() =>
        {
            Assert.That(fromLogits, Is.EqualTo(fromProbs).Within(1e-5));
            Assert.That(fromLogits, Is.EqualTo(Mean(BceRows(y, z, fromLogits: true))).Within(1e-5));
        });
    }

    [Test]
    public void Compute_LargeLogits_StableAndFinite()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 0, 1, 1, 0 } });
        var logits = Tensor.FromArray(new float[,] { { 500f, -500f, 90f, -90f } });
        var loss = new BinaryCrossentropy(fromLogits: true).Compute(yTrue, logits).Item();
        Assert.That(loss, Is.EqualTo((500 + 500 + 0 + 0) / 4.0).Within(1e-3));
    }

    [Test]
    public void Compute_LabelSmoothingWithLogits_MatchesKeras()
    {
        // keras losses_test.py test_label_smoothing: (10 + 5·s) / 3
        var loss = new BinaryCrossentropy(fromLogits: true, labelSmoothing: 0.1).Compute(
            Tensor.FromArray(new float[,] { { 1, 0, 1 } }), Tensor.FromArray(new float[,] { { 10, -10, -10 } }));
        Assert.That(loss.Item(), Is.EqualTo((10.0 + 5.0 * 0.1) / 3.0).Within(1e-4));
    }

    [Test]
    public void Compute_LabelSmoothingWithProbabilities_MatchesFormula()
    {
        var loss = new BinaryCrossentropy(labelSmoothing: 0.3).Compute(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        Assert.That(loss.Item(), Is.EqualTo(Mean(BceRows(Y, P, smoothing: 0.3))).Within(1e-5));
    }

    [Test]
    public void Compute_RankOneTargetWithColumnPrediction_Aligns()
    {
        var yTrue = Tensor.FromArray(new float[] { 1, 0, 1 });
        var yPred = Tensor.FromArray(new float[,] { { 0.8f }, { 0.3f }, { 0.4f } });
        var bce = new BinaryCrossentropy(reduction: "none");
        var values = bce.Compute(yTrue, yPred);
        Assert.That(values.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(values, [(float)Bce(1, 0.8, false), (float)Bce(0, 0.3, false), (float)Bce(1, 0.4, false)], rtol: 1e-5);
    }

    [Test]
    public void Call_AxisZero_AveragesOverFirstAxis()
    {
        var values = new BinaryCrossentropy(axis: 0).Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        var expected = new float[3];
        for (int c = 0; c < 3; c++)
        {
            expected[c] = (float)((Bce(Y[0, c], P[0, c], false) + Bce(Y[1, c], P[1, c], false) + Bce(Y[2, c], P[2, c], false)) / 3);
        }
        TensorAssert.AllClose(values, expected, rtol: 1e-5);
    }

    [Test]
    public void Call_ShapeMismatch_ThrowsNamingBothShapes()
    {
        // keras losses_test.py test_shape_mismatch
        var ex = Assert.Throws<ArgumentException>(() => new BinaryCrossentropy().Call(
            Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 2 } }), Tensor.FromArray(ToFloat(P))));
        Assert.That(ex!.Message, Does.Contain("must have the same shape").And.Contain("(3, 1)").And.Contain("(3, 3)"));
    }

    [Test]
    public void Compute_LogitAtZero_GradientIsSigmoidMinusLabel()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0 } });
        var logits = Tensor.FromArray(new float[,] { { 0, 0 } });
        using var tape = GradientTape.Record();
        var loss = new BinaryCrossentropy(fromLogits: true).Compute(yTrue, logits);
        var grad = tape.Gradient(loss, [logits])[0];
        // d/dz mean(bce) = (sigmoid(0) - y) / 2
        TensorAssert.AllClose(grad, [-0.25f, 0.25f], rtol: 1e-6);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences(bool fromLogits)
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0, 1 }, { 0, 1, 0 } });
        var yPred = fromLogits
            ? Tensor.FromArray(new float[,] { { 0.7f, -1.2f, 2.0f }, { 0.4f, -0.3f, -2.2f } })
            : Tensor.FromArray(new float[,] { { 0.7f, 0.2f, 0.6f }, { 0.4f, 0.35f, 0.75f } });
        var bce = new BinaryCrossentropy(fromLogits: fromLogits, labelSmoothing: 0.1);
        GradientChecker.Check(xs => bce.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 0.5f, 2f })), [yPred]);
        GradientChecker.Check(xs => bce.Call(yTrue, xs[0]), [yPred]);
    }
}
