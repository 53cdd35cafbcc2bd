using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Optimizers;
using KerasSharp.Tests.Testing;
using static KerasSharp.Tests.Layers.Merging.MergeTestData;

namespace KerasSharp.Tests.Layers.Merging;

/// <summary>Merge layers inside Functional models: symbolic wiring, prediction, training with <c>Fit</c>.</summary>
public class MergeModelTests
{
    private static Model ResidualModel(out Dense dense)
    {
        var inputs = Keras.Input(shape: [6]);
        dense = new Dense(6, activation: "tanh");
        var x = dense.Apply(inputs);
        var y = new Add().Apply([x, inputs]);
        return new Model(inputs, new Dense(1).Apply(y));
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
    public void Model_TwoInputsAdded_ComputesWhatTheLayerDoes()
    {
        var a = Keras.Input(shape: [3]);
        var b = Keras.Input(shape: [3]);
        var add = new Add();
        var model = new Model([a, b], add.Apply([a, b]));
        var xa = Random(1, 4, 3);
        var xb = Random(2, 4, 3);
        Assert.Multiple(() =>
        {
            Assert.That(model.Outputs[0].Shape, Is.EqualTo(new Shape(-1, 3)));
            Assert.That(add.InboundNodes.Single().Inputs, Is.EqualTo(new[] { (KerasTensor)a, b }));
            TensorAssert.AllClose(model.Apply([xa, xb]), Ops.Add(xa, xb), 0, 0);
        });
    }

    [Test]
    public void Model_BranchesJoinedByEveryMergeLayer_RunsEachOnTheBranchOutputs()
    {
        var inputs = Keras.Input(shape: [5]);
        var left = new Dense(4, activation: "tanh").Apply(inputs);
        var right = new Dense(4, activation: "sigmoid").Apply(inputs);
        Layer[] merges = [new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(), new Concatenate(), new Dot(1)];
        var model = new Model(inputs, new Concatenate().Apply([.. merges.Select(m => m.Apply([left, right]))]));
        var x = Random(3, 6, 5);
        var branches = new Model(inputs, [left, right]).ApplyMany(x);
        var expected = Ops.Concatenate([.. merges.Select(m => m.Apply(branches))], axis: -1);
        Assert.Multiple(() =>
        {
            Assert.That(model.Outputs[0].Shape, Is.EqualTo(new Shape(-1, 6 * 4 + 8 + 1)));
            TensorAssert.AllClose(model.Predict(x, verbose: 0), expected, 1e-6, 1e-7);
        });
    }

    [Test]
    public void ResidualBlock_Fit_LowersTheLoss()
    {
        Keras.SetRandomSeed(3);
        var model = ResidualModel(out var dense);
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        var (x, y) = RegressionData(64);
        var before = model.Predict(x, verbose: 0).ToArray();
        var kernel = dense.GetWeights()[0].ToArray();
        var losses = model.Fit(x, y, batchSize: 16, epochs: 10, verbose: 0, shuffle: false).History["loss"];
        Assert.Multiple(() =>
        {
            Assert.That(losses[^1], Is.LessThan(losses[0] * 0.5), string.Join(", ", losses));
            Assert.That(model.Layers.OfType<Add>().Count(), Is.EqualTo(1));
            Assert.That(model.TrainableWeights, Has.Count.EqualTo(4), "the Add layer has no weights");
            Assert.That(dense.GetWeights()[0].ToArray(), Is.Not.EqualTo(kernel), "the gradient reaches the block through the Add");
            Assert.That(model.Predict(x, verbose: 0).ToArray(), Is.Not.EqualTo(before));
        });
    }

    [Test]
    public void ResidualBlock_Fit_AllocatesNothingPerSteadyStep()
    {
        Keras.SetRandomSeed(3);
        var model = ResidualModel(out _);
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        var (x, y) = RegressionData(64);
        var probe = new StepAllocations();
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, callbacks: [probe]);
        Assert.That(probe.Bytes[^4..], Is.All.EqualTo(0), string.Join(", ", probe.Bytes));
    }

    [Test]
    public void ConcatenateAndDotModel_Fit_AllocatesNothingPerSteadyStep()
    {
        Keras.SetRandomSeed(5);
        var inputs = Keras.Input(shape: [6]);
        var a = new Dense(4).Apply(inputs);
        var b = new Dense(4).Apply(inputs);
        var joined = new Concatenate().Apply([a, b, new Maximum().Apply([a, b])]);
        var cosine = new Dot(1, normalize: true).Apply([a, b]);
        var model = new Model(inputs, new Dense(1).Apply(new Concatenate().Apply([joined, cosine])));
        model.Compile(optimizer: new Adam(0.01), loss: "mse");
        var (x, y) = RegressionData(64);
        var probe = new StepAllocations();
        model.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, callbacks: [probe]);
        Assert.That(probe.Bytes[^4..], Is.All.EqualTo(0), string.Join(", ", probe.Bytes));
    }
}
