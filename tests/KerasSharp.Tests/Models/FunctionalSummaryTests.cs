using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Models;
using KerasSharp.Tests.Testing;

namespace KerasSharp.Tests.Models;

/// <summary><c>Model.Summary()</c> of Functional models, against the text Keras 3 prints.</summary>
public class FunctionalSummaryTests
{
    private static string SummaryOf(Model model, int? lineLength = null)
    {
        var output = new StringWriter();
        model.Summary(lineLength, output);
        return output.ToString();
    }

    /// <summary>The keras.io functional API guide's "toy ResNet", with the guide's layer names.</summary>
    private static Model ToyResNet()
    {
        var inputs = new Input(shape: [32, 32, 3], name: "img");
        var x = new Conv2D(32, 3, activation: "relu", name: "conv2d_8").Apply(inputs);
        x = new Conv2D(64, 3, activation: "relu", name: "conv2d_9").Apply(x);
        var block1 = new MaxPooling2D(3, name: "max_pooling2d_2").Apply(x);
        x = new Conv2D(64, 3, activation: "relu", padding: "same", name: "conv2d_10").Apply(block1);
        x = new Conv2D(64, 3, activation: "relu", padding: "same", name: "conv2d_11").Apply(x);
        var block2 = new AddTwo(className: "Add", name: "add").Apply([x, block1]);
        x = new Conv2D(64, 3, activation: "relu", padding: "same", name: "conv2d_12").Apply(block2);
        x = new Conv2D(64, 3, activation: "relu", padding: "same", name: "conv2d_13").Apply(x);
        var block3 = new AddTwo(className: "Add", name: "add_1").Apply([x, block2]);
        x = new Conv2D(64, 3, activation: "relu", name: "conv2d_14").Apply(block3);
        x = new GlobalAveragePooling2D(name: "global_average_pooling2d").Apply(x);
        x = new Dense(256, activation: "relu", name: "dense_6").Apply(x);
        x = new Dropout(0.5f, name: "dropout").Apply(x);
        var outputs = new Dense(10, name: "dense_7").Apply(x);
        return new Model(inputs, outputs, name: "toy_resnet");
    }

    [Test]
    public void Summary_ToyResNet_MatchesKeras3Text()
    {
        // Keras 3's output for the guide's model, printed to a non-terminal (76 columns).
        const string expected =
            "Model: \"toy_resnet\"\n" +
            "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓\n" +
            "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃\n" +
            "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩\n" +
            "│ img (InputLayer)    │ (None, 32, 32, 3) │          0 │ -                 │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_8 (Conv2D)   │ (None, 30, 30,    │        896 │ img[0][0]         │\n" +
            "│                     │ 32)               │            │                   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_9 (Conv2D)   │ (None, 28, 28,    │     18,496 │ conv2d_8[0][0]    │\n" +
            "│                     │ 64)               │            │                   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ max_pooling2d_2     │ (None, 9, 9, 64)  │          0 │ conv2d_9[0][0]    │\n" +
            "│ (MaxPooling2D)      │                   │            │                   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_10 (Conv2D)  │ (None, 9, 9, 64)  │     36,928 │ max_pooling2d_2[… │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_11 (Conv2D)  │ (None, 9, 9, 64)  │     36,928 │ conv2d_10[0][0]   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ add (Add)           │ (None, 9, 9, 64)  │          0 │ conv2d_11[0][0],  │\n" +
            "│                     │                   │            │ max_pooling2d_2[… │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_12 (Conv2D)  │ (None, 9, 9, 64)  │     36,928 │ add[0][0]         │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_13 (Conv2D)  │ (None, 9, 9, 64)  │     36,928 │ conv2d_12[0][0]   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ add_1 (Add)         │ (None, 9, 9, 64)  │          0 │ conv2d_13[0][0],  │\n" +
            "│                     │                   │            │ add[0][0]         │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ conv2d_14 (Conv2D)  │ (None, 7, 7, 64)  │     36,928 │ add_1[0][0]       │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ global_average_poo… │ (None, 64)        │          0 │ conv2d_14[0][0]   │\n" +
            "│ (GlobalAveragePool… │                   │            │                   │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ dense_6 (Dense)     │ (None, 256)       │     16,640 │ global_average_p… │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ dropout (Dropout)   │ (None, 256)       │          0 │ dense_6[0][0]     │\n" +
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n" +
            "│ dense_7 (Dense)     │ (None, 10)        │      2,570 │ dropout[0][0]     │\n" +
            "└─────────────────────┴───────────────────┴────────────┴───────────────────┘\n" +
            " Total params: 223,242 (872.04 KB)\n" +
            " Trainable params: 223,242 (872.04 KB)\n" +
            " Non-trainable params: 0 (0.00 B)\n";
        Assert.That(SummaryOf(ToyResNet()), Is.EqualTo(expected));
    }

    [Test]
    public void Summary_ToyResNetOnAWideTerminal_Is108Wide()
    {
        string[] lines = SummaryOf(ToyResNet(), lineLength: 108).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[1], Has.Length.EqualTo(108));
            Assert.That(lines[2], Is.EqualTo(
                "┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃"));
            Assert.That(lines, Has.Member(
                "│ add (Add)                     │ (None, 9, 9, 64)          │               0 │ conv2d_11[0][0],           │"));
            Assert.That(lines, Has.Member(
                "│                               │                           │                 │ max_pooling2d_2[0][0]      │"));
        });
    }

    [Test]
    public void Summary_ChainFunctionalModel_IsThreeColumnsWithTheInputLayer()
    {
        // keras.io functional API guide, "mnist_model", on a wide terminal (88 columns).
        var inputs = new Input(shape: [784], name: "input_layer_5");
        var x = new Dense(64, activation: "relu", name: "dense_10").Apply(inputs);
        x = new Dense(64, activation: "relu", name: "dense_11").Apply(x);
        var model = new Model(inputs, new Dense(10, name: "dense_12").Apply(x), name: "mnist_model");
        const string expected =
            "Model: \"mnist_model\"\n" +
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓\n" +
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃\n" +
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩\n" +
            "│ input_layer_5 (InputLayer)           │ (None, 784)                 │               0 │\n" +
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤\n" +
            "│ dense_10 (Dense)                     │ (None, 64)                  │          50,240 │\n" +
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤\n" +
            "│ dense_11 (Dense)                     │ (None, 64)                  │           4,160 │\n" +
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤\n" +
            "│ dense_12 (Dense)                     │ (None, 10)                  │             650 │\n" +
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘\n" +
            " Total params: 55,050 (215.04 KB)\n" +
            " Trainable params: 55,050 (215.04 KB)\n" +
            " Non-trainable params: 0 (0.00 B)\n";
        Assert.That(SummaryOf(model, lineLength: 88), Is.EqualTo(expected));
    }

    [Test]
    public void Summary_NestedModel_IsOneRow()
    {
        // keras.io functional API guide: an encoder model called as a layer of another model.
        var encoderInput = new Input(shape: [28, 28, 1], name: "original_img");
        var x = new Conv2D(16, 3, activation: "relu").Apply(encoderInput);
        x = new Conv2D(32, 3, activation: "relu").Apply(x);
        x = new MaxPooling2D(3).Apply(x);
        x = new Conv2D(32, 3, activation: "relu").Apply(x);
        x = new Conv2D(16, 3, activation: "relu").Apply(x);
        var encoder = new Model(encoderInput, new GlobalMaxPooling2D().Apply(x), name: "encoder");
        var img = new Input(shape: [28, 28, 1], name: "img");
        var model = new Model(img, encoder.Apply(img), name: "autoencoder");
        string[] lines = SummaryOf(model).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[4], Is.EqualTo("│ img (InputLayer)                │ (None, 28, 28, 1)      │             0 │"));
            Assert.That(lines[6], Is.EqualTo("│ encoder (Functional)            │ (None, 16)             │        18,672 │"));
            Assert.That(lines[7], Does.StartWith("└"), "the encoder's layers are not listed");
            Assert.That(lines[8], Is.EqualTo(" Total params: 18,672 (72.94 KB)"));
        });
    }

    [Test]
    public void Summary_MultiInput_ConnectedToListsBothInputs()
    {
        var a = new Input(shape: [3], name: "a");
        var b = new Input(shape: [3], name: "b");
        var sum = new AddTwo(className: "Add", name: "sum").Apply([a, b]);
        var model = new Model([a, b], new Dense(2, name: "head").Apply(sum), name: "two_inputs");
        string[] lines = SummaryOf(model).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[2], Does.EndWith("┃ Connected to      ┃"));
            Assert.That(lines[4], Is.EqualTo("│ a (InputLayer)      │ (None, 3)         │          0 │ -                 │"));
            Assert.That(lines[6], Is.EqualTo("│ b (InputLayer)      │ (None, 3)         │          0 │ -                 │"));
            Assert.That(lines[8], Is.EqualTo("│ sum (Add)           │ (None, 3)         │          0 │ a[0][0], b[0][0]  │"));
            Assert.That(lines[10], Is.EqualTo("│ head (Dense)        │ (None, 2)         │          8 │ sum[0][0]         │"));
            Assert.That(lines[12], Is.EqualTo(" Total params: 8 (32.00 B)"));
        });
    }

    [Test]
    public void Summary_SharedLayer_ListsTheInputsOfBothCallsAndConsumersNameTheNode()
    {
        var a = new Input(shape: [4], name: "a");
        var b = new Input(shape: [4], name: "b");
        var shared = new Dense(3, name: "shared");
        var merged = new AddTwo(className: "Add", name: "merged").Apply([shared.Apply(a), shared.Apply(b)]);
        var model = new Model([a, b], merged, name: "siamese");
        string[] lines = SummaryOf(model).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[8], Is.EqualTo("│ shared (Dense)      │ (None, 3)         │         15 │ a[0][0], b[0][0]  │"));
            Assert.That(lines[10], Is.EqualTo("│ merged (Add)        │ (None, 3)         │          0 │ shared[0][0],     │"));
            Assert.That(lines[11], Is.EqualTo("│                     │                   │            │ shared[1][0]      │"));
            Assert.That(lines[13], Is.EqualTo(" Total params: 15 (60.00 B)"), "the shared weights count once");
        });
    }

    [Test]
    public void Summary_SharedChainWithOneNodePerDepth_StillGetsConnectedTo()
    {
        // Keras treats a layer called twice in the model as non-sequential even when the graph is one chain.
        var inputs = new Input(shape: [4], name: "x");
        var shared = new Dense(4, name: "twice");
        var model = new Model(inputs, shared.Apply(shared.Apply(inputs)));
        string[] lines = SummaryOf(model).Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[2], Does.EndWith("┃ Connected to      ┃"));
            Assert.That(lines[6], Is.EqualTo("│ twice (Dense)       │ (None, 4)         │         20 │ x[0][0],          │"));
            Assert.That(lines[7], Is.EqualTo("│                     │                   │            │ twice[0][0]       │"));
        });
    }

    [Test]
    public void Summary_LayerWithTwoOutputs_PrintsTheShapesAsAList()
    {
        var inputs = new Input(shape: [4], name: "x");
        var (left, right) = new Halves("halves").ApplyMany(inputs);
        var model = new Model(inputs, [new Dense(1, name: "l").Apply(left), new Dense(1, name: "r").Apply(right)], name: "m");
        string text = SummaryOf(model, lineLength: 108);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("│ halves (Halves)               │ [(None, 2), (None, 2)]    │               0 │ x[0][0]                    │"));
            Assert.That(text, Does.Contain("│ r (Dense)                     │ (None, 1)                 │               3 │ halves[0][1]               │"));
        });
    }

    [Test]
    public void Summary_LayerAlsoCalledInAnotherModel_ListsOnlyThisModelsCall()
    {
        var first = new Input(shape: [2], name: "first");
        var reused = new Dense(2, name: "reused");
        _ = new Model(first, reused.Apply(first));
        var second = new Input(shape: [2], name: "second");
        var y = new Dense(1, name: "out").Apply(new AddTwo(className: "Add", name: "join").Apply([reused.Apply(second), second]));
        string text = SummaryOf(new Model(second, y, name: "later"));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("│ reused (Dense)      │ (None, 2)         │          6 │ second[0][0]      │"));
            Assert.That(text, Does.Contain("│ join (Add)          │ (None, 2)         │          0 │ reused[1][0],     │"), "Keras prints the call's own index");
        });
    }

    [Test]
    public void Summary_RankOneOutput_PrintsKerasTupleWithoutTrailingComma()
    {
        var inputs = new Input(shape: [3], name: "x");
        var model = new Model(inputs, new Flatten(name: "flat").Apply(new Reshape(new Shape(3, 1), name: "r").Apply(inputs)));
        Assert.That(SummaryTableShape(new Shape(-1)), Is.EqualTo("(None)"));
        Assert.That(SummaryOf(model), Does.Contain("│ flat (Flatten)                  │ (None, 3)              │             0 │"));
    }

    private static string SummaryTableShape(Shape shape) => KerasSharp.Utils.SummaryTable.FormatShape(shape);
}
