using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class BostonHousingTests : DatasetFixture
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz";

    [TestCase(0.2, 113)]
    [TestCase(0.0, 7)]
    [TestCase(0.55, 0)]
    public void LoadData_CachedNpz_SplitsAsKerasDoes(double testSplit, int seed)
    {
        var expected = HousingTestData.WriteAndSplit(Path.Combine(DatasetsDir, "boston_housing.npz"), 53, 13, null, testSplit, seed);

        var ((xTrain, yTrain), (xTest, yTest)) = BostonHousing.LoadData(Sources(Root, new FakeHttpHandler()), testSplit: testSplit, seed: seed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HousingTestData.Rows(xTrain), Is.EqualTo(expected.Item1.XTrain));
            Assert.That(yTrain, Is.EqualTo(expected.Item1.YTrain));
            Assert.That(HousingTestData.Rows(xTest), Is.EqualTo(expected.Item2.XTest));
            Assert.That(yTest, Is.EqualTo(expected.Item2.YTest));
            Assert.That(xTrain.GetLength(1), Is.EqualTo(13));
        }
    }

    [Test]
    public void LoadData_Nowhere_DownloadsWithHashCheckToPath()
    {
        string scratch = Path.Combine(Root, "scratch", "b.npz");
        HousingTestData.WriteAndSplit(scratch, 10, 13, null, 0.2, 113);
        byte[] npz = File.ReadAllBytes(scratch);
        var handler = new FakeHttpHandler().Serve(Origin, npz);

        var ((xTrain, _), (xTest, _)) = BostonHousing.LoadData(Sources(Root, handler), "bh.npz", sha256: Sha256(npz));

        Assert.That(handler.Requests, Is.EqualTo(new[] { Origin }));
        Assert.That(File.ReadAllBytes(Path.Combine(DatasetsDir, "bh.npz")), Is.EqualTo(npz));
        Assert.That((xTrain.GetLength(0), xTest.GetLength(0)), Is.EqualTo((8, 2)));
    }

    [Test]
    public void LoadData_WrongHashDownload_ThrowsWithKerasHash()
    {
        var handler = new FakeHttpHandler().Serve(Origin, [1, 2, 3]);

        var e = Assert.Throws<InvalidDataException>(() => BostonHousing.LoadData(Sources(Root, handler)));

        Assert.That(e.Message, Does.Contain("expected SHA-256 f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"));
    }

    [Test]
    public void LoadData_NowhereAndNoNetwork_NamesUrlAndWhereToSaveTheFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BostonHousing.LoadData(Sources(Root, new FakeHttpHandler())));

        string path = Path.Combine(DatasetsDir, "boston_housing.npz");
        Assert.That(e.Message, Does.StartWith("Could not load the Boston Housing dataset")
            .And.Contain($"1. Keras cache {path}: the file does not exist")
            .And.Contain($"2. download from {Origin}: ")
            .And.Contain($"download {Origin} on a machine with network access and save it as {path}."));
    }

    [TestCase(1.0)]
    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    public void LoadData_TestSplitOutOfRange_ThrowsKerasMessage(double testSplit)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BostonHousing.LoadData(Sources(Root, new FakeHttpHandler()), testSplit: testSplit));

        Assert.That(e.Message, Does.StartWith("Invalid `test_split` argument: ").And.Contain("It must be between 0 and 1 (exclusive of 1)."));
    }

    [Test]
    public void ToTensor_Features_HasShapeAndFloatValues()
    {
        double[,] x = { { 1.5, 2 }, { 3, 0.1 } };

        var t = x.ToTensor();

        Assert.That(t.Shape.ToString(), Is.EqualTo(new KerasSharp.Engine.Shape(2, 2).ToString()));
        Assert.That(t.ToArray(), Is.EqualTo(new[] { 1.5f, 2f, 3f, 0.1f }));
        Assert.That(new[] { 2.5, 4 }.ToTensor().ToArray(), Is.EqualTo(new[] { 2.5f, 4f }));
    }
}
