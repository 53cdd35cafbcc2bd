using KerasSharp.Callbacks;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

/// <summary>Merge layers inside Functional models: symbolic wiring, prediction, training with <c>Fit</c>.</summary>
public class MergeModelTests
{
    /// <summary>Records the bytes this thread allocated during each training batch.</summary>
    private sealed class StepAllocations : Callback
    {
        private long _start;

        public List<long> Bytes { get; } = [];

        public override bool KeepsLogs => false;

        public override void OnTrainBatchBegin(int batch, Logs logs) => _start = GC.GetAllocatedBytesForCurrentThread();

        public override void OnTrainBatchEnd(int batch, Logs logs) => Bytes.Add(GC.GetAllocatedBytesForCurrentThread() - _start);
    }

    private static Model ResidualModel(out Dense dense, out Dense head)
    {
        var inputs = Keras.Input(shape: [6]);
        dense = new Dense(6, activation: "tanh");
        var x = dense.Apply(inputs);
        var y = new Add().Apply([x, inputs]);
        head = new Dense(1);
        return new Model(inputs, head.Apply(y));
    }

    private static (Tensor X, Tensor Y) RegressionData(int n)
    {
        var x = Random(7, n, 6);
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = x[i, 0] - 0.5f * x[i, 3] + 0.25f;
        }
        return (x, Tensor.FromArray(y, n, 1));
    }

    [Test]
    public void ResidualBlock_Fit_MeasureAllocations()
    {
        Keras.SetRandomSeed(3);
        var model = ResidualModel(out _, out _);
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        var (x, y) = RegressionData(64);
        var probe = new StepAllocations();
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, shuffle: false, callbacks: [probe]);
        Assert.That(probe.Bytes[^4..], Is.All.EqualTo(0), string.Join(", ", probe.Bytes));
    }
}
