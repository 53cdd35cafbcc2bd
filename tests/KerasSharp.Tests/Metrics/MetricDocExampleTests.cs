using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

/// <summary>
/// The examples of the docstrings of <c>keras/src/metrics/*.py</c>, with their documented values, unweighted and with
/// the documented sample weights, and the behaviour every metric shares: reset, accumulation over batches, config
/// round trip, no allocation per update, and the string identifiers of <see cref="Metric.Get"/>.
/// </summary>
public class MetricDocExampleTests
{
    private static readonly DocCase[] s_cases =
    [
        Case("TruePositives", () => new TruePositives(), TruePositives.FromConfig, new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, 2.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12, countsAddUp: true),
        Case("TrueNegatives", () => new TrueNegatives(), TrueNegatives.FromConfig, new float[] { 0, 1, 0, 0 }, new float[] { 1, 1, 0, 0 }, 2.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12, countsAddUp: true),
        Case("FalsePositives", () => new FalsePositives(), FalsePositives.FromConfig, new float[] { 0, 1, 0, 0 }, new float[] { 0, 0, 1, 1 }, 2.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12, countsAddUp: true),
        Case("FalseNegatives", () => new FalseNegatives(), FalseNegatives.FromConfig, new float[] { 0, 1, 1, 1 }, new float[] { 0, 1, 0, 0 }, 2.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12, countsAddUp: true),
        Case("Precision", () => new Precision(), Precision.FromConfig, new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, 2.0 / 3.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12),
        Case("Recall", () => new Recall(), Recall.FromConfig, new float[] { 0, 1, 1, 1 }, new float[] { 1, 0, 1, 1 }, 2.0 / 3.0, new float[] { 0, 0, 1, 0 }, 1.0, 1e-12),
        Case("AUC", () => new AUC(numThresholds: 3), AUC.FromConfig, new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, 0.75, new float[] { 1, 0, 0, 1 }, 1.0, 1e-12),
        Case("SensitivityAtSpecificity", () => new SensitivityAtSpecificity(0.5), SensitivityAtSpecificity.FromConfig, new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, 0.5, new float[] { 1, 1, 2, 2, 1 }, 1.0 / 3.0, 1e-9),
        Case("SpecificityAtSensitivity", () => new SpecificityAtSensitivity(0.5), SpecificityAtSensitivity.FromConfig, new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, 2.0 / 3.0, new float[] { 1, 1, 2, 2, 2 }, 0.5, 1e-9),
        Case("PrecisionAtRecall", () => new PrecisionAtRecall(0.5), PrecisionAtRecall.FromConfig, new float[] { 0, 0, 0, 1, 1 }, new float[] { 0, 0.3f, 0.8f, 0.3f, 0.8f }, 0.5, new float[] { 2, 2, 2, 1, 1 }, 1.0 / 3.0, 1e-9),
        Case("RecallAtPrecision", () => new RecallAtPrecision(0.8), RecallAtPrecision.FromConfig, new float[] { 0, 0, 1, 1 }, new float[] { 0, 0.5f, 0.3f, 0.9f }, 0.5, new float[] { 1, 0, 0, 1 }, 1.0, 1e-9),
        Case("TopKCategoricalAccuracy", () => new TopKCategoricalAccuracy(k: 1), TopKCategoricalAccuracy.FromConfig, new float[,] { { 0, 0, 1 }, { 0, 1, 0 } }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, 0.5, new float[] { 0.7f, 0.3f }, 0.3, 1e-6),
        Case("SparseTopKCategoricalAccuracy", () => new SparseTopKCategoricalAccuracy(k: 1), SparseTopKCategoricalAccuracy.FromConfig, new float[] { 2, 1 }, new float[,] { { 0.1f, 0.9f, 0.8f }, { 0.05f, 0.95f, 0 } }, 0.5, new float[] { 0.7f, 0.3f }, 0.3, 1e-6),
        Case("MeanAbsolutePercentageError", () => new MeanAbsolutePercentageError(), MeanAbsolutePercentageError.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, 250000000.0, new float[] { 1, 0 }, 500000000.0, 20),
        Case("MeanSquaredLogarithmicError", () => new MeanSquaredLogarithmicError(), MeanSquaredLogarithmicError.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, 0.12011322, new float[] { 1, 0 }, 0.24022643, 1e-6),
        Case("RootMeanSquaredError", () => new RootMeanSquaredError(), RootMeanSquaredError.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, 0.5, new float[] { 1, 0 }, 0.70710677, 1e-6),
        Case("CosineSimilarity", () => new CosineSimilarity(), CosineSimilarity.FromConfig, new float[,] { { 0, 1 }, { 1, 1 } }, new float[,] { { 1, 0 }, { 1, 1 } }, 0.49999997, new float[] { 0.3f, 0.7f }, 0.6999999, 1e-6),
        Case("LogCoshError", () => new LogCoshError(), LogCoshError.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, 0.10844523, new float[] { 1, 0 }, 0.21689045, 1e-6),
        Case("Hinge", () => new Hinge(), Hinge.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, 1.3, new float[] { 1, 0 }, 1.1, 1e-6),
        Case("SquaredHinge", () => new SquaredHinge(), SquaredHinge.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, 1.86, new float[] { 1, 0 }, 1.46, 1e-6),
        Case("CategoricalHinge", () => new CategoricalHinge(), CategoricalHinge.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, 1.4000001, new float[] { 1, 0 }, 1.2, 1e-6),
        Case("KLDivergence", () => new KLDivergence(), KLDivergence.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, 0.45814306, new float[] { 1, 0 }, 0.9162892, 1e-6),
        Case("Poisson", () => new Poisson(), Poisson.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 1, 1 }, { 0, 0 } }, 0.49999997, new float[] { 1, 0 }, 0.99999994, 1e-6),
        Case("BinaryCrossentropy", () => new BinaryCrossentropy(), BinaryCrossentropy.FromConfig, new float[,] { { 0, 1 }, { 0, 0 } }, new float[,] { { 0.6f, 0.4f }, { 0.4f, 0.6f } }, 0.81492424, new float[] { 1, 0 }, 0.9162905, 1e-6),
        Case("CategoricalCrossentropy", () => new CategoricalCrossentropy(), CategoricalCrossentropy.FromConfig, new float[,] { { 0, 1, 0 }, { 0, 0, 1 } }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, 1.1769392, new float[] { 0.3f, 0.7f }, 1.6271976, 1e-6),
        Case("SparseCategoricalCrossentropy", () => new SparseCategoricalCrossentropy(), SparseCategoricalCrossentropy.FromConfig, new float[] { 1, 2 }, new float[,] { { 0.05f, 0.95f, 0 }, { 0.1f, 0.8f, 0.1f } }, 1.1769392, new float[] { 0.3f, 0.7f }, 1.6271976, 1e-6),
        Case("IoU", () => new IoU(numClasses: 2, targetClassIds: [0]), IoU.FromConfig, new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, 0.33333334, new float[] { 0.3f, 0.3f, 0.3f, 0.1f }, 0.33333334, 1e-6),
        Case("MeanIoU", () => new MeanIoU(numClasses: 2), MeanIoU.FromConfig, new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 }, 0.33333334, new float[] { 0.3f, 0.3f, 0.3f, 0.1f }, 0.23809525, 1e-6),
        Case("BinaryIoU", () => new BinaryIoU(targetClassIds: [0, 1], threshold: 0.3), BinaryIoU.FromConfig, new float[] { 0, 1, 0, 1 }, new float[] { 0.1f, 0.2f, 0.4f, 0.7f }, 0.33333334, new float[] { 0.2f, 0.3f, 0.4f, 0.1f }, 0.17361112, 1e-6),
        Case("OneHotIoU", () => new OneHotIoU(numClasses: 3, targetClassIds: [0, 2]), OneHotIoU.FromConfig, new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, null, new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, 0.1 / 0.7 / 2, 1e-6),
        Case("OneHotMeanIoU", () => new OneHotMeanIoU(numClasses: 3), OneHotMeanIoU.FromConfig, new float[,] { { 0, 0, 1 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } }, new float[,] { { 0.2f, 0.3f, 0.5f }, { 0.1f, 0.2f, 0.7f }, { 0.5f, 0.3f, 0.1f }, { 0.1f, 0.4f, 0.5f } }, null, new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, 0.1 / 0.7 / 3, 1e-6),
        Case("PearsonCorrelation", () => new PearsonCorrelation(), PearsonCorrelation.FromConfig, new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, 0.9966996338993913, new float[] { 1, 0 }, 1.0, 1e-6),
        Case("ConcordanceCorrelation", () => new ConcordanceCorrelation(), ConcordanceCorrelation.FromConfig, new float[,] { { 0, 1, 0.5f }, { 1, 1, 0.2f } }, new float[,] { { 0.1f, 0.9f, 0.5f }, { 1, 0.9f, 0.2f } }, 0.9816320385426076, new float[] { 0, 1 }, 0.98765432, 1e-6),
        Case("R2Score", () => new R2Score(), R2Score.FromConfig, new float[,] { { 1 }, { 4 }, { 3 } }, new float[,] { { 2 }, { 4 }, { 4 } }, 0.57142854, new float[] { 1, 1, 0 }, 7.0 / 9.0, 1e-6),
    ];

    /// <summary>One metric's docstring example.</summary>
    public sealed record DocCase(
        string Metric, Func<Metric> Create, Func<JsonObject, Metric> FromConfig, Tensor YTrue, Tensor YPred,
        double? Expected, Tensor SampleWeight, double ExpectedWeighted, double Tolerance, bool CountsAddUp)
    {
        /// <summary>The metric's class name, for the test names.</summary>
        public override string ToString() => Metric;
    }

    private static IEnumerable<DocCase> Cases() => s_cases;

    private static IEnumerable<DocCase> UnweightedCases() => s_cases.Where(c => c.Expected is not null);

    [TestCaseSource(nameof(UnweightedCases))]
    public void UpdateState_KerasDocExample_MatchesKeras(DocCase c)
    {
        var m = c.Create();
        m.UpdateState(c.YTrue, c.YPred);
        Assert.That(m.Result(), Is.EqualTo(c.Expected!.Value).Within(c.Tolerance));
    }

    [TestCaseSource(nameof(Cases))]
    public void UpdateState_KerasDocExampleWithSampleWeights_MatchesKeras(DocCase c)
    {
        var m = c.Create();
        m.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        Assert.That(m.Result(), Is.EqualTo(c.ExpectedWeighted).Within(c.Tolerance));
    }

    [TestCaseSource(nameof(Cases))]
    public void ResetState_AfterAnUpdate_StartsOver(DocCase c)
    {
        var m = c.Create();
        m.UpdateState(c.YTrue, c.YPred);
        m.ResetState();
        m.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        Assert.That(m.Result(), Is.EqualTo(c.ExpectedWeighted).Within(c.Tolerance));
    }

    [TestCaseSource(nameof(Cases))]
    public void UpdateState_TwoEqualBatches_AccumulateLikeOne(DocCase c)
    {
        var once = c.Create();
        once.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        var twice = c.Create();
        twice.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        twice.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        double expected = (c.CountsAddUp ? 2 : 1) * once.Result();
        Assert.That(twice.Result(), Is.EqualTo(expected).Within(1e-6 * Math.Max(1, Math.Abs(expected))));
    }

    [TestCaseSource(nameof(Cases))]
    public void FromConfig_GetConfig_RoundTrips(DocCase c)
    {
        var original = c.Create();
        var copy = c.FromConfig(original.GetConfig());
        copy.UpdateState(c.YTrue, c.YPred, c.SampleWeight);
        Assert.Multiple(() =>
        {
            Assert.That(copy.GetType(), Is.EqualTo(original.GetType()));
            Assert.That(copy.GetConfig().ToJsonString(), Is.EqualTo(original.GetConfig().ToJsonString()));
            Assert.That(copy.Result(), Is.EqualTo(c.ExpectedWeighted).Within(c.Tolerance));
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void UpdateState_SecondUpdate_AllocatesNothing(DocCase c)
    {
        Assert.Multiple(() =>
        {
            Assert.That(AllocationProbe.BytesForSecondUpdate(c.Create(), c.YTrue, c.YPred, null), Is.Zero);
            Assert.That(AllocationProbe.BytesForSecondUpdate(c.Create(), c.YTrue, c.YPred, c.SampleWeight), Is.Zero);
        });
    }

    [TestCase("true_positives", typeof(TruePositives))]
    [TestCase("TruePositives", typeof(TruePositives))]
    [TestCase("true_negatives", typeof(TrueNegatives))]
    [TestCase("false_positives", typeof(FalsePositives))]
    [TestCase("false_negatives", typeof(FalseNegatives))]
    [TestCase("precision", typeof(Precision))]
    [TestCase("Precision", typeof(Precision))]
    [TestCase("recall", typeof(Recall))]
    [TestCase("Recall", typeof(Recall))]
    [TestCase("auc", typeof(AUC))]
    [TestCase("AUC", typeof(AUC))]
    [TestCase("top_k_categorical_accuracy", typeof(TopKCategoricalAccuracy))]
    [TestCase("TopKCategoricalAccuracy", typeof(TopKCategoricalAccuracy))]
    [TestCase("sparse_top_k_categorical_accuracy", typeof(SparseTopKCategoricalAccuracy))]
    [TestCase("mape", typeof(MeanAbsolutePercentageError))]
    [TestCase("MAPE", typeof(MeanAbsolutePercentageError))]
    [TestCase("mean_absolute_percentage_error", typeof(MeanAbsolutePercentageError))]
    [TestCase("msle", typeof(MeanSquaredLogarithmicError))]
    [TestCase("MSLE", typeof(MeanSquaredLogarithmicError))]
    [TestCase("root_mean_squared_error", typeof(RootMeanSquaredError))]
    [TestCase("cosine_similarity", typeof(CosineSimilarity))]
    [TestCase("logcosh", typeof(LogCoshError))]
    [TestCase("log_cosh_error", typeof(LogCoshError))]
    [TestCase("hinge", typeof(Hinge))]
    [TestCase("squared_hinge", typeof(SquaredHinge))]
    [TestCase("categorical_hinge", typeof(CategoricalHinge))]
    [TestCase("kld", typeof(KLDivergence))]
    [TestCase("KLD", typeof(KLDivergence))]
    [TestCase("kl_divergence", typeof(KLDivergence))]
    [TestCase("poisson", typeof(Poisson))]
    [TestCase("binary_crossentropy", typeof(BinaryCrossentropy))]
    [TestCase("bce", typeof(BinaryCrossentropy))]
    [TestCase("categorical_crossentropy", typeof(CategoricalCrossentropy))]
    [TestCase("sparse_categorical_crossentropy", typeof(SparseCategoricalCrossentropy))]
    [TestCase("pearson_correlation", typeof(PearsonCorrelation))]
    [TestCase("concordance_correlation", typeof(ConcordanceCorrelation))]
    [TestCase("r2_score", typeof(R2Score))]
    [TestCase("R2Score", typeof(R2Score))]
    public void Get_KerasIdentifier_ResolvesNamedAsGiven(string identifier, Type type)
    {
        var m = Metric.Get(identifier);
        Assert.That((m.GetType(), m.Name), Is.EqualTo((type, identifier)));
    }

    private static DocCase Case(
        string metric, Func<Metric> create, Func<JsonObject, Metric> fromConfig, Tensor yTrue, Tensor yPred, double? expected,
        Tensor sampleWeight, double expectedWeighted, double tolerance, bool countsAddUp = false) =>
        new(metric, create, fromConfig, yTrue, yPred, expected, sampleWeight, expectedWeighted, tolerance, countsAddUp);
}
