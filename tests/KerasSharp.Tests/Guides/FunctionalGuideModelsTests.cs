using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;

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
}
