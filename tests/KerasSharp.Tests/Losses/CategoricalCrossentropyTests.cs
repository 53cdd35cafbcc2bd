using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class CategoricalCrossentropyTests
{
    private const double KerasTol = 1.5e-3;   // keras' assertAlmostEqual(decimal=3)

    private static readonly double[,] Y = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
    // Row 2 does not sum to 1, so the renormalisation matters.
    private static readonly double[,] P = { { 0.9, 0.05, 0.05 }, { 0.5, 0.89, 0.6 }, { 0.05, 0.01, 0.94 } };
    private static readonly double[,] Logits = { { 8, 1, 1 }, { 0, 9, 1 }, { 2, 3, 5 } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new CategoricalCrossentropy();
        var config = loss.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("categorical_crossentropy"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.FromLogits, Is.False);
            Assert.That(loss.LabelSmoothing, Is.Zero);
            Assert.That(loss.Axis, Is.EqualTo(-1));
            Assert.That(config.Select(kv => kv.Key), Is.EqualTo(new[] { "name", "reduction", "from_logits", "label_smoothing", "axis" }));
            Assert.That((bool)config["from_logits"]!, Is.False);
            Assert.That((double)config["label_smoothing"]!, Is.Zero);
            Assert.That((int)config["axis"]!, Is.EqualTo(-1));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsArguments()
    {
        var original = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1, axis: -1, reduction: "none", name: "cce");
        var restored = CategoricalCrossentropy.FromConfig(JsonNode.Parse(original.GetConfig().ToJsonString())!.AsObject());
        Assert.That(restored.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
    }

    [Test]
    public void Compute_KerasDocstring_Matches()
    {
        // keras/src/losses/losses.py CategoricalCrossentropy docstring
        var yTrue = Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 0, 1 } });
        var yPred = Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
        Assert.Multiple(() =>
        {
            Assert.That(new CategoricalCrossentropy().Compute(yTrue, yPred).Item(), Is.EqualTo(1.177).Within(1e-3));
            Assert.That(new CategoricalCrossentropy().Compute(yTrue, yPred, Tensor.FromArray(new float[] { 0.3f, 0.7f })).Item(), Is.EqualTo(0.814).Within(1e-3));
            Assert.That(new CategoricalCrossentropy(reduction: "sum").Compute(yTrue, yPred).Item(), Is.EqualTo(2.354).Within(1e-3));
            TensorAssert.AllClose(new CategoricalCrossentropy(reduction: "none").Compute(yTrue, yPred), [0.0513f, 2.303f], rtol: 0, atol: 1e-3);
        });
    }

    [Test]
    public void Compute_KerasTests_Match()
    {
        // keras/src/losses/losses_test.py CategoricalCrossentropyTest
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var probs = Tensor.FromArray(ToFloat(P));
        var logits = Tensor.FromArray(ToFloat(Logits));
        var weights = Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f }, { 5.6f } });
        var cce = new CategoricalCrossentropy();
        var cceLogits = new CategoricalCrossentropy(fromLogits: true);
        Assert.Multiple(() =>
        {
            // Keras asserts these with assert_almost_equal(decimal=3), i.e. |diff| < 1.5e-3; its numbers are truncated.
            Assert.That(cce.Compute(yTrue, probs).Item(), Is.EqualTo(0.3239).Within(KerasTol));
            Assert.That(cceLogits.Compute(yTrue, logits).Item(), Is.EqualTo(0.0573).Within(KerasTol));
            Assert.That(cce.Compute(yTrue, probs, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(0.7449).Within(KerasTol));
            Assert.That(cceLogits.Compute(yTrue, logits, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(0.1317).Within(KerasTol));
            Assert.That(cce.Compute(yTrue, probs, weights).Item(), Is.EqualTo(1.0696).Within(KerasTol));
            Assert.That(cceLogits.Compute(yTrue, logits, weights).Item(), Is.EqualTo(0.31829).Within(KerasTol));
            TensorAssert.AllClose(new CategoricalCrossentropy(fromLogits: true, reduction: "none").Compute(yTrue, logits),
                [0.001822f, 0.000459f, 0.169846f], rtol: 1e-3, atol: 1e-6);
        });
    }

    [Test]
    public void Compute_SampleWeights_MatchFormula()
    {
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var rows = CceRows(Y, P);
        var rowsLogits = CceRows(Y, Logits, fromLogits: true);
        double[] w = [1.2, 3.4, 5.6];
        var weights = Tensor.FromArray(new float[] { 1.2f, 3.4f, 5.6f });
        Assert.Multiple(() =>
        {
            Assert.That(new CategoricalCrossentropy().Compute(yTrue, Tensor.FromArray(ToFloat(P)), Tensor.Scalar(2.3f)).Item(),
                Is.EqualTo(2.3 * Mean(rows)).Within(1e-5));
            Assert.That(new CategoricalCrossentropy().Compute(yTrue, Tensor.FromArray(ToFloat(P)), weights).Item(),
                Is.EqualTo((w[0] * rows[0] + w[1] * rows[1] + w[2] * rows[2]) / 3).Within(1e-5));
            Assert.That(new CategoricalCrossentropy(fromLogits: true).Compute(yTrue, Tensor.FromArray(ToFloat(Logits)), weights).Item(),
                Is.EqualTo((w[0] * rowsLogits[0] + w[1] * rowsLogits[1] + w[2] * rowsLogits[2]) / 3).Within(1e-5));
        });
    }

    [Test]
    public void Call_Probabilities_MatchesFormula()
    {
        var values = new CategoricalCrossentropy().Call(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        Assert.That(values.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(values, ToFloat(CceRows(Y, P)), rtol: 1e-5);
    }

    [Test]
    public void Compute_LogitsAgreeWithSoftmaxProbabilities()
    {
        var probs = new double[3, 3];
        for (int r = 0; r < 3; r++)
        {
            double s = 0;
            for (int c = 0; c < 3; c++)
            {
                s += Math.Exp(Logits[r, c]);
            }
            for (int c = 0; c < 3; c++)
            {
                probs[r, c] = Math.Exp(Logits[r, c]) / s;
            }
        }
        var yTrue = Tensor.FromArray(ToFloat(Y));
        var fromLogits = new CategoricalCrossentropy(fromLogits: true, reduction: "none").Compute(yTrue, Tensor.FromArray(ToFloat(Logits)));
        var fromProbs = new CategoricalCrossentropy(reduction: "none").Compute(yTrue, Tensor.FromArray(ToFloat(probs)));
        TensorAssert.AllClose(fromLogits, fromProbs, rtol: 1e-3, atol: 1e-6);
        TensorAssert.AllClose(fromLogits, ToFloat(CceRows(Y, Logits, fromLogits: true)), rtol: 1e-4, atol: 1e-6);
    }

    [Test]
    public void Compute_ProbabilityZeroOnTrueClass_ClippedAndFinite()
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 } });
        var yPred = Tensor.FromArray(new float[,] { { 0, 1, 0 }, { 0, 1, 0 } });
        using var tape = GradientTape.Record();
        var loss = new CategoricalCrossentropy(reduction: "none").Compute(yTrue, yPred);
        var grad = tape.Gradient(Ops.Sum(loss), [yPred])[0];
        Assert.Multiple(() =>
        {
            // -log(1e-7) and -log(1 - 1e-7 in float32)
            TensorAssert.AllClose(loss, [(float)-Math.Log(Eps), (float)-Math.Log(OneMinusEps)], rtol: 1e-5);
            Assert.That(grad.ToArray(), Has.All.Matches<float>(float.IsFinite));
        });
    }

    [Test]
    public void Compute_LabelSmoothingWithLogits_MatchesKeras()
    {
        // keras losses_test.py test_label_smoothing: 400·s/3
        var loss = new CategoricalCrossentropy(fromLogits: true, labelSmoothing: 0.1).Compute(
            Tensor.FromArray(new float[,] { { 1, 0, 0 } }), Tensor.FromArray(new float[,] { { 100, -100, -100 } }));
        Assert.That(loss.Item(), Is.EqualTo(400.0 * 0.1 / 3.0).Within(1e-3));
    }

    [Test]
    public void Compute_LabelSmoothingWithProbabilities_MatchesFormula()
    {
        var loss = new CategoricalCrossentropy(labelSmoothing: 0.2).Compute(Tensor.FromArray(ToFloat(Y)), Tensor.FromArray(ToFloat(P)));
        Assert.That(loss.Item(), Is.EqualTo(Mean(CceRows(Y, P, smoothing: 0.2))).Within(1e-5));
    }

    [Test]
    public void Call_AxisZero_ReducesFirstAxis()
    {
        // Classes along axis 0: the transposed problem must give the same per-sample values.
        var yT = new float[3, 3];
        var pT = new float[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                yT[j, i] = (float)Y[i, j];
                pT[j, i] = (float)P[i, j];
            }
        }
        var values = new CategoricalCrossentropy(axis: 0).Call(Tensor.FromArray(yT), Tensor.FromArray(pT));
        TensorAssert.AllClose(values, ToFloat(CceRows(Y, P)), rtol: 1e-5);
    }

    [Test]
    public void Call_ShapeMismatch_ThrowsNamingBothShapes()
    {
        // keras losses_test.py test_shape_mismatch
        var ex = Assert.Throws<ArgumentException>(() => new CategoricalCrossentropy().Call(
            Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 2 } }), Tensor.FromArray(ToFloat(P))));
        Assert.That(ex!.Message, Does.Contain("must have the same shape").And.Contain("(3, 1)").And.Contain("(3, 3)"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences(bool fromLogits)
    {
        var yTrue = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 0.3f, 0.7f } });
        var yPred = fromLogits
            ? Tensor.FromArray(new float[,] { { 1.5f, -0.5f, 0.2f }, { 0.1f, 2.0f, -1.0f } })
            : Tensor.FromArray(new float[,] { { 0.5f, 0.3f, 0.4f }, { 0.2f, 0.6f, 0.35f } });
        var cce = new CategoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: 0.1);
        GradientChecker.Check(xs => cce.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 1.5f, 0.5f })), [yPred]);
        GradientChecker.Check(xs => cce.Call(yTrue, xs[0]), [yPred]);
    }
}
