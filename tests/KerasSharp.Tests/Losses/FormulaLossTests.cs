using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Saving.LegacyH5;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

/// <summary>
/// What every built-in loss gets from <see cref="FormulaLoss"/>: gradients, Keras config keys and round trips, the
/// loss table of saved compile configs, rank alignment, sample weights and reductions.
/// </summary>
public class FormulaLossTests
{
    private static readonly float[,] Positive = { { 0.2f, 0.7f, 0.4f }, { 0.9f, 0.1f, 0.5f } };
    private static readonly float[,] PositivePred = { { 0.5f, 0.3f, 0.6f }, { 0.6f, 0.4f, 0.15f } };
    private static readonly float[,] Binary = { { 0, 1, 1 }, { 1, 0, 0 } };
    private static readonly float[,] OneHot = { { 0, 1, 0 }, { 0, 0, 1 } };
    private static readonly float[,] Probabilities = { { 0.2f, 0.5f, 0.3f }, { 0.25f, 0.15f, 0.6f } };
    private static readonly float[,] Logits = { { 0.3f, -0.4f, 1.1f }, { -1.2f, 0.2f, 0.7f } };
    private static readonly float[,] Margins = { { 0.3f, -0.4f, 0.5f }, { 1.6f, 0.2f, -0.7f } };

    /// <summary>One case per loss: the loss with non-default arguments, its targets and predictions away from kinks, and its Keras config keys.</summary>
    public sealed record LossCase(string Name, Func<FormulaLoss> Create, Func<JsonObject, Loss> FromConfig, float[,] YTrue, float[,] YPred, string[] Keys);

    private static readonly string[] Plain = ["name", "reduction"];

    public static IEnumerable<TestCaseData> Cases()
    {
        LossCase[] cases =
        [
            new("MeanSquaredError", () => new MeanSquaredError("sum", "m"), MeanSquaredError.FromConfig, Positive, PositivePred, Plain),
            new("MeanAbsoluteError", () => new MeanAbsoluteError("sum", "m"), MeanAbsoluteError.FromConfig, Positive, PositivePred, Plain),
            new("MeanAbsolutePercentageError", () => new MeanAbsolutePercentageError("sum", "m"), MeanAbsolutePercentageError.FromConfig, Positive, PositivePred, Plain),
            new("MeanSquaredLogarithmicError", () => new MeanSquaredLogarithmicError("sum", "m"), MeanSquaredLogarithmicError.FromConfig, Positive, PositivePred, Plain),
            new("LogCosh", () => new LogCosh("sum", "m"), LogCosh.FromConfig, Positive, Logits, Plain),
            new("Huber", () => new Huber(0.3, "sum", "m"), Huber.FromConfig, Positive, Logits, [.. Plain, "delta"]),
            new("Poisson", () => new Poisson("sum", "m"), Poisson.FromConfig, Positive, PositivePred, Plain),
            new("KLDivergence", () => new KLDivergence("sum", "m"), KLDivergence.FromConfig, Probabilities, PositivePred, Plain),
            new("CosineSimilarity", () => new CosineSimilarity(1, "sum", "m"), CosineSimilarity.FromConfig, Positive, Logits, [.. Plain, "axis"]),
            new("Hinge", () => new Hinge("sum", "m"), Hinge.FromConfig, Binary, Margins, Plain),
            new("SquaredHinge", () => new SquaredHinge("sum", "m"), SquaredHinge.FromConfig, Binary, Margins, Plain),
            new("CategoricalHinge", () => new CategoricalHinge("sum", "m"), CategoricalHinge.FromConfig, OneHot, Margins, Plain),
            new("BinaryCrossentropy", () => new BinaryCrossentropy(true, 0.1, -1, "sum", "m"), BinaryCrossentropy.FromConfig, Binary, Logits,
                [.. Plain, "from_logits", "label_smoothing", "axis"]),
            new("BinaryFocalCrossentropy", () => new BinaryFocalCrossentropy(true, 0.4, 1.5, false, 0.1, -1, "sum", "m"), BinaryFocalCrossentropy.FromConfig,
                Binary, Probabilities, [.. Plain, "from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma"]),
            new("BinaryFocalCrossentropy logits", () => new BinaryFocalCrossentropy(false, 0.25, 3, true), BinaryFocalCrossentropy.FromConfig,
                Binary, Logits, [.. Plain, "from_logits", "label_smoothing", "axis", "apply_class_balancing", "alpha", "gamma"]),
            new("CategoricalCrossentropy", () => new CategoricalCrossentropy(false, 0.2, -1, "sum", "m"), CategoricalCrossentropy.FromConfig, OneHot, Probabilities,
                [.. Plain, "from_logits", "label_smoothing", "axis"]),
            new("CategoricalFocalCrossentropy", () => new CategoricalFocalCrossentropy(0.5, 1.5, false, 0.1, -1, "sum", "m"), CategoricalFocalCrossentropy.FromConfig,
                OneHot, Probabilities, [.. Plain, "from_logits", "label_smoothing", "axis", "alpha", "gamma"]),
            new("CategoricalFocalCrossentropy logits", () => new CategoricalFocalCrossentropy(fromLogits: true), CategoricalFocalCrossentropy.FromConfig,
                OneHot, Logits, [.. Plain, "from_logits", "label_smoothing", "axis", "alpha", "gamma"]),
            new("Dice", () => new Dice("sum", "m", [1]), Dice.FromConfig, Binary, Probabilities, [.. Plain, "axis"]),
            new("Tversky", () => new Tversky(0.3, 0.7, "sum", "m", [1]), Tversky.FromConfig, Binary, Probabilities, [.. Plain, "alpha", "beta", "axis"]),
        ];
        return cases.Select(c => new TestCaseData(c).SetArgDisplayNames(c.Name));
    }

    [TestCaseSource(nameof(Cases))]
    public void Compute_GradientWrtPrediction_MatchesFiniteDifferences(LossCase c)
    {
        var loss = c.Create();
        var yTrue = Tensor.FromArray(c.YTrue);
        GradientChecker.Check(xs => loss.Compute(yTrue, xs[0], Tensor.FromArray(new float[] { 0.5f, 2f })), [Tensor.FromArray(c.YPred)]);
        GradientChecker.Check(xs => loss.Call(yTrue, xs[0]), [Tensor.FromArray(c.YPred)]);
    }

    [TestCaseSource(nameof(Cases))]
    public void GetConfig_KerasKeysInKerasOrder(LossCase c) =>
        Assert.That(c.Create().GetConfig().Select(kv => kv.Key), Is.EqualTo(c.Keys));

    [TestCaseSource(nameof(Cases))]
    public void FromConfig_RoundTripThroughJson_KeepsConfigAndValues(LossCase c)
    {
        var original = c.Create();
        string json = original.GetConfig().ToJsonString();
        var restored = c.FromConfig(JsonNode.Parse(json)!.AsObject());
        var yTrue = Tensor.FromArray(c.YTrue);
        var yPred = Tensor.FromArray(c.YPred);
        Assert.Multiple(() =>
        {
            Assert.That(restored.GetType(), Is.EqualTo(original.GetType()));
            Assert.That(restored.GetConfig().ToJsonString(), Is.EqualTo(json));
            Assert.That(restored.Compute(yTrue, yPred).Item(), Is.EqualTo(original.Compute(yTrue, yPred).Item()));
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void FromConfig_UnknownKey_ThrowsNamingIt(LossCase c)
    {
        var config = c.Create().GetConfig();
        config["bogus"] = 1;
        var ex = Assert.Throws<ArgumentException>(() => c.FromConfig(config));
        Assert.That(ex!.Message, Does.Contain("'bogus'").And.Contain(c.Create().GetType().Name));
    }

    [TestCaseSource(nameof(Cases))]
    public void FromConfig_KerasDtypeKey_IsIgnored(LossCase c)
    {
        var config = c.Create().GetConfig();
        config["dtype"] = "float32";
        Assert.That(c.FromConfig(config).GetConfig().ContainsKey("dtype"), Is.False);
    }

    [TestCaseSource(nameof(Cases))]
    public void LegacyTrainingConfig_LossByClassName_CompilesTheLoss(LossCase c)
    {
        var original = c.Create();
        var model = new Sequential([new KerasSharp.Layers.Dense(3, inputShape: new Shape(3))]);
        var trainingConfig = new JsonObject
        {
            ["loss"] = new JsonObject { ["class_name"] = original.GetType().Name, ["config"] = original.GetConfig() },
            ["optimizer_config"] = new JsonObject { ["class_name"] = "SGD", ["config"] = new JsonObject() },
        };
        LegacyTrainingConfig.Compile(model, trainingConfig.ToJsonString(), null, "losses.h5");
        Assert.Multiple(() =>
        {
            Assert.That(model.Loss, Is.TypeOf(original.GetType()));
            Assert.That(model.Loss!.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
        });
    }

    [TestCase("mape", typeof(MeanAbsolutePercentageError))]
    [TestCase("kullback_leibler_divergence", typeof(KLDivergence))]
    [TestCase("logcosh", typeof(LogCosh))]
    [TestCase("categorical_focal_crossentropy", typeof(CategoricalFocalCrossentropy))]
    public void LegacyTrainingConfig_LossByFunctionName_CompilesTheLoss(string id, Type expected)
    {
        var model = new Sequential([new KerasSharp.Layers.Dense(3, inputShape: new Shape(3))]);
        var trainingConfig = new JsonObject
        {
            ["loss"] = id,
            ["optimizer_config"] = new JsonObject { ["class_name"] = "SGD", ["config"] = new JsonObject() },
        };
        LegacyTrainingConfig.Compile(model, trainingConfig.ToJsonString(), null, "losses.h5");
        Assert.That(model.Loss, Is.TypeOf(expected));
    }

    [Test]
    public void FromConfig_KerasWritesReductionNull_MeansNone()
    {
        var loss = Hinge.FromConfig(JsonNode.Parse("""{"name": "hinge", "reduction": null}""")!.AsObject());
        Assert.That(loss.Reduction, Is.EqualTo("none"));
    }

    [Test]
    public void FromConfig_DiceAxisAsKerasTupleOrInteger_IsRead()
    {
        var tuple = Dice.FromConfig(JsonNode.Parse("""{"name": "dice", "reduction": "sum_over_batch_size", "axis": [1, 2, 3]}""")!.AsObject());
        var single = Tversky.FromConfig(JsonNode.Parse("""{"alpha": 0.3, "axis": 1}""")!.AsObject());
        Assert.Multiple(() =>
        {
            Assert.That(tuple.Axis, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(single.Axis, Is.EqualTo(new[] { 1 }));
            Assert.That(single.Alpha, Is.EqualTo(0.3));
            Assert.That(single.Beta, Is.EqualTo(0.5));
        });
    }

    [Test]
    public void GetConfig_DoubleArgument_IsWrittenAsGiven()
    {
        // 0.3 as a double, not the float 0.30000001192092896
        Assert.That(new Tversky(alpha: 0.3).GetConfig().ToJsonString(), Does.Contain("\"alpha\":0.3,"));
    }

    [Test]
    public void GetConfig_ReturnsAFreshObjectEachCall()
    {
        var loss = new Dice(axis: [1, 2]);
        var config = loss.GetConfig();
        config["axis"]!.AsArray().Add(7);
        Assert.That(loss.GetConfig()["axis"]!.ToJsonString(), Is.EqualTo("[1,2]"));
    }

    [Test]
    public void Call_RankOneTargetWithColumnPrediction_IsAligned()
    {
        // (3,) targets with (3, 1) predictions: one value per sample, as in Keras
        var values = new LogCosh().Call(Tensor.FromArray(new float[] { 0, 1, 2 }), Tensor.FromArray(new float[,] { { 0 }, { 2 }, { 2 } }));
        TensorAssert.AllClose(values, [0f, (float)Math.Log(Math.Cosh(1)), 0f]);
    }

    [Test]
    public void Call_IncompatibleShapes_ThrowsNamingTheLoss()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Poisson().Call(Tensor.Zeros(new Shape(2, 3)), Tensor.Zeros(new Shape(2, 4))));
        Assert.That(ex!.Message, Does.Contain("'poisson'").And.Contain("(2, 3)").And.Contain("(2, 4)"));
    }

    [Test]
    public void Compute_SampleWeightsAndReductions_GoThroughTheBase()
    {
        // Poisson rows of [[1, 2]] vs [[0.5, 3]] and [[0, 1]] vs [[1, 1]]
        var yTrue = Tensor.FromArray(new float[,] { { 1, 2 }, { 0, 1 } });
        var yPred = Tensor.FromArray(new float[,] { { 0.5f, 3 }, { 1, 1 } });
        double row0 = (0.5 - Math.Log(0.5 + 1e-7) + 3 - 2 * Math.Log(3 + 1e-7)) / 2;
        double row1 = (1 + 1 - Math.Log(1 + 1e-7)) / 2;
        var weights = Tensor.FromArray(new float[] { 0.25f, 2 });
        Assert.Multiple(() =>
        {
            Assert.That(new Poisson().Compute(yTrue, yPred).Item(), Is.EqualTo((row0 + row1) / 2).Within(1e-6));
            Assert.That(new Poisson().Compute(yTrue, yPred, weights).Item(), Is.EqualTo((0.25 * row0 + 2 * row1) / 2).Within(1e-6));
            Assert.That(new Poisson("sum").Compute(yTrue, yPred, weights).Item(), Is.EqualTo(0.25 * row0 + 2 * row1).Within(1e-6));
            Assert.That(new Poisson("mean_with_sample_weight").Compute(yTrue, yPred, weights).Item(),
                Is.EqualTo((0.25 * row0 + 2 * row1) / 2.25).Within(1e-6));
            TensorAssert.AllClose(new Poisson("none").Compute(yTrue, yPred, weights), [(float)(0.25 * row0), (float)(2 * row1)]);
        });
    }
}
