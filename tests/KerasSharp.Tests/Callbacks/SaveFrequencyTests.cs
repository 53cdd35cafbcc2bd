using KerasSharp.Callbacks;

namespace KerasSharp.Tests.Callbacks;

public class SaveFrequencyTests
{
    [Test]
    public void Literals_AsKerasUsersWriteThem()
    {
        SaveFrequency epoch = "epoch";
        SaveFrequency batches = 3;
        Assert.Multiple(() =>
        {
            Assert.That(epoch.IsEpoch, Is.True);
            Assert.That(epoch, Is.EqualTo(SaveFrequency.Epoch));
            Assert.That(batches.IsEpoch, Is.False);
            Assert.That(batches.Batches, Is.EqualTo(3));
            Assert.That(batches.ToString(), Is.EqualTo("3"));
        });
    }

    [Test]
    public void BadValues_AreRejectedWithKerasMessage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => { SaveFrequency f = "batch"; _ = f; }, Throws.ArgumentException.With.Message.Contains("Unrecognized save_freq: batch"));
            Assert.That(() => { SaveFrequency f = 0; _ = f; }, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Unrecognized save_freq: 0"));
        });
    }

    [Test]
    public void DueAfter_CountsBatchesAcrossEpochs()
    {
        SaveFrequency every3 = 3;
        int last = -1, since = 0;
        var due = new List<(int Epoch, int Batch)>();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int batch = 0; batch < 5; batch++)
            {
                if (every3.DueAfter(batch, ref last, ref since))
                {
                    due.Add((epoch, batch));
                }
            }
        }
        // batches 1..10 overall: saves after the 3rd, 6th and 9th
        Assert.That(due, Is.EqualTo(new[] { (0, 2), (1, 0), (1, 3) }));
    }
}
