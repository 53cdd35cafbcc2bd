using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class FashionMnistTests
{
    private const string BaseUrl = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    private static readonly string[] FileNames =
    [
        "train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
    ];

    private string _root = null!;

    private string CacheDir => Path.Combine(_root, "keras", "datasets", "fashion-mnist");

    private string SystemDir => Path.Combine(_root, "system", "fashion-mnist");

    [SetUp]
    public void SetUp() => _root = Path.Combine(Path.GetTempPath(), "ks-fashion-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>A fake server that serves the given files under Keras' base URL.</summary>
    private static FakeHttpHandler Server(IReadOnlyDictionary<string, byte[]> files)
    {
        var handler = new FakeHttpHandler();
        foreach (var (name, bytes) in files)
        {
            handler.Serve(BaseUrl + name, bytes);
        }

        return handler;
    }

    /// <summary>Loads with the fake files' SHA-256 standing in for Keras' (the real hashes are for the real files).</summary>
    private static ((byte[,,], byte[]), (byte[,,], byte[])) LoadWithHashes(DatasetSources sources, IReadOnlyDictionary<string, byte[]> files) =>
        FashionMnist.LoadData(sources, files.ToDictionary(f => f.Key, f => Sha256(f.Value)));

    [Test]
    public void LoadData_Deconstruction_CompilesLikeKeras()
    {
        WriteAll(CacheDir, KerasFiles(seed: 1));

        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData(Sources(_root, new FakeHttpHandler()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(xTrain.GetLength(0), Is.EqualTo(3));
            Assert.That(yTrain, Has.Length.EqualTo(3));
            Assert.That(xTest.GetLength(0), Is.EqualTo(2));
            Assert.That(yTest, Has.Length.EqualTo(2));
        }
    }

    [Test]
    public void LoadData_InKerasCache_ReadsCacheWithoutNetwork()
    {
        WriteAll(CacheDir, KerasFiles(seed: 1));
        var handler = new FakeHttpHandler();

        AssertGenerated(FashionMnist.LoadData(Sources(_root, handler)), seed: 1);

        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public void LoadData_InCacheAndDebianFolder_CacheWins()
    {
        WriteAll(CacheDir, KerasFiles(seed: 1));
        WriteAll(SystemDir, KerasFiles(seed: 5));

        AssertGenerated(FashionMnist.LoadData(Sources(_root, new FakeHttpHandler())), seed: 1);
    }

    [Test]
    public void LoadData_OnlyInDebianFolder_ReadsDebianFolder()
    {
        WriteAll(SystemDir, KerasFiles(seed: 5));
        var handler = new FakeHttpHandler();

        AssertGenerated(FashionMnist.LoadData(Sources(_root, handler)), seed: 5);

        Assert.That(handler.Requests, Is.Empty);
        Assert.That(Directory.Exists(CacheDir), Is.False, "nothing is copied into the cache");
    }

    [Test]
    public void LoadData_CacheIncomplete_UsesCompleteDebianFolder()
    {
        var cache = KerasFiles(seed: 1);
        cache.Remove("t10k-images-idx3-ubyte.gz");
        WriteAll(CacheDir, cache);
        WriteAll(SystemDir, KerasFiles(seed: 5));

        AssertGenerated(FashionMnist.LoadData(Sources(_root, new FakeHttpHandler())), seed: 5);
    }

    [Test]
    public void LoadData_UncompressedFilesInCache_AreRead()
    {
        Directory.CreateDirectory(CacheDir);
        File.WriteAllBytes(Path.Combine(CacheDir, "train-labels-idx1-ubyte"), LabelsIdx(3, 3));
        File.WriteAllBytes(Path.Combine(CacheDir, "train-images-idx3-ubyte"), ImagesIdx(3, 3));
        File.WriteAllBytes(Path.Combine(CacheDir, "t10k-labels-idx1-ubyte"), LabelsIdx(4, 2));
        File.WriteAllBytes(Path.Combine(CacheDir, "t10k-images-idx3-ubyte.gz"), Gzip(ImagesIdx(4, 2)));

        AssertGenerated(FashionMnist.LoadData(Sources(_root, new FakeHttpHandler())), seed: 3);
    }

    [Test]
    public void LoadData_NowhereLocally_DownloadsIntoCacheWithProgress()
    {
        var files = KerasFiles(seed: 7);
        var handler = Server(files);
        var output = new StringWriter();

        AssertGenerated(LoadWithHashes(Sources(_root, handler, output), files), seed: 7);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Requests, Is.EqualTo(FileNames.Select(n => BaseUrl + n)));
            Assert.That(Directory.GetFiles(CacheDir).Select(Path.GetFileName), Is.EquivalentTo(FileNames));
            foreach (string name in FileNames)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(CacheDir, name)), Is.EqualTo(files[name]));
                Assert.That(output.ToString(), Does.Contain($"Downloading data from {BaseUrl}{name}\n"));
            }
        }

        // The second load reads the cache and sends no request.
        AssertGenerated(FashionMnist.LoadData(Sources(_root, handler)), seed: 7);
        Assert.That(handler.Requests, Has.Count.EqualTo(4));
    }

    [Test]
    public void LoadData_CacheHasSomeFiles_DownloadsOnlyTheMissingOnes()
    {
        var files = KerasFiles(seed: 7);
        WriteAll(CacheDir, new Dictionary<string, byte[]> { ["train-images-idx3-ubyte.gz"] = files["train-images-idx3-ubyte.gz"] });
        var handler = Server(files);

        AssertGenerated(LoadWithHashes(Sources(_root, handler), files), seed: 7);

        Assert.That(handler.Requests, Is.EqualTo(new[]
        {
            BaseUrl + "train-labels-idx1-ubyte.gz", BaseUrl + "t10k-labels-idx1-ubyte.gz", BaseUrl + "t10k-images-idx3-ubyte.gz",
        }));
    }

    [Test]
    public void LoadData_DownloadChecksumMismatch_ThrowsAndLeavesNoFile()
    {
        // The fake serves generated files, which do not have the SHA-256 Keras publishes for the real ones.
        var handler = Server(KerasFiles(seed: 7));

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadData(Sources(_root, handler)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Message, Does.Contain(BaseUrl + "train-labels-idx1-ubyte.gz")
                .And.Contain("expected SHA-256 a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"));
            Assert.That(Directory.GetFiles(CacheDir), Is.Empty);
        }
    }

    [Test]
    public void LoadData_DownloadInterrupted_ThrowsNotFoundAndLeavesNoPartialFile()
    {
        var files = KerasFiles(seed: 7);
        string url = BaseUrl + "train-images-idx3-ubyte.gz";
        var handler = Server(files).BreakAfter(url, 100, throwIOException: true);

        var e = Assert.Throws<FileNotFoundException>(() => LoadWithHashes(Sources(_root, handler), files));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Message, Does.Contain($"download from {url}: Connection reset by peer."));
            Assert.That(e.InnerException, Is.InstanceOf<IOException>());
            // The labels file before it was complete and stays; the broken one leaves nothing.
            Assert.That(Directory.GetFiles(CacheDir).Select(Path.GetFileName), Is.EqualTo(new[] { "train-labels-idx1-ubyte.gz" }));
        }
    }

    [Test]
    public void LoadData_NowhereAndNoNetwork_ThrowsListingEveryPlaceAndHowToInstall()
    {
        var partial = KerasFiles(seed: 1);
        partial.Remove("train-images-idx3-ubyte.gz");
        partial.Remove("t10k-images-idx3-ubyte.gz");
        WriteAll(SystemDir, partial);
        var handler = new FakeHttpHandler(); // answers 404 to everything, like no network at all

        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.LoadData(Sources(_root, handler)));

        string message = e.Message;
        TestContext.Out.WriteLine(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.StartWith("Could not load the Fashion-MNIST dataset"));
            Assert.That(message, Does.Contain($"1. Keras cache {CacheDir}: the folder does not exist"));
            Assert.That(message, Does.Contain(
                $"2. Debian package dataset-fashion-mnist at {SystemDir}: missing train-images-idx3-ubyte.gz, t10k-images-idx3-ubyte.gz"));
            Assert.That(message, Does.Contain($"3. download from {BaseUrl}train-labels-idx1-ubyte.gz: ").And.Contain("404"));
            Assert.That(message, Does.Contain("sudo apt-get install dataset-fashion-mnist"));
            Assert.That(message, Does.Contain(
                $"copy the files train-labels-idx1-ubyte.gz, train-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz into {CacheDir}"));
            Assert.That(e.InnerException, Is.InstanceOf<HttpRequestException>());
            Assert.That(Directory.GetFiles(CacheDir), Is.Empty);
        }
    }

    [Test]
    public void LoadData_CorruptCacheFile_ThrowsNamingFile()
    {
        var files = KerasFiles(seed: 1);
        files["t10k-labels-idx1-ubyte.gz"] = Gzip(LabelsIdx(2, 5));
        WriteAll(CacheDir, files);

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.LoadData(Sources(_root, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain(Path.Combine(CacheDir, "t10k-labels-idx1-ubyte.gz")).And.Contain("2 images").And.Contain("5 labels"));
    }

    [Test]
    public void ClassNames_MatchTensorFlowTutorial()
    {
        Assert.That(FashionMnist.ClassNames, Is.EqualTo(new[]
        {
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
        }));
    }

    [Test]
    public void FileHashes_AreKerasPublishedSha256()
    {
        Assert.That(FashionMnist.FileHashes, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["train-labels-idx1-ubyte.gz"] = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            ["train-images-idx3-ubyte.gz"] = "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            ["t10k-labels-idx1-ubyte.gz"] = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            ["t10k-images-idx3-ubyte.gz"] = "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        }));
    }

    /// <summary>
    /// End to end on the real data from Debian's dataset-fashion-mnist, which .ci/run installs: this fails rather
    /// than skips when the package is missing. Expected values were computed with Python's gzip module.
    /// </summary>
    [Test]
    public void LoadData_RealDebianPackage_HasKerasShapesAndKnownContent()
    {
        string debian = Path.Combine(DatasetSources.DebianDatasetsDirectory, "fashion-mnist");
        Assert.That(Directory.Exists(debian), Is.True,
            $"{debian} is missing: install it with `sudo apt-get install dataset-fashion-mnist` (.ci/run does this in CI).");
        var handler = new FakeHttpHandler();
        var sources = new DatasetSources
        {
            KerasHome = Path.Combine(_root, "empty-keras-home"),
            SystemDatasetsDirectory = DatasetSources.DebianDatasetsDirectory,
            HttpHandler = handler,
        };

        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData(sources);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Requests, Is.Empty);
            Assert.That(new[] { xTrain.GetLength(0), xTrain.GetLength(1), xTrain.GetLength(2) }, Is.EqualTo(new[] { 60000, 28, 28 }));
            Assert.That(new[] { xTest.GetLength(0), xTest.GetLength(1), xTest.GetLength(2) }, Is.EqualTo(new[] { 10000, 28, 28 }));
            Assert.That(yTrain, Has.Length.EqualTo(60000));
            Assert.That(yTest, Has.Length.EqualTo(10000));
            Assert.That(yTrain[..10], Is.EqualTo(new byte[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }));
            Assert.That(FashionMnist.ClassNames[yTrain[0]], Is.EqualTo("Ankle boot"));
            Assert.That(yTest[..10], Is.EqualTo(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }));
            Assert.That(Counts(yTrain), Is.EqualTo(Enumerable.Repeat(6000, 10).Append(0)), "6,000 training images per class, labels 0-9 only");
            Assert.That(Counts(yTest), Is.EqualTo(Enumerable.Repeat(1000, 10).Append(0)), "1,000 test images per class, labels 0-9 only");
            Assert.That(Sum(xTrain, 0), Is.EqualTo(76247));
            Assert.That(Sum(xTest, 0), Is.EqualTo(33456));
            Assert.That(Enumerable.Range(0, 28).Select(c => xTrain[0, 14, c]), Is.EqualTo(new byte[]
            {
                0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0,
            }));
        }
    }

    /// <summary>How many labels of each value 0-9 there are; a label above 9 is counted in an 11th slot.</summary>
    private static int[] Counts(byte[] labels)
    {
        var counts = new int[11];
        foreach (byte label in labels)
        {
            counts[Math.Min((int)label, 10)]++;
        }

        return counts;
    }

    private static long Sum(byte[,,] images, int index)
    {
        long sum = 0;
        for (int r = 0; r < images.GetLength(1); r++)
        {
            for (int c = 0; c < images.GetLength(2); c++)
            {
                sum += images[index, r, c];
            }
        }

        return sum;
    }
}
