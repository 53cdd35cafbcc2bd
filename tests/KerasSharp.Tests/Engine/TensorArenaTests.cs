using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

namespace KerasSharp.Tests.Engine;

public class TensorArenaTests
{
    private long _cap;

    [SetUp]
    public void SetUp()
    {
        _cap = TensorArena.SpareBytesCap;
        ThisThreadsArena().Clear();
    }

    [TearDown]
    public void TearDown() => TensorArena.SpareBytesCap = _cap;

    /// <summary>The calling thread's arena (created by an empty step if needed).</summary>
    internal static TensorArena ThisThreadsArena()
    {
        using (TensorArena.Step())
        {
        }
        return TensorArena.OfCurrentThread!;
    }

    /// <summary>One step renting a buffer of each length; returns the buffers.</summary>
    private static float[][] StepRenting(params int[] lengths)
    {
        var buffers = new float[lengths.Length][];
        using (TensorArena.Step())
        {
            for (int i = 0; i < lengths.Length; i++)
            {
                buffers[i] = TensorArena.Current!.Rent(lengths[i]);
            }
        }
        return buffers;
    }

    [Test]
    public void Step_ReusesTheSameBuffersForTheSameOps()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]);
        float[] first, second;
        using (TensorArena.Step())
        {
            first = Ops.Exp(x).Buffer;
        }
        using (TensorArena.Step())
        {
            second = Ops.Exp(x).Buffer;
        }
        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void OutsideAStep_OpsAllocateOrdinaryBuffers()
    {
        var y = Ops.Exp(Tensor.FromArray([1f]));
        Assert.That(y.IsPooled, Is.False);
    }

    [Test]
    public void Variable_CopiesAnArenaValue()
    {
        Variable v;
        using (TensorArena.Step())
        {
            var pooled = Ops.Exp(Tensor.FromArray([0f, 1f]));
            Assert.That(pooled.IsPooled, Is.True);
            v = new Variable(pooled, "v");
        }
        using (TensorArena.Step())
        {
            _ = Ops.Exp(Tensor.FromArray([5f, 5f]));   // would overwrite a recycled buffer
        }
        Assert.That(v.Value.IsPooled, Is.False);
        Assert.That(v.Value.ToArray(), Is.EqualTo(new[] { 1f, MathF.Exp(1f) }));
    }

    [Test]
    public void LayerBuiltInsideAStep_KeepsItsWeightsAfterTheStep()
    {
        var layer = new Dense(3, kernelInitializer: "ones");
        using (TensorArena.Step())
        {
            layer.Apply(Tensor.Ones(new Shape(2, 4)));
        }
        using (TensorArena.Step())
        {
            _ = Ops.Add(Tensor.Zeros(new Shape(4, 3)), Tensor.Full(new Shape(4, 3), 9f));
        }
        Assert.That(layer.Kernel.Value.IsPooled, Is.False);
        Assert.That(layer.Kernel.Value.ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void NestedSteps_ReleaseOnlyAtTheOutermost()
    {
        float[] inner;
        using (TensorArena.Step())
        {
            using (TensorArena.Step())
            {
                inner = Ops.Exp(Tensor.FromArray([1f, 2f])).Buffer;
            }
            var other = Ops.Exp(Tensor.FromArray([3f, 4f])).Buffer;
            Assert.That(other, Is.Not.SameAs(inner), "a buffer must not be reused while its step is still open");
        }
    }

    [Test]
    public void Predict_ResultsOutliveLaterSteps()
    {
        Keras.SetRandomSeed(3);
        var model = new Sequential([new Input(shape: [2]), new Dense(4, activation: "relu"), new Dense(1)]);
        var a = model.Predict(new float[,] { { 1, 2 } }, verbose: 0);
        var before = a.ToArray();
        model.Predict(new float[,] { { -5, 7 } }, verbose: 0);
        Assert.That(a.IsPooled, Is.False);
        Assert.That(a.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void Rent_ShorterRequest_ReusesAFreeBufferAtMost16TimesLonger()
    {
        var full = StepRenting(160_000)[0];
        bool sixteenTimesShorter = ReferenceEquals(StepRenting(10_000)[0], full);
        bool thirtyTwoTimesShorter = ReferenceEquals(StepRenting(5_000)[0], full);
        Assert.Multiple(() =>
        {
            Assert.That(sixteenTimesShorter, Is.True, "16 times shorter reuses it");
            Assert.That(thirtyTwoTimesShorter, Is.False, "32 times shorter gets a buffer of its own");
        });
    }

    [Test]
    public void Step_OneOffLargeStep_KeepsAtMostTheCap()
    {
        TensorArena.SpareBytesCap = 1 << 20;
        StepRenting(1000, 1 << 20, 3 << 18);
        // the 4 MB and 3 MB buffers are used once: only the small one fits in the cap
        Assert.That(ThisThreadsArena().RetainedBytes, Is.EqualTo(4000));
    }

    [Test]
    public void Step_RecurringWorkingSetLargerThanTheCap_IsKeptAndReused()
    {
        TensorArena.SpareBytesCap = 1 << 20;
        StepRenting(1 << 20, 1 << 20);
        var second = StepRenting(1 << 20, 1 << 20);
        var third = StepRenting(1 << 20, 1 << 20);
        Assert.Multiple(() =>
        {
            Assert.That(third, Is.EquivalentTo(second), "the same two 4 MB buffers serve every later step");
            Assert.That(ThisThreadsArena().RetainedBytes, Is.EqualTo(8L << 20));
        });
    }

    [Test]
    public void Step_RecurringWorkingSetNoLongerUsed_IsDroppedBeyondTheCap()
    {
        TensorArena.SpareBytesCap = 1 << 20;
        for (int i = 0; i < 3; i++)
        {
            StepRenting(1 << 20, 1000);
        }
        for (int i = 0; i < 40; i++)
        {
            StepRenting(1000);
        }
        Assert.That(ThisThreadsArena().RetainedBytes, Is.EqualTo(4000));
    }

    [Test]
    public void Step_TrainingBuffersAcrossLongValidationPhases_AreKept()
    {
        TensorArena.SpareBytesCap = 0;
        float[] training = [];
        for (int epoch = 0; epoch < 4; epoch++)
        {
            for (int i = 0; i < 20; i++)
            {
                training = StepRenting(1 << 16, 500)[0];
            }
            for (int i = 0; i < 30; i++)
            {
                StepRenting(500);   // a validation phase longer than the minimal window, which only the gap covers
            }
        }
        var next = StepRenting(1 << 16, 500)[0];
        Assert.That(next, Is.SameAs(training));
    }

    [Test]
    public void Step_LengthUnusedWhileEightStepsAllocate_IsDropped()
    {
        var first = StepRenting(777)[0];
        for (int i = 1; i <= 9; i++)
        {
            StepRenting(1000 + i);
        }
        Assert.That(StepRenting(777)[0], Is.Not.SameAs(first));
    }

    [Test]
    public void Step_LengthUnusedWhileStepsAllocateNothing_IsKept()
    {
        var first = StepRenting(777)[0];
        StepRenting(1001);
        for (int i = 0; i < 100; i++)
        {
            StepRenting(1001);
        }
        Assert.That(StepRenting(777)[0], Is.SameAs(first));
    }

    [Test]
    public void Clear_InsideAStep_ReleasesEverythingWhenTheStepEnds()
    {
        var arena = ThisThreadsArena();
        StepRenting(5000);
        using (TensorArena.Step())
        {
            var before = Ops.Exp(Tensor.FromArray([0f, 1f]));
            arena.Clear();
            var after = Ops.Add(before, Ops.Exp(Tensor.FromArray([0f, 0f])));
            Assert.That(after.ToArray(), Is.EqualTo(new[] { 2f, MathF.E + 1f }), "the step goes on with its buffers");
        }
        Assert.Multiple(() =>
        {
            Assert.That(arena.RetainedBytes, Is.Zero);
            Assert.That(arena.RetainedTensors, Is.Zero);
        });
    }

    [Test]
    public void Predict_LargeBatch_LeavesAtMostTheCap()
    {
        TensorArena.SpareBytesCap = 1 << 20;
        Keras.SetRandomSeed(2);
        var model = new Sequential([new Input(shape: [64]), new Dense(1024, activation: "relu"), new Dense(10)]);
        var x = Tensor.Ones(new Shape(4096, 64));
        var arena = ThisThreadsArena();
        model.Predict(x, batchSize: 4096, verbose: 0);
        long oneBatch = arena.RetainedBytes;
        model.Predict(x, batchSize: 1024, verbose: 0);   // four batches, recurring, some on the worker threads
        Assert.Multiple(() =>
        {
            // a batch's activations alone are 16 MB (4 MB for 1024 rows)
            Assert.That(oneBatch, Is.LessThanOrEqualTo(1 << 20), "one batch of 4096");
            Assert.That(arena.RetainedBytes, Is.LessThanOrEqualTo(1 << 20), "four batches of 1024");
        });
    }

    [Test]
    public void Fit_ModelsOfGrowingWidth_RetainedMemoryLevelsOff()
    {
        Keras.SetRandomSeed(4);
        var x = Tensor.Ones(new Shape(16, 784));
        var y = Tensor.Zeros(new Shape(16));
        var arena = ThisThreadsArena();
        void Train(int width)
        {
            var model = new Sequential([new Input(shape: [784]), new Dense(width, activation: "relu"), new Dense(10)]);
            model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy");
            model.Fit(x, y, batchSize: 16, epochs: 1, verbose: 0);
            model.Predict(x, verbose: 0);
        }
        Train(1);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long mostRetained = 0;
        for (int width = 2; width <= 200; width++)
        {
            Train(width);
            mostRetained = Math.Max(mostRetained, arena.RetainedBytes);
        }
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        // keeping every model's buffers would hold more than 60 MB (the kernel gradients alone: 784·w floats each)
        Assert.Multiple(() =>
        {
            Assert.That(mostRetained, Is.LessThanOrEqualTo(TensorArena.SpareBytesCap + (4 << 20)), "arena");
            Assert.That(heapGrowth, Is.LessThan(TensorArena.SpareBytesCap + (8 << 20)), "heap");
        });
    }
}
