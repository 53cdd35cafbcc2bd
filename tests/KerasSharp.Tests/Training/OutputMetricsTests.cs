using KerasSharp.Metrics;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

public class OutputMetricsTests
{
    [Test]
    public void Conversions_AListOfEntries_EachOneMetricOrSeveral()
    {
        OutputMetrics flat = ["accuracy", new MeanAbsoluteError()];
        OutputMetrics nested = ["accuracy", ["accuracy", "mse"]];
        OutputMetrics named = new Dictionary<string, Metric[]> { ["a"] = ["accuracy"], ["b"] = ["mae", "mse"] };
        OutputMetrics single = new Dictionary<string, Metric> { ["a"] = "mae" };
        Assert.Multiple(() =>
        {
            Assert.That(flat.Count, Is.EqualTo(2));
            Assert.That(flat[1][0], Is.InstanceOf<MeanAbsoluteError>());
            Assert.That(nested[1].Count, Is.EqualTo(2));
            Assert.That(nested.ToString(), Is.EqualTo("['accuracy', ['accuracy', 'mse']]"));
            Assert.That(named.IsDictionary, Is.True);
            Assert.That(named.ToString(), Is.EqualTo("{'a': ['accuracy'], 'b': ['mae', 'mse']}"));
            Assert.That(single.ToString(), Is.EqualTo("{'a': 'mae'}"));
        });
    }

    [Test]
    public void MetricList_NullMetric_IsRejected()
    {
        Assert.That(() => { MetricList m = new Metric[] { null! }; }, Throws.ArgumentNullException);
    }
}
