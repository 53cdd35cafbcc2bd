using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Data;

public class TimeseriesDatasetTests
{
    private static Tensor Range(int n) => Tensor.FromArray([.. Enumerable.Range(0, n).Select(i => (float)i)], n);

    [Test]
    public void TimeseriesDatasetFromArray_DocstringExample1_GivesTheListedSequences()
    {
        // Keras' docstring: indices 0 … 98, sequenceLength 10, samplingRate 2, sequenceStride 3
        var dataset = Keras.Utils.TimeseriesDatasetFromArray(Range(99), null, sequenceLength: 10, sequenceStride: 3, samplingRate: 2);
        var x = dataset[0].X[0];
        float[] Row(int i) => x.ToArray()[(i * 10)..((i + 1) * 10)];
        Assert.Multiple(() =>
        {
            Assert.That(dataset.Count, Is.EqualTo(1));
            Assert.That(x.Shape.Dims.ToArray(), Is.EqualTo(new[] { 27, 10 }));
            Assert.That(Row(0), Is.EqualTo(new float[] { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18 }));
            Assert.That(Row(1), Is.EqualTo(new float[] { 3, 5, 7, 9, 11, 13, 15, 17, 19, 21 }));
            Assert.That(Row(2), Is.EqualTo(new float[] { 6, 8, 10, 12, 14, 16, 18, 20, 22, 24 }));
            Assert.That(Row(26), Is.EqualTo(new float[] { 78, 80, 82, 84, 86, 88, 90, 92, 94, 96 }));
            Assert.That(dataset[0].HasTargets, Is.False);
        });
    }

    [Test]
    public void TimeseriesDatasetFromArray_DocstringExample2_PastTenStepsPredictTheNext()
    {
        var data = Range(100);
        var dataset = Keras.Utils.TimeseriesDatasetFromArray(Ops.SliceRows(data, 0, 90), Ops.SliceRows(data, 10, 90), sequenceLength: 10);
        var (inputs, targets) = dataset.First();
        Assert.Multiple(() =>
        {
            Assert.That(inputs[0].ToArray()[..10], Is.EqualTo(data.ToArray()[..10]));
            Assert.That(targets[0].ToArray()[0], Is.EqualTo(10f));
            Assert.That(inputs[0].Shape.Dims.ToArray(), Is.EqualTo(new[] { 81, 10 }));
        });
    }

    [Test]
    public void TimeseriesDatasetFromArray_DocstringExample3_NonOverlappingWindows()
    {
        var x = Range(100);
        var y = Tensor.FromArray([.. Enumerable.Range(0, 100).Select(i => 2f * i)], 100);
        var inputs = Keras.Utils.TimeseriesDatasetFromArray(x, null, sequenceLength: 20, sequenceStride: 20).First().X[0];
        var targets = Keras.Utils.TimeseriesDatasetFromArray(y, null, sequenceLength: 20, sequenceStride: 20).First().X[0];
        Assert.Multiple(() =>
        {
            Assert.That(inputs.ToArray()[..20], Is.EqualTo(x.ToArray()[..20]));
            Assert.That(targets.ToArray()[20..40], Is.EqualTo(y.ToArray()[20..40]));
        });
    }

    [Test]
    public void TimeseriesDatasetFromArray_BatchSize_CutsTheWindowsIntoBatches()
    {
        var dataset = Keras.Utils.TimeseriesDatasetFromArray(Range(20), Range(20), sequenceLength: 5, batchSize: 6);
        // 16 windows: batches of 6, 6 and 4
        Assert.Multiple(() =>
        {
            Assert.That(dataset.Count, Is.EqualTo(3));
            Assert.That(dataset.Select(b => b.X[0].Shape[0]), Is.EqualTo(new[] { 6, 6, 4 }));
            Assert.That(dataset[2].Y[0].ToArray(), Is.EqualTo(new float[] { 12, 13, 14, 15 }));
        });
    }

    [Test]
    public void TimeseriesDatasetFromArray_StartAndEndIndex_UseOnlyThatRange()
    {
        var dataset = Keras.Utils.TimeseriesDatasetFromArray(Range(30), null, sequenceLength: 3, startIndex: 10, endIndex: 20);
        var x = dataset[0].X[0];
        Assert.Multiple(() =>
        {
            Assert.That(x.Shape[0], Is.EqualTo(8));
            Assert.That(x.ToArray()[..3], Is.EqualTo(new float[] { 10, 11, 12 }));
            Assert.That(x.ToArray()[^3..], Is.EqualTo(new float[] { 17, 18, 19 }));
        });
    }

    [Test]
    public void TimeseriesDatasetFromArray_ShuffleWithSeed_IsRepeatableAndKeepsTheWindows()
    {
        var a = Keras.Utils.TimeseriesDatasetFromArray(Range(50), null, sequenceLength: 4, shuffle: true, seed: 7);
        var b = Keras.Utils.TimeseriesDatasetFromArray(Range(50), null, sequenceLength: 4, shuffle: true, seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(a.StartPositions, Is.EqualTo(b.StartPositions));
            Assert.That(a.StartPositions, Is.Not.EqualTo(Enumerable.Range(0, 47)));
            Assert.That(a.StartPositions.Order(), Is.EqualTo(Enumerable.Range(0, 47)));
        });
    }

    [TestCase(0, 1, null, null, "`samplingRate` must be higher than 0")]
    [TestCase(1, 0, null, null, "`sequenceStride` must be higher than 0")]
    [TestCase(1, 1, -1, null, "`startIndex` must be 0 or greater")]
    [TestCase(1, 1, 5, 3, "`endIndex` must be higher than `startIndex`")]
    [TestCase(1, 1, null, 10, "`endIndex` must be lower than the length of the data")]
    [TestCase(10, 1, null, null, "`samplingRate` must be lower than the length of the data")]
    public void TimeseriesDatasetFromArray_InvalidArgument_ThrowsKerasMessage(int samplingRate, int stride, int? start, int? end, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Keras.Utils.TimeseriesDatasetFromArray(Range(10), null, sequenceLength: 2, sequenceStride: stride, samplingRate: samplingRate, startIndex: start, endIndex: end));
        Assert.That(error!.Message, Does.StartWith(message));
    }

    [Test]
    public void Fit_TimeseriesDataset_Trains()
    {
        var data = Range(60);
        var dataset = Keras.Utils.TimeseriesDatasetFromArray(Ops.SliceRows(data, 0, 56), Ops.SliceRows(data, 4, 56), sequenceLength: 4, batchSize: 16);
        Keras.SetRandomSeed(1);
        var model = new Sequential([new Input(shape: [4]), new Dense(1)]);
        model.Compile(optimizer: "sgd", loss: "mse");
        var history = model.Fit(dataset, epochs: 2, verbose: 0);
        Assert.That(history.History["loss"], Has.Count.EqualTo(2));
    }
}
