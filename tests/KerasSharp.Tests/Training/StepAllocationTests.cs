using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Training;

/// <summary>
/// A steady-state training step allocates no managed memory: the step arena recycles tensors, the tape recycles its
/// nodes, and the loop reuses its logs. Measured on the training thread from the start to the end of each batch.
/// </summary>
public class StepAllocationTests
{
    private static (Tensor X, Tensor Y) Data(int n, Shape sampleShape, int classes)
    {
        var rng = new Random(3);
        var x = new float[n * sampleShape.Size];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextSingle();
        }
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = classes == 2 ? rng.Next(2) : rng.Next(classes);
        }
        return (Tensor.FromArray(x, [n, .. sampleShape]), Tensor.FromArray(y, classes == 2 ? [n, 1] : [n]));
    }

    /// <summary>Trains three epochs and returns the allocations of the last epoch's steps (the first ones warm up).</summary>
    private static List<long> LastEpochStepAllocations(Model model, Tensor x, Tensor y, int batchSize)
    {
        var probe = new StepAllocations();
        model.Fit(x, y, batchSize: batchSize, epochs: 3, verbose: 0, callbacks: [probe]);
        int steps = (x.Shape[0] + batchSize - 1) / batchSize;
        return probe.Bytes[^steps..];
    }

    [Test]
    public void MlpWithAdam_SparseCrossEntropyFromLogits_AndAccuracy_AllocatesNothingPerStep()
    {
        Keras.SetRandomSeed(1);
        var model = new Sequential([new Flatten(inputShape: [28, 28]), new Dense(128, activation: "relu"), new Dense(10)]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        var (x, y) = Data(200, [28, 28], 10);
        // 200 = 6 full batches of 32 and a short one of 8: both sizes must reuse their buffers
        Assert.That(LastEpochStepAllocations(model, x, y, 32), Is.All.EqualTo(0));
    }

    [Test]
    public void ShortLastBatch_ReusesTheFullBatchesBuffers()
    {
        Keras.SetRandomSeed(1);
        var model = new Sequential([new Flatten(inputShape: [28, 28]), new Dense(128, activation: "relu"), new Dense(10)]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        var (x, y) = Data(100, [28, 28], 10);
        // two epochs of full batches only, then one that ends with a batch of 4 never seen before
        model.Fit(Ops.SliceRows(x, 0, 96), Ops.SliceRows(y, 0, 96), batchSize: 32, epochs: 2, verbose: 0);
        var probe = new StepAllocations();
        model.Fit(x, y, batchSize: 32, epochs: 2, verbose: 0, callbacks: [probe]);
        Assert.That(probe.Bytes, Has.Count.EqualTo(8));
        Assert.Multiple(() =>
        {
            // new buffers for it would take more than 12 KB for the batch of inputs alone; what remains is
            // remembering the batch's new shapes
            Assert.That(probe.Bytes[3], Is.LessThan(6000), "the first batch of 4 takes longer free buffers instead of new ones");
            Assert.That(probe.Bytes[7], Is.EqualTo(0), "the next batch of 4 allocates nothing");
        });
    }

    [Test]
    public void FunctionalMlp_OneInputOneOutput_AllocatesNothingPerStep()
    {
        Keras.SetRandomSeed(1);
        var inputs = new Input(shape: [28, 28]);
        var hidden = new Dense(128, activation: "relu").Apply(new Flatten().Apply(inputs));
        var model = new Model(inputs, new Dense(10).Apply(hidden));
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        var (x, y) = Data(200, [28, 28], 10);
        Assert.That(LastEpochStepAllocations(model, x, y, 32), Is.All.EqualTo(0));
    }

    [Test]
    public void FunctionalMlp_WithLossWeightAndSampleWeights_AllocatesNothingPerStep()
    {
        Keras.SetRandomSeed(1);
        var inputs = new Input(shape: [8]);
        var model = new Model(inputs, new Dense(1, activation: "sigmoid").Apply(new Dense(16, activation: "tanh").Apply(inputs)));
        model.Compile(optimizer: new SGD(learningRate: 0.1), loss: ["binary_crossentropy"], lossWeights: 0.5, metrics: ["accuracy"]);
        var (x, y) = Data(40, [8], 2);
        var probe = new StepAllocations();
        var weights = Tensor.FromArray(Enumerable.Range(0, 40).Select(i => 1f + i % 3).ToArray());
        model.Fit(x, y, batchSize: 8, epochs: 3, verbose: 0, callbacks: [probe], sampleWeight: weights);
        Assert.That(probe.Bytes[^5..], Is.All.EqualTo(0));
    }

    [Test]
    public void SeedClassifierWithSgd_BinaryCrossEntropy_AllocatesNothingPerStep()
    {
        Keras.SetRandomSeed(1);
        var model = new Sequential([new Dense(1, activation: "sigmoid", inputDim: 8)]);
        model.Compile(optimizer: new SGD(learningRate: 1.0), loss: new BinaryCrossentropy(), metrics: ["accuracy"]);
        var (x, y) = Data(16, [8], 2);
        Assert.That(LastEpochStepAllocations(model, x, y, 5), Is.All.EqualTo(0));
    }

    [Test]
    public void ConvNetWithAdam_AllocatesNothingPerStep()
    {
        Keras.SetRandomSeed(1);
        var model = new Sequential([
            new Conv2D(8, 3, activation: "relu", inputShape: [12, 12, 1]),
            new MaxPooling2D(2),
            new Flatten(),
            new Dense(16, activation: "relu"),
            new Dense(10),
        ]);
        model.Compile(optimizer: new Adam(), loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        var (x, y) = Data(40, [12, 12, 1], 10);
        Assert.That(LastEpochStepAllocations(model, x, y, 16), Is.All.EqualTo(0));
    }

    [Test]
    public void Predict_AllocatesOnlyItsResult()
    {
        var model = new Sequential([new Flatten(inputShape: [28, 28]), new Dense(128, activation: "relu"), new Dense(10)]);
        var one = Tensor.FromArray(new float[784], [1, 28, 28]);
        var (many, _) = Data(1000, [28, 28], 10);
        long Bytes(Tensor x, int batchSize)
        {
            for (int i = 0; i < 3; i++)
            {
                model.Predict(x, batchSize: batchSize, verbose: 0);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Predict(x, batchSize: batchSize, verbose: 0);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        // the result: one tensor object (under 64 bytes) and its array of floats (24 bytes of header)
        Assert.Multiple(() =>
        {
            Assert.That(Bytes(one, 32), Is.LessThanOrEqualTo(64 + 24 + 10 * 4), "one sample");
            Assert.That(Bytes(many, 256), Is.LessThanOrEqualTo(64 + 24 + 1000 * 10 * 4), "1000 samples in batches of 256");
        });
    }
}
