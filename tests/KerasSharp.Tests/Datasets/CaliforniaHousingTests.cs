using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class CaliforniaHousingTests : DatasetFixture
{

    [TestCase("large", 0.2, 113)]
    [TestCase("small", 0.2, 113)]
    [TestCase("small", 0.3, 5)]
    public void LoadData_CachedNpz_SplitsAsKerasDoes(string version, double testSplit, int seed)
    {
        var expected = HousingTestData.WriteAndSplit(
            Path.Combine(DatasetsDir, "california_housing.npz"), 640, 8, version == "small" ? 600 : null, testSplit, seed);

        var ((xTrain, yTrain), (xTest, yTest)) = CaliforniaHousing.LoadData(
            Sources(Root, new FakeHttpHandler()), version, testSplit: testSplit, seed: seed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(xTrain.GetLength(0) + xTest.GetLength(0), Is.EqualTo(version == "small" ? 600 : 640));
            Assert.That(HousingTestData.Rows(xTrain), Is.EqualTo(expected.Item1.XTrain));
            Assert.That(yTrain, Is.EqualTo(expected.Item1.YTrain));
            Assert.That(HousingTestData.Rows(xTest), Is.EqualTo(expected.Item2.XTest));
            Assert.That(yTest, Is.EqualTo(expected.Item2.YTest));
        }
    }

    [Test]
    public void LoadData_UnknownVersion_ThrowsKerasMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => CaliforniaHousing.LoadData(Sources(Root, new FakeHttpHandler()), "medium"));

        Assert.That(e.Message, Does.StartWith("Argument `version` must be one of 'small', 'large'. Received: version=medium"));
    }

    [Test]
    public void LoadData_NowhereAndNoNetwork_NamesUrlAndPath()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CaliforniaHousing.LoadData(Sources(Root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain("https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz")
            .And.Contain($"save it as {Path.Combine(DatasetsDir, "california_housing.npz")}"));
    }
}
