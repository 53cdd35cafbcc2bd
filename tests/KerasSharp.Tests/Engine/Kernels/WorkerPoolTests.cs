using KerasSharp.Engine.Kernels;

namespace KerasSharp.Tests.Engine.Kernels;

public class WorkerPoolTests
{
    /// <summary>Counts how often each part ran; optionally starts a nested job from inside a part.</summary>
    private struct CountParts(int[] counts, bool nested) : IPartitionedWork
    {
        public readonly void Run(int part)
        {
            Interlocked.Increment(ref counts[part]);
            if (nested)
            {
                var inner = new CountParts(new int[3], nested: false);
                WorkerPool.Run(ref inner, 3, 2);
            }
        }
    }

    private struct Throwing : IPartitionedWork
    {
        public readonly void Run(int part)
        {
            if (part == 3)
            {
                throw new InvalidOperationException("part 3 failed");
            }
        }
    }

    [TestCase(1, 2)]
    [TestCase(2, 2)]
    [TestCase(7, 2)]
    [TestCase(64, 4)]
    [TestCase(5, 1)]
    public void EveryPartRunsExactlyOnce(int parts, int threads)
    {
        for (int rep = 0; rep < 500; rep++)
        {
            var counts = new int[parts];
            var work = new CountParts(counts, nested: false);
            WorkerPool.Run(ref work, parts, threads);
            Assert.That(counts, Is.All.EqualTo(1), $"repetition {rep}");
        }
    }

    [Test]
    public void ConcurrentCallers_EachGetAllTheirPartsRun()
    {
        var failures = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int rep = 0; rep < 300; rep++)
            {
                var counts = new int[9];
                var work = new CountParts(counts, nested: false);
                WorkerPool.Run(ref work, counts.Length, 2);
                if (counts.Any(c => c != 1))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void NestedJob_RunsInlineWithoutDeadlock()
    {
        var counts = new int[6];
        var work = new CountParts(counts, nested: true);
        WorkerPool.Run(ref work, counts.Length, 2);
        Assert.That(counts, Is.All.EqualTo(1));
    }

    [Test]
    public void ExceptionInAPart_IsRethrownToTheCaller_AndThePoolStaysUsable()
    {
        var failing = new Throwing();
        Assert.That(() => WorkerPool.Run(ref failing, 8, 2), Throws.InvalidOperationException.With.Message.EqualTo("part 3 failed"));
        var counts = new int[8];
        var work = new CountParts(counts, nested: false);
        WorkerPool.Run(ref work, counts.Length, 2);
        Assert.That(counts, Is.All.EqualTo(1));
    }

    [Test]
    public void RunningAJob_AllocatesNothingOnTheCallingThread()
    {
        var counts = new int[4];
        long bytes = Allocation.Measure(() =>
        {
            var work = new CountParts(counts, nested: false);
            WorkerPool.Run(ref work, counts.Length, 2);
        });
        Assert.That(bytes, Is.Zero);
    }
}
