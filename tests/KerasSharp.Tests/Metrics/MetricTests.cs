using KerasSharp.Engine;
using KerasSharp.Metrics;

namespace KerasSharp.Tests.Metrics;

public class MetricTests
{
    [TestCase("binary_accuracy", typeof(BinaryAccuracy))]
    [TestCase("BinaryAccuracy", typeof(BinaryAccuracy))]
    [TestCase("categorical_accuracy", typeof(CategoricalAccuracy))]
    [TestCase("CategoricalAccuracy", typeof(CategoricalAccuracy))]
    [TestCase("sparse_categorical_accuracy", typeof(SparseCategoricalAccuracy))]
    [TestCase("SparseCategoricalAccuracy", typeof(SparseCategoricalAccuracy))]
    [TestCase("mean_squared_error", typeof(MeanSquaredError))]
    [TestCase("MeanSquaredError", typeof(MeanSquaredError))]
    [TestCase("mse", typeof(MeanSquaredError))]
    [TestCase("MSE", typeof(MeanSquaredError))]
    [TestCase("mean_absolute_error", typeof(MeanAbsoluteError))]
    [TestCase("MeanAbsoluteError", typeof(MeanAbsoluteError))]
    [TestCase("mae", typeof(MeanAbsoluteError))]
    [TestCase("MAE", typeof(MeanAbsoluteError))]
    [TestCase("mean", typeof(Mean))]
    [TestCase("accuracy", typeof(AccuracyPlaceholder))]
    [TestCase("acc", typeof(AccuracyPlaceholder))]
    [TestCase("Accuracy", typeof(AccuracyPlaceholder))]
    [TestCase("ACC", typeof(AccuracyPlaceholder))]
    public void Get_KerasIdentifier_ReturnsMetricNamedAsGiven(string identifier, Type expected)
    {
        var m = Metric.Get(identifier);
        Assert.Multiple(() =>
        {
            Assert.That(m, Is.TypeOf(expected));
            Assert.That(m.Name, Is.EqualTo(identifier));
        });
    }

    [Test]
    public void Get_SameIdentifierTwice_ReturnsFreshInstances()
    {
        var a = Metric.Get("mae");
        var b = Metric.Get("mae");
        a.UpdateState(new float[] { 0 }, new float[] { 1 });
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.SameAs(b));
            Assert.That(b.Result(), Is.Zero);
        });
    }

    [Test]
    public void ImplicitConversion_FromString_CallsGet()
    {
        Metric m = "mae";
        Metric[] list = ["accuracy", "mse"];
        Assert.Multiple(() =>
        {
            Assert.That(m, Is.TypeOf<MeanAbsoluteError>());
            Assert.That(m.Name, Is.EqualTo("mae"));
            Assert.That(list[0], Is.TypeOf<AccuracyPlaceholder>());
            Assert.That(list[1].Name, Is.EqualTo("mse"));
        });
    }

    [TestCase("foo")]
    [TestCase("Mae")]
    [TestCase("")]
    public void Get_UnknownIdentifier_ThrowsListingValidOnes(string identifier)
    {
        var ex = Assert.Throws<ArgumentException>(() => Metric.Get(identifier));
        Assert.That(ex!.Message, Does.StartWith($"Could not interpret metric identifier: '{identifier}'. Valid identifiers: accuracy, acc, binary_accuracy")
            .And.Contain("sparse_categorical_accuracy").And.Contain("mse").And.Contain("mae"));
    }

    [Test]
    public void Get_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => Metric.Get(null!));
    }

    [Test]
    public void Name_Set_RenamesMetric()
    {
        var m = new MeanAbsoluteError();
        m.Name = "mae";
        Assert.Multiple(() =>
        {
            Assert.That(m.Name, Is.EqualTo("mae"));
            Assert.That(m.GetConfig()["name"]!.GetValue<string>(), Is.EqualTo("mae"));
            Assert.That(m.ToString(), Is.EqualTo("<MeanAbsoluteError name=mae>"));
        });
    }

    [Test]
    public void ResolveAccuracy_PredictionsWithOneColumn_IsBinary()
    {
        var m = Metric.ResolveAccuracy("accuracy", new Shape(8, 1), new Shape(8, 1));
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(BinaryAccuracy), "accuracy")));
    }

    [Test]
    public void ResolveAccuracy_RankOneLabelsAndOneColumn_IsBinary()
    {
        // y_pred.shape[-1] == 1 is checked first, before the rank comparison that would say sparse.
        var m = Metric.ResolveAccuracy("acc", new Shape(8), new Shape(8, 1));
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(BinaryAccuracy), "acc")));
    }

    [Test]
    public void ResolveAccuracy_RankOneLabelsAndClassScores_IsSparse()
    {
        var m = Metric.ResolveAccuracy("accuracy", new Shape(8), new Shape(8, 10));
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(SparseCategoricalAccuracy), "accuracy")));
    }

    [Test]
    public void ResolveAccuracy_ColumnLabelsAndClassScores_IsSparse()
    {
        var m = Metric.ResolveAccuracy("acc", new Shape(8, 1), new Shape(8, 10));
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(SparseCategoricalAccuracy), "acc")));
    }

    [Test]
    public void ResolveAccuracy_OneHotLabels_IsCategorical()
    {
        var m = Metric.ResolveAccuracy("accuracy", new Shape(8, 10), new Shape(8, 10));
        Assert.That((m.GetType(), m.Name), Is.EqualTo((typeof(CategoricalAccuracy), "accuracy")));
    }

    [Test]
    public void ResolveAccuracy_UnknownBatchDimension_StillDecides()
    {
        var m = Metric.ResolveAccuracy("accuracy", new Shape(-1), new Shape(-1, 10));
        Assert.That(m, Is.TypeOf<SparseCategoricalAccuracy>());
    }

    [Test]
    public void ResolveAccuracy_ScalarShape_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Metric.ResolveAccuracy("accuracy", Shape.Scalar, new Shape(8, 1)));
        Assert.That(ex!.Message, Does.Contain("()").And.Contain("(8, 1)"));
    }

    [Test]
    public void ResolveAccuracy_ResolvedMetric_ComputesThatAccuracy()
    {
        // Same data through the string path and the explicit class give the same value (Keras SparseCategoricalAccuracy doc example).
        var m = Metric.ResolveAccuracy("acc", new Shape(2, 1), new Shape(2, 3));
        m.UpdateState(new float[,] { { 2 }, { 1 } }, new float[,] { { 0.1f, 0.6f, 0.3f }, { 0.05f, 0.95f, 0 } });
        Assert.That(m.Result(), Is.EqualTo(0.5).Within(1e-7));
    }

    [Test]
    public void GetConfig_Base_HasNameAndDtype()
    {
        var config = Metric.Get("mse").GetConfig();
        Assert.That(config.ToJsonString(), Is.EqualTo("{\"name\":\"mse\",\"dtype\":\"float32\"}"));
    }

    [Test]
    public void GetConfig_EachCall_ReturnsNewObject()
    {
        var m = new CategoricalAccuracy();
        var first = m.GetConfig();
        first["name"] = "changed";
        var second = m.GetConfig();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.SameAs(first));
            Assert.That(second["name"]!.GetValue<string>(), Is.EqualTo("categorical_accuracy"));
        });
    }
}
