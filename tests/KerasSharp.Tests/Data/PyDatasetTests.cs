using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Training;
using static KerasSharp.Tests.Data.SourceTestData;

namespace KerasSharp.Tests.Data;

public class PyDatasetTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(4)]
    public void Fit_UnshuffledWithWorkers_TrainsBitForBitAsTheArrays(int workers)
    {
        var (x, y) = Arrays();
        var reference = Model();
        reference.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, shuffle: false);
        var model = Model();
        model.Fit(new ArrayBatches(x, y, 8, workers, maxQueueSize: 2), epochs: 3, verbose: 0, shuffle: false);
        Assert.That(Flat(model), Is.EqualTo(Flat(reference)));
    }

    [Test]
    public void Fit_CallsTheEpochHooksOncePerEpoch()
    {
        var (x, y) = Arrays();
        var dataset = new ArrayBatches(x, y, 8, workers: 3);
        Model().Fit(dataset, epochs: 4, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(dataset.EpochBegins, Is.EqualTo(4));
            Assert.That(dataset.EpochEnds, Is.EqualTo(4));
        });
    }

    [Test]
    public void Fit_Shuffled_VisitsEveryBatchOncePerEpoch()
    {
        var (x, y) = Arrays();
        var dataset = new ArrayBatches(x, y, 8);
        var history = Model().Fit(dataset, epochs: 2, verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(dataset.Calls, Is.EqualTo(10));
            Assert.That(history.History["loss"], Has.Count.EqualTo(2));
        });
    }

    [TestCase(1)]
    [TestCase(4)]
    public void Fit_IndexerThrows_FailsNamingTheBatchIndex(int workers)
    {
        var (x, y) = Arrays();
        var dataset = new ArrayBatches(x, y, 8, workers, failAt: 3);
        var error = Assert.Throws<InvalidOperationException>(() => Model().Fit(dataset, epochs: 2, verbose: 0, shuffle: false));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("batch 3"));
            Assert.That(error.InnerException, Is.TypeOf<FormatException>());
            Assert.That(BatchPrefetcher.LiveWorkers, Is.Zero);
        });
    }

    [Test]
    public void Fit_WithWorkers_LeavesNoWorkerThreads()
    {
        var (x, y) = Arrays();
        var model = Model();
        model.Fit(new ArrayBatches(x, y, 8, workers: 4), epochs: 2, verbose: 0, stepsPerEpoch: 3);
        model.Evaluate(new ArrayBatches(x, y, 8, workers: 4), verbose: 0);
        model.Predict(new ArrayBatches(x, y, 8, workers: 4), verbose: 0);
        Assert.That(BatchPrefetcher.LiveWorkers, Is.Zero);
    }

    [Test]
    public void Enumerate_GivesTheBatchesInIndexOrder()
    {
        var (x, y) = Arrays();
        var batches = new ArrayBatches(x, y, 16).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => b.X[0].Shape[0]), Is.EqualTo(new[] { 16, 16, 8 }));
            Assert.That(batches[1].X[0].ToArray(), Is.EqualTo(Ops.SliceRows(x, 16, 16).ToArray()));
        });
    }

    [Test]
    public void Constructor_NegativeWorkers_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ArrayBatches(Arrays().X, Arrays().Y, 8, workers: -1));

    [Test]
    public void Fit_InfiniteWithoutSteps_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Model().Fit(new Endless(), epochs: 1, verbose: 0));
        Assert.That(error!.Message, Does.Contain("stepsPerEpoch"));
    }

    [Test]
    public void Fit_InfiniteWithSteps_GoesOnFromEpochToEpoch()
    {
        var dataset = new Endless();
        Model().Fit(dataset, epochs: 3, verbose: 0, stepsPerEpoch: 2, shuffle: false);
        Assert.That(dataset.Seen, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
    }

    private sealed class Endless : PyDataset
    {
        private readonly (Tensor X, Tensor Y) _data = Arrays(8);

        public List<int> Seen { get; } = [];

        public override int? Count => null;

        public override Batch this[int index]
        {
            get
            {
                Seen.Add(index);
                return _data;
            }
        }
    }
}
