using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Tests.Guides;

/// <summary>
/// The models of keras.io's "The Functional API" guide, ported line for line, with the parameter counts Keras
/// reports for them, each trained briefly.
/// </summary>
public class FunctionalGuideModelsTests
{
    private const int NumTags = 12;
    private const int NumWords = 10000;
    private const int NumDepartments = 4;

    /// <summary>The multi-input, multi-output "ticket" model: title and body text, tags; priority and department.</summary>
    internal static Model TicketModel()
    {
        var titleInput = new Input(shape: [-1], name: "title");   // variable-length sequence of ints
        var bodyInput = new Input(shape: [-1], name: "body");
        var tagsInput = new Input(shape: [NumTags], name: "tags");   // binary vectors of size NumTags

        var titleFeatures = new Embedding(NumWords, 64).Apply(titleInput);
        var bodyFeatures = new Embedding(NumWords, 64).Apply(bodyInput);
        titleFeatures = new LSTM(128).Apply(titleFeatures);
        bodyFeatures = new LSTM(32).Apply(bodyFeatures);
        var x = new Concatenate().Apply([titleFeatures, bodyFeatures, tagsInput]);

        var priorityPred = new Dense(1, name: "priority").Apply(x);
        var departmentPred = new Dense(NumDepartments, name: "department").Apply(x);
        return new Model(inputs: [titleInput, bodyInput, tagsInput], outputs: [priorityPred, departmentPred]);
    }

    /// <summary>The toy ResNet for CIFAR-10.</summary>
    internal static Model ToyResNet()
    {
        var inputs = new Input(shape: [32, 32, 3], name: "img");
        var x = new Conv2D(32, 3, activation: "relu").Apply(inputs);
        x = new Conv2D(64, 3, activation: "relu").Apply(x);
        var block1Output = new MaxPooling2D(3).Apply(x);

        x = new Conv2D(64, 3, activation: "relu", padding: "same").Apply(block1Output);
        x = new Conv2D(64, 3, activation: "relu", padding: "same").Apply(x);
        var block2Output = new Add().Apply([x, block1Output]);

        x = new Conv2D(64, 3, activation: "relu", padding: "same").Apply(block2Output);
        x = new Conv2D(64, 3, activation: "relu", padding: "same").Apply(x);
        var block3Output = new Add().Apply([x, block2Output]);

        x = new Conv2D(64, 3, activation: "relu").Apply(block3Output);
        x = new GlobalAveragePooling2D().Apply(x);
        x = new Dense(256, activation: "relu").Apply(x);
        x = new Dropout(0.5f).Apply(x);
        var outputs = new Dense(10).Apply(x);
        return new Model(inputs, outputs, name: "toy_resnet");
    }

    [Test]
    public void TicketModel_HasKerasParameterCounts()
    {
        var model = TicketModel();
        Assert.Multiple(() =>
        {
            Assert.That(model.CountParams(), Is.EqualTo(1_392_097));
            Assert.That(model.Layers.Select(l => l.CountParams()), Is.EqualTo(new long[]
            {
                0, 0, 640_000, 640_000, 98_816, 12_416, 0, 0, 173, 692,
            }));
            Assert.That(model.OutputNames, Is.EqualTo(new[] { "priority", "department" }));
            Assert.That(model.Outputs.Select(o => o.Shape), Is.EqualTo(new[] { new Shape(-1, 1), new Shape(-1, NumDepartments) }));
        });
    }

    [Test]
    public void ToyResNet_HasKerasParameterCounts()
    {
        var model = ToyResNet();
        Assert.Multiple(() =>
        {
            Assert.That(model.CountParams(), Is.EqualTo(223_242));
            Assert.That(model.Layers, Has.Count.EqualTo(15));
            Assert.That(model.Outputs[0].Shape, Is.EqualTo(new Shape(-1, 10)));
        });
    }

    [Test]
    public void SharedEmbedding_OneLayerForTwoInputs_HasOneSetOfWeights()
    {
        // "Shared layers": an Embedding mapping 1,000 unique words to 128-dimensional vectors, used on two inputs
        var sharedEmbedding = new Embedding(1000, 128);
        var textInputA = new Input(shape: [-1]);
        var textInputB = new Input(shape: [-1]);
        var encodedInputA = sharedEmbedding.Apply(textInputA);
        var encodedInputB = sharedEmbedding.Apply(textInputB);
        var model = new Model([textInputA, textInputB], [encodedInputA, encodedInputB]);
        var words = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        var (a, b) = model.ApplyMany([words, words]);
        Assert.Multiple(() =>
        {
            Assert.That(model.CountParams(), Is.EqualTo(128_000));
            Assert.That(sharedEmbedding.InboundNodes, Has.Count.EqualTo(2));
            Assert.That(a.ToArray(), Is.EqualTo(b.ToArray()));
            Assert.That(a.Shape, Is.EqualTo(new Shape(1, 3, 128)));
        });
    }

    private static Tensor RandomInts(Rng rng, int rows, int cols, int max)
    {
        var values = new float[rows * cols];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextInt(max);
        }
        return Tensor.FromArray(values, rows, cols);
    }

    private static Tensor RandomUniform(Rng rng, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)rng.NextDouble();
        }
        return Tensor.FromArray(values, shape);
    }

    [Test]
    public void TicketModel_TrainsWithLossesAndLossWeightsByOutputName()
    {
        Keras.SetRandomSeed(1);
        var model = TicketModel();
        model.Compile(
            optimizer: new RMSprop(learningRate: 1e-3),
            loss: new Dictionary<string, Loss>
            {
                ["priority"] = new BinaryCrossentropy(fromLogits: true),
                ["department"] = new CategoricalCrossentropy(fromLogits: true),
            },
            lossWeights: new Dictionary<string, double> { ["priority"] = 1.0, ["department"] = 0.2 });
        // the guide's dummy data, smaller: 1280 samples, titles of 10 words and bodies of 100 there
        var rng = new Rng(2);
        const int n = 64;
        var titleData = RandomInts(rng, n, 10, NumWords);
        var bodyData = RandomInts(rng, n, 20, NumWords);
        var tagsData = RandomInts(rng, n, NumTags, 2);
        var priorityTargets = RandomUniform(rng, n, 1);
        var deptTargets = RandomInts(rng, n, NumDepartments, 2);
        var history = model.Fit(
            new Dictionary<string, Tensor> { ["title"] = titleData, ["body"] = bodyData, ["tags"] = tagsData },
            new Dictionary<string, Tensor> { ["priority"] = priorityTargets, ["department"] = deptTargets },
            epochs: 3, batchSize: 32, verbose: 0);
        var loss = history.History["loss"];
        var (priority, department) = model.PredictMany([titleData, bodyData, tagsData], verbose: 0);
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.SupersetOf(new[] { "loss", "priority_loss", "department_loss" }));
            Assert.That(loss[^1], Is.LessThan(loss[0]), "the weighted total goes down");
            for (int e = 0; e < loss.Count; e++)
            {
                double total = history.History["priority_loss"][e] + 0.2 * history.History["department_loss"][e];
                Assert.That(loss[e], Is.EqualTo(total).Within(1e-4 * Math.Abs(total)), $"epoch {e}: loss = priority_loss + 0.2 · department_loss");
            }
            Assert.That(priority.Shape, Is.EqualTo(new Shape(n, 1)));
            Assert.That(department.Shape, Is.EqualTo(new Shape(n, NumDepartments)));
        });
    }

    [Test]
    public void ToyResNet_TrainsBriefly()
    {
        Keras.SetRandomSeed(3);
        var model = ToyResNet();
        model.Compile(optimizer: new RMSprop(1e-3), loss: new CategoricalCrossentropy(fromLogits: true), metrics: ["acc"]);
        var rng = new Rng(4);
        var x = RandomUniform(rng, 8, 32, 32, 3);
        var labels = new float[8 * 10];
        for (int i = 0; i < 8; i++)
        {
            labels[i * 10 + (i % 10)] = 1;
        }
        var y = Tensor.FromArray(labels, 8, 10);
        var history = model.Fit(x, y, batchSize: 4, epochs: 3, verbose: 0, shuffle: false);
        Assert.Multiple(() =>
        {
            Assert.That(history.History.Keys, Is.EqualTo(new[] { "acc", "loss" }).Or.EqualTo(new[] { "loss", "acc" }));
            Assert.That(history.History["loss"], Is.All.Not.NaN);
            Assert.That(history.History["loss"][^1], Is.LessThan(history.History["loss"][0]));
        });
    }
}
