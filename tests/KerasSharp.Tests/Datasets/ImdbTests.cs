using System.Security.Cryptography;
using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class ImdbTests : DatasetFixture
{
    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz";
    private const string WordIndexOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json";

    private static readonly TextTestData.Case[] Cases =
    [
        new(),
        new(NumWords: 10, SkipTop: 5, Maxlen: 8),
        new(NumWords: 20, StartChar: null, OovChar: null, IndexFrom: 0, Seed: 7),
        new(StartChar: null, IndexFrom: 2, Maxlen: 6, Seed: 0),
        new(NumWords: 12, OovChar: null, SkipTop: 4, Seed: 1),
        new(Maxlen: 1),
    ];

    private static TextSequences.Options Options(TextTestData.Case c) => new(c.NumWords, c.SkipTop, c.Maxlen, c.StartChar, c.OovChar, c.IndexFrom);

    [Test]
    public void LoadData_TinyCorpus_ProcessesAsKerasDoesForEveryOptionSet()
    {
        var expected = TextTestData.WriteAndProcess("imdb", Path.Combine(DatasetsDir, "imdb.npz"), Cases);
        var sources = Sources(Root, new FakeHttpHandler());

        for (int i = 0; i < Cases.Length; i++)
        {
            TextTestData.Case c = Cases[i];
            if (expected[i] is not { } keras)
            {
                var e = Assert.Throws<ArgumentException>(() => Imdb.LoadData(sources, "imdb.npz", Options(c), c.Seed), $"case {c}");
                Assert.That(e.Message, Does.StartWith($"After filtering for sequences shorter than maxlen={c.Maxlen}, no sequence was kept. Increase maxlen."));
                continue;
            }

            var ((xTrain, yTrain), (xTest, yTest)) = Imdb.LoadData(sources, "imdb.npz", Options(c), c.Seed);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(xTrain, Is.EqualTo(keras.XTrain), $"x_train, case {c}");
                Assert.That(yTrain, Is.EqualTo(keras.YTrain), $"y_train, case {c}");
                Assert.That(xTest, Is.EqualTo(keras.XTest), $"x_test, case {c}");
                Assert.That(yTest, Is.EqualTo(keras.YTest), $"y_test, case {c}");
            }
        }

        Assert.That(expected.Count(r => r is null), Is.EqualTo(1), "one case (maxlen=1) raises in Keras");
    }

    [Test]
    public void LoadData_Nowhere_DownloadsWithHashCheck()
    {
        string scratch = Path.Combine(Root, "scratch", "imdb.npz");
        var expected = TextTestData.WriteAndProcess("imdb", scratch, [new()]);
        byte[] npz = File.ReadAllBytes(scratch);
        var handler = new FakeHttpHandler().Serve(Origin, npz);

        var ((xTrain, _), _) = Imdb.LoadData(Sources(Root, handler), "imdb.npz", Options(new()), 113, Sha256(npz));

        Assert.That(xTrain, Is.EqualTo(expected[0]!.XTrain));
        Assert.That(handler.Requests, Is.EqualTo(new[] { Origin }));
        Assert.That(File.Exists(Path.Combine(DatasetsDir, "imdb.npz")), Is.True);
    }

    [Test]
    public void LoadData_NowhereAndNoNetwork_NamesUrlAndWhereToSaveTheFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Imdb.LoadData(Sources(Root, new FakeHttpHandler()), "imdb.npz", Options(new()), 113));

        Assert.That(e.Message, Does.StartWith("Could not load the IMDB dataset")
            .And.Contain($"download {Origin} on a machine with network access and save it as {Path.Combine(DatasetsDir, "imdb.npz")}."));
    }

    [Test]
    public void GetWordIndex_Download_ChecksKerasMd5AndReadsJson()
    {
        byte[] json = TextTestData.WordIndexJson();
        string md5 = Convert.ToHexStringLower(MD5.HashData(json));
        var handler = new FakeHttpHandler().Serve(WordIndexOrigin, json);

        var index = Imdb.GetWordIndex(Sources(Root, handler), "imdb_word_index.json", md5);

        Assert.That(index, Is.EqualTo(new Dictionary<string, int> { ["the"] = 1, ["and"] = 2, ["café"] = 3 }));
        Assert.That(File.ReadAllBytes(Path.Combine(DatasetsDir, "imdb_word_index.json")), Is.EqualTo(json));
    }

    [Test]
    public void GetWordIndex_WrongMd5_ThrowsNamingKerasMd5()
    {
        var handler = new FakeHttpHandler().Serve(WordIndexOrigin, TextTestData.WordIndexJson());

        var e = Assert.Throws<InvalidDataException>(() => Imdb.GetWordIndex(Sources(Root, handler), "imdb_word_index.json"));

        Assert.That(e.Message, Does.Contain("expected MD5 bfafd718b763782e994055a2d397834f"));
    }

    [Test]
    public void GetWordIndex_NotAnObjectOfIntegers_ThrowsInvalidData()
    {
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllText(Path.Combine(DatasetsDir, "w.json"), "{\"the\": \"one\"}");

        var e = Assert.Throws<InvalidDataException>(() => Imdb.GetWordIndex(Sources(Root, new FakeHttpHandler()), "w.json"));

        Assert.That(e.Message, Does.Contain("maps 'the' to \"one\""));
    }

    [Test]
    public void LoadData_ObjectArrayOfNonLists_ThrowsNamingArray()
    {
        Directory.CreateDirectory(DatasetsDir);
        string path = Path.Combine(DatasetsDir, "bad.npz");
        Saving.H5py.Run(
            """
            import sys, numpy as np
            x = np.empty(2, dtype=object); x[0] = [1]; x[1] = 'text'
            np.savez(sys.argv[1], x_train=x, y_train=np.zeros(2, 'int64'), x_test=x, y_test=np.zeros(2, 'int64'))
            """,
            path);

        var e = Assert.Throws<InvalidDataException>(() => Imdb.LoadData(Sources(Root, new FakeHttpHandler()), "bad.npz", Options(new()), 113));

        Assert.That(e.Message, Does.Contain("Array 'x_train'").And.Contain(path).And.Contain("element 1 is not a list of integers"));
    }
}
