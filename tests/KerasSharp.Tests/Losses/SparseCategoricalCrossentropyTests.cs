using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Losses.LossReference;

namespace KerasSharp.Tests.Losses;

public class SparseCategoricalCrossentropyTests
{
    private const double KerasTol = 1.5e-3;   // keras' assertAlmostEqual(decimal=3)

    private static readonly double[,] P = { { 0.9, 0.05, 0.05 }, { 0.5, 0.89, 0.6 }, { 0.05, 0.01, 0.94 } };
    private static readonly double[,] Logits = { { 8, 1, 1 }, { 0, 9, 1 }, { 2, 3, 5 } };

    [Test]
    public void Constructor_Defaults_MatchKeras()
    {
        var loss = new SparseCategoricalCrossentropy();
        var config = loss.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Name, Is.EqualTo("sparse_categorical_crossentropy"));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.FromLogits, Is.False);
            Assert.That(loss.IgnoreClass, Is.Null);
            Assert.That(config.Select(kv => kv.Key), Is.EqualTo(new[] { "name", "reduction", "from_logits", "ignore_class" }));
            Assert.That((bool)config["from_logits"]!, Is.False);
            Assert.That(config["ignore_class"], Is.Null);
            Assert.That(config.ToJsonString(), Does.Contain("\"ignore_class\":null"));
        });
    }

    [Test]
    public void FromConfig_RoundTrip_KeepsArguments()
    {
        var original = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: 255, reduction: "sum", name: "scce");
        var restored = SparseCategoricalCrossentropy.FromConfig(JsonNode.Parse(original.GetConfig().ToJsonString())!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(restored.FromLogits, Is.True);
            Assert.That(restored.IgnoreClass, Is.EqualTo(255));
            Assert.That(restored.Reduction, Is.EqualTo("sum"));
            Assert.That(restored.Name, Is.EqualTo("scce"));
        });
    }

    [Test]
    public void Compute_KerasDocstring_Matches()
    {
        // keras/src/losses/losses.py SparseCategoricalCrossentropy docstring
        var yTrue = Tensor.FromArray(new float[] { 1, 2 });
        var yPred = Tensor.FromArray(new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } });
        Assert.Multiple(() =>
        {
            Assert.That(new SparseCategoricalCrossentropy().Compute(yTrue, yPred).Item(), Is.EqualTo(1.177).Within(1e-3));
            Assert.That(new SparseCategoricalCrossentropy().Compute(yTrue, yPred, Tensor.FromArray(new float[] { 0.3f, 0.7f })).Item(), Is.EqualTo(0.814).Within(1e-3));
            Assert.That(new SparseCategoricalCrossentropy(reduction: "sum").Compute(yTrue, yPred).Item(), Is.EqualTo(2.354).Within(1e-3));
            TensorAssert.AllClose(new SparseCategoricalCrossentropy(reduction: "none").Compute(yTrue, yPred), [0.0513f, 2.303f], rtol: 0, atol: 1e-3);
        });
    }

    [Test]
    public void Compute_KerasTests_Match()
    {
        // keras/src/losses/losses_test.py SparseCategoricalCrossentropyTest
        var labels = Tensor.FromArray(new float[] { 0, 1, 2 });
        var labelColumn = Tensor.FromArray(new float[,] { { 0 }, { 1 }, { 2 } });
        var probs = Tensor.FromArray(ToFloat(P));
        var logits = Tensor.FromArray(ToFloat(Logits));
        var weights = Tensor.FromArray(new float[,] { { 1.2f }, { 3.4f }, { 5.6f } });
        var scce = new SparseCategoricalCrossentropy();
        var scceLogits = new SparseCategoricalCrossentropy(fromLogits: true);
        Assert.Multiple(() =>
        {
            // Keras asserts these with assert_almost_equal(decimal=3), i.e. |diff| < 1.5e-3; its numbers are truncated.
            Assert.That(scce.Compute(labels, probs).Item(), Is.EqualTo(0.3239).Within(KerasTol));
            Assert.That(scceLogits.Compute(labels, logits).Item(), Is.EqualTo(0.0573).Within(KerasTol));
            Assert.That(scce.Compute(labelColumn, probs, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(0.7449).Within(KerasTol));
            Assert.That(scceLogits.Compute(labelColumn, logits, Tensor.Scalar(2.3f)).Item(), Is.EqualTo(0.1317).Within(KerasTol));
            Assert.That(scce.Compute(labelColumn, probs, weights).Item(), Is.EqualTo(1.0696).Within(KerasTol));
            Assert.That(scceLogits.Compute(labelColumn, logits, weights).Item(), Is.EqualTo(0.31829).Within(KerasTol));
            TensorAssert.AllClose(new SparseCategoricalCrossentropy(fromLogits: true, reduction: "none").Compute(labelColumn, logits),
                [0.001822f, 0.000459f, 0.169846f], rtol: 1e-3, atol: 1e-6);
        });
    }

    [Test]
    public void Call_MatchesCategoricalFormulaOnOneHot()
    {
        int[] labels = [2, 0, 1];
        var values = new SparseCategoricalCrossentropy().Call(Tensor.FromArray(labels), Tensor.FromArray(ToFloat(P)));
        var valuesLogits = new SparseCategoricalCrossentropy(fromLogits: true).Call(Tensor.FromArray(labels), Tensor.FromArray(ToFloat(Logits)));
        Assert.That(values.Shape, Is.EqualTo(new Shape(3)));
        TensorAssert.AllClose(values, ToFloat(CceRows(OneHot(labels, 3), P)), rtol: 1e-5);
        TensorAssert.AllClose(valuesLogits, ToFloat(CceRows(OneHot(labels, 3), Logits, fromLogits: true)), rtol: 1e-4, atol: 1e-6);
    }

    [Test]
    public void Call_LabelShapes_BatchAndBatchByOneAgree()
    {
        var yPred = Tensor.FromArray(ToFloat(P));
        var a = new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 2, 0, 1 }), yPred);
        var b = new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[,] { { 2 }, { 0 }, { 1 } }), yPred);
        TensorAssert.AllClose(a, b, rtol: 0, atol: 0);
    }

    [Test]
    public void Call_LabelOutOfRange_ThrowsKerasMessageBeforeComputing()
    {
        var yPred = Tensor.Full(new Shape(4, 10), 0.1f);
        var ex = Assert.Throws<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 1, 2, 3, 10 }), yPred));
        Assert.That(ex!.Message, Does.StartWith("Received a label value of 10 which is outside the valid range of [0, 10)."));
        Assert.That(ex.Message, Does.Contain("sample 3"));
    }

    [Test]
    public void Compute_NegativeLabel_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().Compute(Tensor.FromArray(new float[] { -1, 0 }), Tensor.FromArray(new float[,] { { 0.5f, 0.5f }, { 0.5f, 0.5f } })));
        Assert.That(ex!.Message, Does.StartWith("Received a label value of -1 which is outside the valid range of [0, 2)."));
    }

    [TestCase(1.5f)]
    [TestCase(float.NaN)]
    public void Call_NonIntegerLabel_Throws(float label)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 0, label }), Tensor.Full(new Shape(2, 3), 0.3f)));
        Assert.That(ex!.Message, Does.Contain("which is not an integer class id in the valid range of [0, 3)").And.Contain("sample 1"));
    }

    [Test]
    public void Call_LabelShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new SparseCategoricalCrossentropy().Call(Tensor.FromArray(new float[] { 0, 1, 2 }), Tensor.Full(new Shape(2, 3), 0.3f)));
        Assert.That(ex!.Message, Does.Contain("same shape up until the last dimension").And.Contain("(3,)").And.Contain("(2, 3)"));
    }

    [Test]
    public void Compute_IgnoreClass_KerasTestValues()
    {
        // keras losses_test.py test_ignore_class: [[0.0, 1.480129]]
        var logits = Tensor.FromArray(new float[] { 0.854f, 0.698f, 0.598f, 0.088f, 0.86f, 0.018f }, 1, 2, 3);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true, ignoreClass: -1, reduction: "none");
        var values = loss.Compute(Tensor.FromArray(new float[] { -1, 2 }, 1, 2), logits);
        var valuesColumn = loss.Compute(Tensor.FromArray(new float[] { -1, 2 }, 1, 2, 1), logits);
        Assert.That(values.Shape, Is.EqualTo(new Shape(1, 2)));
        TensorAssert.AllClose(values, [0f, 1.480129f], rtol: 1e-5, atol: 1e-6);
        TensorAssert.AllClose(valuesColumn, [0f, 1.480129f], rtol: 1e-5, atol: 1e-6);
    }

    [Test]
    public void Compute_IgnoreClass_ExcludedFromMeanLikeKeras()
    {
        // Keras masks ignored samples: sum_over_batch_size divides by the number of kept samples; "sum" just sums.
        int[] labels = [255, 0, 2, 255];
        var probs = new double[,] { { 0, 0, 0 }, { 0.7, 0.2, 0.1 }, { 0.2, 0.3, 0.5 }, { 0.3, 0.3, 0.4 } };
        var yTrue = Tensor.FromArray(labels);
        var yPred = Tensor.FromArray(ToFloat(probs));
        double l1 = -Math.Log(0.7), l2 = -Math.Log(0.5);
        Assert.Multiple(() =>
        {
            Assert.That(new SparseCategoricalCrossentropy(ignoreClass: 255).Compute(yTrue, yPred).Item(), Is.EqualTo((l1 + l2) / 2).Within(1e-5));
            Assert.That(new SparseCategoricalCrossentropy(ignoreClass: 255, reduction: "sum").Compute(yTrue, yPred).Item(), Is.EqualTo(l1 + l2).Within(1e-5));
            TensorAssert.AllClose(new SparseCategoricalCrossentropy(ignoreClass: 255, reduction: "none").Compute(yTrue, yPred),
                [0f, (float)l1, (float)l2, 0f], rtol: 1e-5, atol: 1e-7);
            // with sample weights: sum(w·loss) / kept count
            Assert.That(new SparseCategoricalCrossentropy(ignoreClass: 255).Compute(yTrue, yPred, Tensor.FromArray(new float[] { 9, 2, 3, 9 })).Item(),
                Is.EqualTo((2 * l1 + 3 * l2) / 2).Within(1e-5));
        });
    }

    [Test]
    public void Compute_AllIgnored_IsZero()
    {
        var loss = new SparseCategoricalCrossentropy(ignoreClass: -1).Compute(Tensor.FromArray(new float[] { -1, -1 }), Tensor.Full(new Shape(2, 3), 0.2f));
        Assert.That(loss.Item(), Is.Zero);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences(bool fromLogits)
    {
        var yTrue = Tensor.FromArray(new float[] { 2, 0, 1 });
        var yPred = fromLogits
            ? Tensor.FromArray(new float[,] { { 1.5f, -0.5f, 0.2f }, { 0.1f, 2.0f, -1.0f }, { 0.3f, 0.3f, 0.9f } })
            : Tensor.FromArray(new float[,] { { 0.5f, 0.3f, 0.4f }, { 0.2f, 0.6f, 0.35f }, { 0.45f, 0.25f, 0.3f } });
        var scce = new SparseCategoricalCrossentropy(fromLogits: fromLogits);
        GradientChecker.Check(xs => scce.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 1.5f, 0.5f, 1f })), [yPred]);
        GradientChecker.Check(xs => scce.Call(yTrue, xs[0]), [yPred]);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Compute_IgnoreClass_GradientMatchesAndIgnoredRowsGetZero(bool fromLogits)
    {
        var yTrue = Tensor.FromArray(new float[] { 2, -1, 1 });
        var yPred = Tensor.FromArray(new float[,] { { 0.5f, 0.3f, 0.4f }, { 0f, 0f, 0f }, { 0.45f, 0.25f, 0.3f } });
        var scce = new SparseCategoricalCrossentropy(fromLogits: fromLogits, ignoreClass: -1);
        GradientChecker.Check(xs => scce.Compute(yTrue, xs[0]), [yPred]);
        using var tape = GradientTape.Record();
        var grad = tape.Gradient(scce.Compute(yTrue, yPred), [yPred])[0];
        Assert.Multiple(() =>
        {
            Assert.That(grad.ToArray(), Has.All.Matches<float>(float.IsFinite));
            Assert.That(grad.ToArray()[3..6], Is.All.Zero);
        });
    }
}
