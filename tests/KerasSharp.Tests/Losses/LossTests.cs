using KerasSharp.Engine;
using KerasSharp.Losses;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Losses;

public class LossTests
{
    /// <summary>A user-defined loss: per-sample sum of absolute errors.</summary>
    private sealed class SumAbsoluteError(string name = "", string reduction = "sum_over_batch_size") : Loss(name, reduction)
    {
        public override Tensor Call(Tensor yTrue, Tensor yPred) => Ops.Sum(Ops.Abs(Ops.Subtract(yPred, yTrue)), -1);
    }

    // per-sample losses [1, 2, 3, 6]
    private static readonly Tensor YTrue = Tensor.Zeros(new Shape(4, 2));
    private static readonly Tensor YPred = Tensor.FromArray(new float[,] { { 1, 0 }, { 1, -1 }, { 0, 3 }, { 2, 4 } });

    [TestCase("BinaryCrossentropy", typeof(BinaryCrossentropy))]
    [TestCase("binary_crossentropy", typeof(BinaryCrossentropy))]
    [TestCase("bce", typeof(BinaryCrossentropy))]
    [TestCase("BCE", typeof(BinaryCrossentropy))]
    [TestCase("CategoricalCrossentropy", typeof(CategoricalCrossentropy))]
    [TestCase("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [TestCase("SparseCategoricalCrossentropy", typeof(SparseCategoricalCrossentropy))]
    [TestCase("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [TestCase("MeanSquaredError", typeof(MeanSquaredError))]
    [TestCase("mean_squared_error", typeof(MeanSquaredError))]
    [TestCase("mse", typeof(MeanSquaredError))]
    [TestCase("MSE", typeof(MeanSquaredError))]
    [TestCase("MeanAbsoluteError", typeof(MeanAbsoluteError))]
    [TestCase("mean_absolute_error", typeof(MeanAbsoluteError))]
    [TestCase("mae", typeof(MeanAbsoluteError))]
    [TestCase("MAE", typeof(MeanAbsoluteError))]
    [TestCase("Huber", typeof(Huber))]
    [TestCase("huber", typeof(Huber))]
    [TestCase("BinaryFocalCrossentropy", typeof(BinaryFocalCrossentropy))]
    [TestCase("binary_focal_crossentropy", typeof(BinaryFocalCrossentropy))]
    [TestCase("CategoricalFocalCrossentropy", typeof(CategoricalFocalCrossentropy))]
    [TestCase("categorical_focal_crossentropy", typeof(CategoricalFocalCrossentropy))]
    [TestCase("KLDivergence", typeof(KLDivergence))]
    [TestCase("kl_divergence", typeof(KLDivergence))]
    [TestCase("kld", typeof(KLDivergence))]
    [TestCase("KLD", typeof(KLDivergence))]
    [TestCase("kullback_leibler_divergence", typeof(KLDivergence))]
    [TestCase("Poisson", typeof(Poisson))]
    [TestCase("poisson", typeof(Poisson))]
    [TestCase("MeanAbsolutePercentageError", typeof(MeanAbsolutePercentageError))]
    [TestCase("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError))]
    [TestCase("mape", typeof(MeanAbsolutePercentageError))]
    [TestCase("MAPE", typeof(MeanAbsolutePercentageError))]
    [TestCase("MeanSquaredLogarithmicError", typeof(MeanSquaredLogarithmicError))]
    [TestCase("mean_squared_logarithmic_error", typeof(MeanSquaredLogarithmicError))]
    [TestCase("msle", typeof(MeanSquaredLogarithmicError))]
    [TestCase("MSLE", typeof(MeanSquaredLogarithmicError))]
    [TestCase("CosineSimilarity", typeof(CosineSimilarity))]
    [TestCase("cosine_similarity", typeof(CosineSimilarity))]
    [TestCase("LogCosh", typeof(LogCosh))]
    [TestCase("log_cosh", typeof(LogCosh))]
    [TestCase("logcosh", typeof(LogCosh))]
    [TestCase("Hinge", typeof(Hinge))]
    [TestCase("hinge", typeof(Hinge))]
    [TestCase("SquaredHinge", typeof(SquaredHinge))]
    [TestCase("squared_hinge", typeof(SquaredHinge))]
    [TestCase("CategoricalHinge", typeof(CategoricalHinge))]
    [TestCase("categorical_hinge", typeof(CategoricalHinge))]
    [TestCase("Dice", typeof(Dice))]
    [TestCase("dice", typeof(Dice))]
    [TestCase("Tversky", typeof(Tversky))]
    [TestCase("tversky", typeof(Tversky))]
    public void Get_KerasIdentifier_ReturnsLossWithDefaults(string identifier, Type expected)
    {
        var loss = Loss.Get(identifier);
        Assert.Multiple(() =>
        {
            Assert.That(loss, Is.TypeOf(expected));
            Assert.That(loss.Reduction, Is.EqualTo("sum_over_batch_size"));
            Assert.That(loss.GetConfig().ToJsonString(), Is.EqualTo(((Loss)Activator.CreateInstance(expected, GetDefaults(expected))!).GetConfig().ToJsonString()));
        });
    }

    private static object?[] GetDefaults(Type type) =>
        type.GetConstructors()[0].GetParameters().Select(p => p.DefaultValue).ToArray();

    [Test]
    public void Get_EachCall_ReturnsNewInstance()
    {
        var first = Loss.Get("mse");
        var second = Loss.Get("mse");
        Assert.That(second, Is.Not.SameAs(first));
    }

    [Test]
    public void ImplicitConversion_FromString_UsesGet()
    {
        Loss loss = "sparse_categorical_crossentropy";
        Assert.That(loss, Is.TypeOf<SparseCategoricalCrossentropy>());
    }

    // Keras' ALL_OBJECTS_DICT lookup is exact: no "cce", "huber_loss" or other casings.
    [TestCase("foo")]
    [TestCase("cce")]
    [TestCase("CCE")]
    [TestCase("huber_loss")]
    [TestCase("Mse")]
    [TestCase("meanSquaredError")]
    [TestCase("")]
    public void Get_UnknownIdentifier_ThrowsListingValidNames(string identifier)
    {
        var ex = Assert.Throws<ArgumentException>(() => Loss.Get(identifier));
        Assert.That(ex!.Message, Does.StartWith($"Could not interpret loss identifier: '{identifier}'. Valid identifiers: "));
        foreach (var id in Loss.ValidIdentifiers)
        {
            Assert.That(ex.Message, Does.Contain(id));
        }
    }

    [Test]
    public void ValidIdentifiers_AreTheKerasNamesImplemented()
    {
        Assert.That(Loss.ValidIdentifiers, Is.EquivalentTo(new[]
        {
            "BinaryCrossentropy", "binary_crossentropy", "bce", "BCE",
            "CategoricalCrossentropy", "categorical_crossentropy",
            "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
            "MeanSquaredError", "mean_squared_error", "mse", "MSE",
            "MeanAbsoluteError", "mean_absolute_error", "mae", "MAE",
            "Huber", "huber",
            "BinaryFocalCrossentropy", "binary_focal_crossentropy",
            "CategoricalFocalCrossentropy", "categorical_focal_crossentropy",
            "KLDivergence", "kl_divergence", "kld", "KLD", "kullback_leibler_divergence",
            "Poisson", "poisson",
            "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape", "MAPE",
            "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle", "MSLE",
            "CosineSimilarity", "cosine_similarity",
            "LogCosh", "log_cosh", "logcosh",
            "Hinge", "hinge", "SquaredHinge", "squared_hinge", "CategoricalHinge", "categorical_hinge",
            "Dice", "dice", "Tversky", "tversky",
        }));
    }

    [Test]
    public void Constructor_InvalidReduction_ThrowsKerasMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new MeanSquaredError(reduction: "auto"));
        Assert.That(ex!.Message, Does.StartWith("Invalid value for argument `reduction`. Expected one of {")
            .And.Contain("'sum_over_batch_size'").And.Contain("'none'").And.Contain("Received: reduction='auto'"));
    }

    [Test]
    public void Reduction_Constants_AreAccepted()
    {
        string[] all = [Reduction.SumOverBatchSize, Reduction.Sum, Reduction.Mean, Reduction.MeanWithSampleWeight, Reduction.None];
        Assert.That(all.Select(r => new MeanSquaredError(reduction: r).Reduction), Is.EqualTo(all));
    }

    [Test]
    public void Constructor_EmptyName_UsesSnakeCaseClassName()
    {
        Assert.That(new SumAbsoluteError().Name, Does.StartWith("sum_absolute_error"));
        Assert.That(new SumAbsoluteError("custom").Name, Is.EqualTo("custom"));
    }

    [TestCase("sum_over_batch_size", 3.0)]
    [TestCase("mean", 3.0)]
    [TestCase("sum", 12.0)]
    [TestCase("mean_with_sample_weight", 3.0)]
    public void Compute_Reduction_Unweighted(string reduction, double expected)
    {
        var loss = new SumAbsoluteError(reduction: reduction).Compute(YTrue, YPred);
        Assert.That(loss.Shape, Is.EqualTo(Shape.Scalar));
        Assert.That(loss.Item(), Is.EqualTo(expected).Within(1e-6));
    }

    [TestCase("sum_over_batch_size", (1 * 2 + 2 * 0 + 3 * 1 + 6 * 0.5) / 4)]
    [TestCase("mean", (1 * 2 + 2 * 0 + 3 * 1 + 6 * 0.5) / 4)]
    [TestCase("sum", 1 * 2 + 2 * 0 + 3 * 1 + 6 * 0.5)]
    [TestCase("mean_with_sample_weight", (1 * 2 + 2 * 0 + 3 * 1 + 6 * 0.5) / 3.5)]
    public void Compute_Reduction_Weighted(string reduction, double expected)
    {
        var weights = Tensor.FromArray(new float[] { 2, 0, 1, 0.5f });
        var loss = new SumAbsoluteError(reduction: reduction).Compute(YTrue, YPred, weights);
        Assert.That(loss.Item(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void Compute_ReductionNone_ReturnsWeightedPerSampleLosses()
    {
        var loss = new SumAbsoluteError(reduction: "none");
        Assert.Multiple(() =>
        {
            TensorAssert.AllClose(loss.Compute(YTrue, YPred), [1f, 2f, 3f, 6f]);
            TensorAssert.AllClose(loss.Compute(YTrue, YPred, Tensor.FromArray(new float[] { 2, 0, 1, 0.5f })), [2f, 0f, 3f, 3f]);
            // a (batch, 1) weight keeps the per-sample shape
            Assert.That(loss.Compute(YTrue, YPred, Tensor.FromArray(new float[,] { { 1 }, { 1 }, { 1 }, { 1 } })).Shape, Is.EqualTo(new Shape(4)));
        });
    }

    [Test]
    public void Compute_SumOverBatchSize_DividesByCountNotByWeightSum()
    {
        var loss = new SumAbsoluteError().Compute(YTrue, YPred, Tensor.FromArray(new float[] { 1, 1, 0, 0 }));
        Assert.That(loss.Item(), Is.EqualTo((1 + 2) / 4.0).Within(1e-6));
    }

    [Test]
    public void Compute_MeanWithSampleWeight_ZeroWeights_IsZero()
    {
        var loss = new SumAbsoluteError(reduction: "mean_with_sample_weight").Compute(YTrue, YPred, Tensor.Zeros(new Shape(4)));
        Assert.That(loss.Item(), Is.Zero);
    }

    [Test]
    public void Compute_ScalarAndColumnWeights_BroadcastLikeKeras()
    {
        var loss = new SumAbsoluteError();
        Assert.Multiple(() =>
        {
            Assert.That(loss.Compute(YTrue, YPred, Tensor.Scalar(0.5f)).Item(), Is.EqualTo(1.5).Within(1e-6));
            Assert.That(loss.Compute(YTrue, YPred, Tensor.FromArray(new float[,] { { 2 }, { 0 }, { 1 }, { 0.5f } })).Item(), Is.EqualTo(8.0 / 4).Within(1e-6));
        });
    }

    [Test]
    public void Compute_WeightShapeMismatch_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SumAbsoluteError("sae").Compute(YTrue, YPred, Tensor.Ones(new Shape(3))));
        Assert.That(ex!.Message, Does.Contain("sample_weight").And.Contain("'sae'").And.Contain("(3,)").And.Contain("(4,)"));
    }

    [Test]
    public void Compute_EmptyBatch_IsZero()
    {
        var loss = new MeanSquaredError().Compute(Tensor.Zeros(new Shape(0, 3)), Tensor.Zeros(new Shape(0, 3)));
        Assert.That(loss.Item(), Is.Zero);
    }

    [Test]
    public void Compute_NullArguments_Throw()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => new MeanSquaredError().Compute(null!, YPred));
            Assert.Throws<ArgumentNullException>(() => new MeanSquaredError().Compute(YTrue, null!));
        });
    }

    [Test]
    public void Compute_UnderTape_GradientReachesPredictionThroughWeightsAndReduction()
    {
        var weights = Tensor.FromArray(new float[] { 2, 0, 1, 0.5f });
        GradientChecker.Check(xs => new SumAbsoluteError(reduction: "mean_with_sample_weight").Compute(YTrue, xs[0], weights),
            [Tensor.FromArray(new float[,] { { 1, 0.5f }, { 1, -1 }, { -0.5f, 3 }, { 2, 4 } })]);
    }

    [Test]
    public void GetConfig_Base_HasNameAndReduction()
    {
        Assert.That(new SumAbsoluteError("sae", "sum").GetConfig().ToJsonString(), Is.EqualTo("{\"name\":\"sae\",\"reduction\":\"sum\"}"));
    }
}
