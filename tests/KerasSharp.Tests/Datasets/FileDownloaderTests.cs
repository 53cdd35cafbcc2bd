using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class FileDownloaderTests
{
    private const string Url = "https://example.test/data/file.gz";

    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Path.GetTempPath(), "ks-download-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static byte[] Body(int length)
    {
        var body = new byte[length];
        for (int i = 0; i < length; i++)
        {
            body[i] = (byte)(i * 13);
        }

        return body;
    }

    [Test]
    public void Download_ChecksumMatches_WritesFileAndPrintsKerasProgress()
    {
        byte[] body = Body(200_000);
        var handler = new FakeHttpHandler().Serve(Url, body);
        var output = new StringWriter();
        string destination = Path.Combine(_dir, "sub", "file.gz");

        FileDownloader.Download(new Uri(Url), destination, Sha256(body).ToUpperInvariant(), Sources(_dir, handler, output));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(destination), Is.EqualTo(body));
            Assert.That(Directory.GetFiles(Path.Combine(_dir, "sub")), Is.EqualTo(new[] { destination }));
            Assert.That(handler.Requests, Is.EqualTo(new[] { Url }));
            // Not a terminal: the message, then one final bar line "200000/200000 ==== 0s 0us/step" (ASCII bar: not unicode).
            string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(2));
            Assert.That(lines[0], Is.EqualTo($"Downloading data from {Url}"));
            Assert.That(lines[1], Does.StartWith("200000/200000 ==================== "));
        }
    }

    [Test]
    public void Download_ReplacesExistingDestination()
    {
        byte[] body = Body(10);
        Directory.CreateDirectory(_dir);
        string destination = Path.Combine(_dir, "file.gz");
        File.WriteAllBytes(destination, [1, 2, 3]);

        FileDownloader.Download(new Uri(Url), destination, Sha256(body), Sources(_dir, new FakeHttpHandler().Serve(Url, body)));

        Assert.That(File.ReadAllBytes(destination), Is.EqualTo(body));
    }

    [Test]
    public void Download_ChecksumMismatch_ThrowsAndLeavesNoFile()
    {
        byte[] body = Body(1000);
        string wrong = Sha256([1, 2, 3]);
        string destination = Path.Combine(_dir, "file.gz");

        var e = Assert.Throws<InvalidDataException>(() =>
            FileDownloader.Download(new Uri(Url), destination, wrong, Sources(_dir, new FakeHttpHandler().Serve(Url, body))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Message, Does.Contain(Url)
                .And.Contain("corrupted")
                .And.Contain($"expected SHA-256 {wrong}")
                .And.Contain($"SHA-256 {Sha256(body)}")
                .And.Contain(destination));
            Assert.That(Directory.GetFiles(_dir), Is.Empty);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Download_Interrupted_ThrowsIOExceptionAndLeavesNoFile(bool throwIOException)
    {
        byte[] body = Body(300_000);
        var handler = new FakeHttpHandler().Serve(Url, body).BreakAfter(Url, 150_000, throwIOException);
        string destination = Path.Combine(_dir, "file.gz");

        var e = Assert.Throws(Is.InstanceOf<IOException>(), () =>
            FileDownloader.Download(new Uri(Url), destination, Sha256(body), Sources(_dir, handler)));

        using (Assert.EnterMultipleScope())
        {
            if (!throwIOException)
            {
                Assert.That(e!.Message, Does.Contain("broke off").And.Contain("expected 300000 bytes").And.Contain("received 150000"));
            }

            Assert.That(Directory.GetFiles(_dir), Is.Empty);
        }
    }

    [Test]
    public void Download_Interrupted_KeepsExistingDestination()
    {
        byte[] body = Body(1000);
        Directory.CreateDirectory(_dir);
        string destination = Path.Combine(_dir, "file.gz");
        File.WriteAllBytes(destination, [9, 9]);
        var handler = new FakeHttpHandler().Serve(Url, body).BreakAfter(Url, 10, throwIOException: true);

        Assert.Throws<IOException>(() => FileDownloader.Download(new Uri(Url), destination, Sha256(body), Sources(_dir, handler)));

        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { destination }));
        Assert.That(File.ReadAllBytes(destination), Is.EqualTo(new byte[] { 9, 9 }));
    }

    [Test]
    public void Download_NotFoundStatus_ThrowsHttpRequestExceptionAndLeavesNoFile()
    {
        string destination = Path.Combine(_dir, "file.gz");

        var e = Assert.Throws<HttpRequestException>(() =>
            FileDownloader.Download(new Uri(Url), destination, Sha256([]), Sources(_dir, new FakeHttpHandler())));

        Assert.That(e.Message, Does.Contain("404").And.Contain(Url));
        Assert.That(Directory.GetFiles(_dir), Is.Empty);
    }
}
