using KerasSharp.Datasets;
using static KerasSharp.Tests.Datasets.DatasetTestData;

namespace KerasSharp.Tests.Datasets;

[TestFixture]
public class ReutersTests : DatasetFixture
{
    private static readonly TextTestData.Case[] Cases =
    [
        new(),
        new(NumWords: 10, SkipTop: 5, Maxlen: 8, TestSplit: 0.3),
        new(NumWords: 20, StartChar: null, OovChar: null, IndexFrom: 0, Seed: 7, TestSplit: 0.0),
        new(StartChar: null, IndexFrom: 2, Maxlen: 6, Seed: 0),
        new(Maxlen: 1),
    ];

    [Test]
    public void LoadData_TinyCorpus_ProcessesAsKerasDoesForEveryOptionSet()
    {
        var expected = TextTestData.WriteAndProcess("reuters", Path.Combine(DatasetsDir, "reuters.npz"), Cases);
        var sources = Sources(Root, new FakeHttpHandler());

        for (int i = 0; i < Cases.Length; i++)
        {
            TextTestData.Case c = Cases[i];
            var options = new TextSequences.Options(c.NumWords, c.SkipTop, c.Maxlen, c.StartChar, c.OovChar, c.IndexFrom);
            if (expected[i] is null)
            {
                var e = Assert.Throws<ArgumentException>(() => Reuters.LoadData(sources, "reuters.npz", options, c.TestSplit, c.Seed));
                Assert.That(e.Message, Does.StartWith("After filtering for sequences shorter than maxlen=1, no sequence was kept."));
                continue;
            }

            var ((xTrain, yTrain), (xTest, yTest)) = Reuters.LoadData(
                sources, "reuters.npz", options, c.TestSplit, c.Seed);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(xTrain, Is.EqualTo(expected[i]!.XTrain), $"x_train, case {c}");
                Assert.That(yTrain, Is.EqualTo(expected[i]!.YTrain), $"y_train, case {c}");
                Assert.That(xTest, Is.EqualTo(expected[i]!.XTest), $"x_test, case {c}");
                Assert.That(yTest, Is.EqualTo(expected[i]!.YTest), $"y_test, case {c}");
            }
        }

        Assert.That(expected.Count(r => r is null), Is.EqualTo(1), "one case (maxlen=1) raises in Keras");
    }

    [Test]
    public void GetLabelNames_Has46TopicsInKerasOrder()
    {
        var names = Reuters.GetLabelNames();

        Assert.That(names, Has.Count.EqualTo(46));
        Assert.That(names.Take(5), Is.EqualTo(new[] { "cocoa", "grain", "veg-oil", "earn", "acq" }));
        Assert.That(names[^1], Is.EqualTo("lead"));
    }

    [Test]
    public void GetWordIndex_Cached_ReadsIt()
    {
        Directory.CreateDirectory(DatasetsDir);
        File.WriteAllBytes(Path.Combine(DatasetsDir, "reuters_word_index.json"), TextTestData.WordIndexJson());
        var handler = new FakeHttpHandler();

        var index = Reuters.GetWordIndex(Sources(Root, handler), "reuters_word_index.json");

        Assert.That(index["the"], Is.EqualTo(1));
        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public void GetWordIndex_NowhereAndNoNetwork_NamesUrl()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Reuters.GetWordIndex(Sources(Root, new FakeHttpHandler()), "reuters_word_index.json"));

        Assert.That(e.Message, Does.Contain("https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json")
            .And.Contain(Path.Combine(DatasetsDir, "reuters_word_index.json")));
    }
}
