using KerasSharp.Data;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Data;

public class SplitDatasetTests
{
    private static Tensor Rows(int n) => Tensor.FromArray([.. Enumerable.Range(0, n * 2).Select(i => (float)i)], n, 2);

    [Test]
    public void SplitDataset_Fraction_SplitsTheFirstAndLastSamples()
    {
        var (left, right) = Keras.Utils.SplitDataset(Rows(10), leftSize: 0.8);
        Assert.Multiple(() =>
        {
            Assert.That(left.Shape[0], Is.EqualTo(8));
            Assert.That(right.Shape[0], Is.EqualTo(2));
            Assert.That(right.ToArray(), Is.EqualTo(new float[] { 16, 17, 18, 19 }));
        });
    }

    [Test]
    public void SplitDataset_Counts_TakeThatManyFromEachEnd()
    {
        var (left, right) = Keras.Utils.SplitDataset(Rows(10), leftSize: 3, rightSize: 2);
        Assert.Multiple(() =>
        {
            Assert.That(left.ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(right.ToArray(), Is.EqualTo(new float[] { 16, 17, 18, 19 }));
        });
    }

    [Test]
    public void SplitDataset_RightFractionOnly_RoundsHalfToEven()
    {
        // Python's round(0.25 * 10) is 2
        var (left, right) = Keras.Utils.SplitDataset(Rows(10), rightSize: 0.25);
        Assert.That((left.Shape[0], right.Shape[0]), Is.EqualTo((8, 2)));
    }

    [Test]
    public void SplitDataset_ArraysShuffled_KeepsRowsTogether()
    {
        var x = Rows(20);
        var y = Tensor.FromArray([.. Enumerable.Range(0, 20).Select(i => (float)i)], 20);
        var (left, right) = Keras.Utils.SplitDataset([x, y], leftSize: 15, shuffle: true, seed: 3);
        var lx = left[0].ToArray();
        var ly = left[1].ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(right[1].Shape[0], Is.EqualTo(5));
            Assert.That(Enumerable.Range(0, 15).All(i => lx[2 * i] == 2 * ly[i]), Is.True);
            Assert.That(ly.Concat(right[1].ToArray()).Order(), Is.EqualTo(y.ToArray()));
            Assert.That(ly, Is.Not.EqualTo(y.ToArray()[..15]));
        });
    }

    [Test]
    public void SplitDataset_Source_SplitsBySamplesAndKeepsTheBatchSize()
    {
        var (x, y) = SourceTestData.Arrays();
        var (left, right) = Keras.Utils.SplitDataset(new ArrayBatches(x, y, 8), leftSize: 0.75);
        Assert.Multiple(() =>
        {
            Assert.That(left.Select(b => b.X[0].Shape[0]), Is.EqualTo(new[] { 8, 8, 8, 6 }));
            Assert.That(right.Select(b => b.X[0].Shape[0]), Is.EqualTo(new[] { 8, 2 }));
            Assert.That(right.First().Y[0].ToArray(), Is.EqualTo(Ops.SliceRows(y, 30, 8).ToArray()));
        });
    }

    [TestCase(null, null, "At least one of the `leftSize` or `rightSize` must be specified")]
    [TestCase(0, 0, "Both `leftSize` and `rightSize` are zero")]
    [TestCase(10, null, "`leftSize` should be either a positive integer smaller than 10")]
    [TestCase(null, -1, "`rightSize` should be either a positive integer and smaller than 10")]
    [TestCase(6, 6, "The sum of `leftSize` and `rightSize` should be smaller than the 10")]
    public void SplitDataset_InvalidCounts_ThrowKerasMessage(int? left, int? right, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Keras.Utils.SplitDataset(Rows(10), left is int l ? l : null, right is int r ? r : null));
        Assert.That(error!.Message, Does.StartWith(message));
    }

    [Test]
    public void SplitDataset_FractionOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Keras.Utils.SplitDataset(Rows(10), leftSize: 1.0));
        Assert.That(error!.Message, Does.Contain("Received: leftSize=1.0"));
    }

    [Test]
    public void SplitDataset_FractionsOverOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Keras.Utils.SplitDataset(Rows(10), leftSize: 0.6, rightSize: 0.5));
        Assert.That(error!.Message, Does.StartWith("The sum of `leftSize` and `rightSize` is greater than 1"));
    }

    [Test]
    public void SplitDataset_SideRoundsToEmpty_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Keras.Utils.SplitDataset(Rows(10), leftSize: 0.01));
        Assert.That(error!.Message, Does.Contain("Resulting left side dataset split will be empty"));
    }

    [Test]
    public void SplitSize_IntAndDouble_AreCountAndFraction()
    {
        SplitSize count = 800;
        SplitSize fraction = 0.8;
        Assert.Multiple(() =>
        {
            Assert.That(count.IsFraction, Is.False);
            Assert.That(fraction.IsFraction, Is.True);
            Assert.That(fraction.ToString(), Is.EqualTo("0.8"));
        });
    }
}
