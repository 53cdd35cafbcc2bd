using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class MnistTests
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";

    private string _root = null!;

    private string DatasetsDir => Path.Combine(_root, "keras", "datasets");

    [SetUp]
    public void SetUp() => _root = Path.Combine(Path.GetTempPath(), "ks-mnist-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    public void LoadData_NpzInKerasCache_ReadsIt()
    {
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "mnist.npz"), MnistNpz(seed: 3));
        var handler = new FakeHttpHandler();

        var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData(Sources(_root, handler));

        AssertGenerated(((xTrain, yTrain), (xTest, yTest)), seed: 3);
        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public void LoadData_IdxFilesInCacheMnistFolder_ReadsThem()
    {
        WriteAll(Path.Combine(DatasetsDir, "mnist"), KerasFiles(seed: 6));

        AssertGenerated(Mnist.LoadData(Sources(_root, new FakeHttpHandler())), seed: 6);
    }

    [Test]
    public void LoadData_NpzAndIdxFiles_NpzWins()
    {
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "mnist.npz"), MnistNpz(seed: 3));
        WriteAll(Path.Combine(DatasetsDir, "mnist"), KerasFiles(seed: 6));

        AssertGenerated(Mnist.LoadData(Sources(_root, new FakeHttpHandler())), seed: 3);
    }

    [Test]
    public void LoadData_CustomPath_IsRelativeToCacheDatasetsFolder()
    {
        Directory.CreateDirectory(Path.Combine(DatasetsDir, "sub"));
        File.WriteAllBytes(Path.Combine(DatasetsDir, "sub", "digits.npz"), MnistNpz(seed: 8));

        AssertGenerated(Mnist.LoadData(Sources(_root, new FakeHttpHandler()), "sub/digits.npz"), seed: 8);
    }

    [Test]
    public void LoadData_Nowhere_DownloadsNpzToPathWithHashCheck()
    {
        byte[] npz = MnistNpz(seed: 4);
        var handler = new FakeHttpHandler().Serve(Origin, npz);

        var data = Mnist.LoadData(Sources(_root, handler), "my-mnist.npz", Sha256(npz));

        AssertGenerated(data, seed: 4);
        Assert.That(handler.Requests, Is.EqualTo(new[] { Origin }));
        Assert.That(File.ReadAllBytes(Path.Combine(DatasetsDir, "my-mnist.npz")), Is.EqualTo(npz));
    }

    [Test]
    public void LoadData_DownloadChecksumMismatch_ThrowsWithKerasHashAndLeavesNoFile()
    {
        var handler = new FakeHttpHandler().Serve(Origin, MnistNpz(seed: 4));

        var e = Assert.Throws<InvalidDataException>(() => Mnist.LoadData(Sources(_root, handler)));

        Assert.That(e.Message, Does.Contain("expected SHA-256 731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"));
        Assert.That(Directory.GetFiles(DatasetsDir), Is.Empty);
    }

    [Test]
    public void LoadData_NowhereAndNoNetwork_ThrowsListingEveryPlace()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.LoadData(Sources(_root, new FakeHttpHandler())));

        string npz = Path.Combine(DatasetsDir, "mnist.npz");
        string idx = Path.Combine(DatasetsDir, "mnist");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Message, Does.StartWith("Could not load the MNIST dataset"));
            Assert.That(e.Message, Does.Contain($"1. Keras cache {npz}: the file does not exist"));
            Assert.That(e.Message, Does.Contain($"2. Keras cache (IDX files) {idx}: the folder does not exist"));
            Assert.That(e.Message, Does.Contain($"3. download from {Origin}: ").And.Contain("404"));
            Assert.That(e.Message, Does.Contain($"copy Keras' mnist.npz to {npz}").And.Contain($"into {idx}"));
        }
    }
}
