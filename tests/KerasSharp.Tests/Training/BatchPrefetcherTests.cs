using KerasSharp.Data;
using KerasSharp.Engine;
using KerasSharp.Training;

namespace KerasSharp.Tests.Training;

public class BatchPrefetcherTests
{
    /// <summary>Batch i is the scalar i; the calls take uneven times, so workers finish out of order.</summary>
    private sealed class Uneven(int count, int workers, int maxQueueSize) : PyDataset(workers, maxQueueSize: maxQueueSize)
    {
        private int _started;

        public int Consumed;
        public int MostAhead;

        public override int? Count => count;

        public override Batch this[int index]
        {
            get
            {
                int started = Interlocked.Increment(ref _started);
                int ahead = started - Volatile.Read(ref Consumed);
                int most;
                while (ahead > (most = Volatile.Read(ref MostAhead)) && Interlocked.CompareExchange(ref MostAhead, ahead, most) != most)
                {
                }
                Thread.Sleep(index % 3);
                return Tensor.FromArray([(float)index], 1);
            }
        }
    }

    [Test]
    public void Take_WorkersFinishOutOfOrder_GivesTheBatchesInOrderWithinTheQueueSize()
    {
        var dataset = new Uneven(30, workers: 4, maxQueueSize: 3);
        var order = Enumerable.Range(0, 30).Reverse().ToArray();
        var taken = new List<float>();
        using (var prefetcher = new BatchPrefetcher(dataset, p => order[p], 0, 30))
        {
            for (int i = 0; i < 30; i++)
            {
                taken.Add(prefetcher.Take().X[0].ToArray()[0]);
                Interlocked.Increment(ref dataset.Consumed);
            }
        }
        Assert.Multiple(() =>
        {
            Assert.That(taken, Is.EqualTo(order.Select(i => (float)i)));
            // the batch being taken plus the queue
            Assert.That(dataset.MostAhead, Is.LessThanOrEqualTo(4));
            Assert.That(BatchPrefetcher.LiveWorkers, Is.Zero);
        });
    }

    [Test]
    public void Dispose_BeforeTheEnd_StopsAndJoinsTheWorkers()
    {
        var dataset = new Uneven(1000, workers: 4, maxQueueSize: 2);
        var prefetcher = new BatchPrefetcher(dataset, p => (int)p, 0, 1000);
        prefetcher.Take();
        prefetcher.Dispose();
        Assert.That(BatchPrefetcher.LiveWorkers, Is.Zero);
    }
}
