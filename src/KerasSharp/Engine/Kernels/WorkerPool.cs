using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>A job split into numbered parts that can run in any order on any thread.</summary>
internal interface IPartitionedWork
{
    /// <summary>Runs part <paramref name="part"/> (0 ≤ part &lt; the number of parts).</summary>
    void Run(int part);
}

/// <summary>
/// Persistent worker threads for the kernels' parallel loops. The calling thread works too, so a process with
/// <c>n</c> cores keeps <c>n − 1</c> workers. Unlike <c>Parallel.For</c>, running a job allocates nothing and wakes
/// no thread-pool machinery: idle workers spin briefly (a training step issues its products microseconds apart),
/// then sleep until the next job. A worker about to sleep trims its step arena (<see cref="TensorArena.TrimCurrentThread"/>).
/// </summary>
/// <remarks>
/// One job runs at a time. A call that arrives while the pool is busy (from another thread, or from inside a part)
/// runs its parts itself, in order; since each part computes the same values wherever it runs, results never depend
/// on which thread ran which part. An exception thrown by a part is rethrown to the caller after all parts finish.
/// </remarks>
internal static class WorkerPool
{
    /// <summary>How long an idle worker polls for the next job before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly object Gate = new();
    private static Worker[] s_workers = [];
    private static int s_busy;

    // The current job. A sequence number: odd while the caller sets the job up, even once it is published.
    private static int s_generation;
    private static IWorkItem? s_item;
    private static int s_parts;
    private static int s_next;
    private static int s_remaining;
    private static int s_active;
    private static Exception? s_error;

    /// <summary>
    /// Runs <c>work.Run(p)</c> for every p in [0, <paramref name="parts"/>) on the caller and up to
    /// <paramref name="threads"/> − 1 workers, and returns when all parts have finished.
    /// </summary>
    public static void Run<TWork>(ref TWork work, int parts, int threads) where TWork : struct, IPartitionedWork
    {
        if (parts <= 1 || threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int p = 0; p < parts; p++)
            {
                work.Run(p);
            }
            return;
        }
        try
        {
            EnsureWorkers(threads - 1);
            var item = WorkItem<TWork>.Shared;
            item.Value = work;
            Interlocked.Increment(ref s_generation); // odd: workers that have not joined yet stay out
            var spin = new SpinWait();
            while (Volatile.Read(ref s_active) != 0)
            {
                spin.SpinOnce(-1);
            }
            s_item = item;
            s_parts = parts;
            s_next = 0;
            s_remaining = parts;
            s_error = null;
            Interlocked.Increment(ref s_generation); // even: published
            var workers = s_workers;
            for (int i = 0; i < workers.Length && i < threads - 1; i++)
            {
                workers[i].Wake();
            }
            RunParts(item);
            spin = default;
            while (Volatile.Read(ref s_remaining) != 0)
            {
                spin.SpinOnce(-1);
            }
            item.Value = default;
            if (s_error is { } error)
            {
                s_error = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void RunParts(IWorkItem item)
    {
        int parts = s_parts;
        int part;
        while ((part = Interlocked.Increment(ref s_next) - 1) < parts)
        {
            RunPart(item, part);
        }
    }

    private static void RunPart(IWorkItem item, int part)
    {
        try
        {
            item.Run(part);
        }
        catch (Exception e)
        {
            // the caller rethrows the first failure once every part has finished
            Interlocked.CompareExchange(ref s_error, e, null);
        }
        Interlocked.Decrement(ref s_remaining);
    }

    private static void EnsureWorkers(int count)
    {
        if (s_workers.Length >= count)
        {
            return;
        }
        lock (Gate)
        {
            var workers = s_workers;
            if (workers.Length >= count)
            {
                return;
            }
            var grown = new Worker[count];
            workers.CopyTo(grown, 0);
            for (int i = workers.Length; i < count; i++)
            {
                grown[i] = new Worker(i + 1);
            }
            s_workers = grown;
        }
    }

    /// <summary>A job's entry point as the workers see it.</summary>
    private interface IWorkItem
    {
        void Run(int part);
    }

    /// <summary>The one holder per job type, reused for every job of that type (only one job runs at a time).</summary>
    private sealed class WorkItem<TWork> : IWorkItem where TWork : struct, IPartitionedWork
    {
        public static readonly WorkItem<TWork> Shared = new();

        public TWork Value;

        public void Run(int part) => Value.Run(part);
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _wake = new(false);
        private int _sleeping;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"KerasSharp worker {index}" };
            thread.Start();
        }

        public void Wake()
        {
            if (Volatile.Read(ref _sleeping) != 0)
            {
                _wake.Set();
            }
        }

        private void Loop()
        {
            int seen = Volatile.Read(ref s_generation) & ~1;
            while (true)
            {
                int generation = WaitForJob(seen);
                seen = generation;
                Interlocked.Increment(ref s_active);
                if (Volatile.Read(ref s_generation) == generation && s_item is { } item)
                {
                    RunParts(item);
                }
                Interlocked.Decrement(ref s_active);
            }
        }

        /// <summary>Waits until a job newer than <paramref name="seen"/> is published; spins first, then sleeps.</summary>
        private int WaitForJob(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            int spins = 0;
            while (true)
            {
                int generation = Volatile.Read(ref s_generation);
                if (generation != seen && (generation & 1) == 0)
                {
                    return generation;
                }
                // poll tightly (a job is often a few microseconds long), reading the clock only now and then
                if ((++spins & 255) != 0 || Stopwatch.GetTimestamp() < deadline)
                {
                    Thread.SpinWait(1);
                    continue;
                }
                // going idle: a worker that predicted large batches lets go of them (its arena keeps at most the cap)
                TensorArena.TrimCurrentThread();
                Interlocked.Exchange(ref _sleeping, 1);
                generation = Volatile.Read(ref s_generation);
                if (generation == seen || (generation & 1) != 0)
                {
                    _wake.Wait();
                }
                _wake.Reset();
                Interlocked.Exchange(ref _sleeping, 0);
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
                spins = 0;
            }
        }
    }
}
