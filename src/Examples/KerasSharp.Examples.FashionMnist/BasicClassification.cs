using KerasSharp.Datasets;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;

namespace KerasSharp.Examples.FashionMnist;

/// <summary>
/// TensorFlow's "basic classification: classify images of clothing" tutorial, line for line:
/// <code>
/// (train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
/// train_images = train_images / 255.0
/// model = tf.keras.Sequential([
///     tf.keras.layers.Flatten(input_shape=(28, 28)),
///     tf.keras.layers.Dense(128, activation='relu'),
///     tf.keras.layers.Dense(10)
/// ])
/// model.compile(optimizer='adam',
///               loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
///               metrics=['accuracy'])
/// model.fit(train_images, train_labels, epochs=10)
/// test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
/// </code>
/// With <c>cnn: true</c> a small ConvNet replaces the MLP.
/// </summary>
public static class BasicClassification
{
    /// <summary>The outcome of a run.</summary>
    /// <param name="TestAccuracy">Accuracy on the 10,000 test images.</param>
    /// <param name="Confusion">Confusion matrix on the test images.</param>
    public sealed record Result(double TestAccuracy, int[,] Confusion);

    /// <summary>The tutorial's model: Flatten → Dense(128, relu) → Dense(10) logits.</summary>
    public static Sequential Mlp() => new(
    [
        new Flatten(inputShape: new Shape(28, 28)),
        new Dense(128, activation: "relu"),
        new Dense(10),
    ]);

    /// <summary>A small ConvNet: two Conv2D/MaxPooling2D blocks, then Dense(128, relu) → Dense(10) logits.</summary>
    public static Sequential ConvNet() => new(
    [
        new Input(shape: [28, 28, 1]),
        new Conv2D(32, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dense(128, activation: "relu"),
        new Dense(10),
    ]);

    /// <summary>Loads Fashion-MNIST, trains, evaluates and prints a per-class summary.</summary>
    /// <param name="cnn">Train the ConvNet instead of the MLP.</param>
    /// <param name="epochs">Training epochs (the tutorial uses 10).</param>
    /// <param name="verbose">Keras verbosity for Fit.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="trainSamples">Use only the first this many training images (all when null).</param>
    public static Result Run(bool cnn, int epochs, int verbose, TextWriter output, int? trainSamples = null)
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = KerasSharp.Datasets.FashionMnist.LoadData();
        var xTrain = trainImages.ToTensor(255f, addChannelAxis: cnn);
        var xTest = testImages.ToTensor(255f, addChannelAxis: cnn);
        var yTrain = trainLabels.ToTensor();
        if (trainSamples is int n && n < xTrain.Shape[0])
        {
            xTrain = Ops.SliceRows(xTrain, 0, n);
            yTrain = Ops.SliceRows(yTrain, 0, n);
        }

        var model = cnn ? ConvNet() : Mlp();
        model.Compile(optimizer: "adam", loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);
        model.Summary(output: output);
        model.Fit(xTrain, yTrain, epochs: epochs, verbose: verbose);

        var (_, testAccuracy) = model.Evaluate(xTest, testLabels.ToTensor(), verbose: verbose == 0 ? 0 : 2);
        output.WriteLine();
        output.WriteLine($"Test accuracy: {testAccuracy:F4}");

        // The tutorial attaches a softmax to turn logits into probabilities.
        var probabilityModel = new Sequential([model, new Softmax()]);
        var probabilities = probabilityModel.Predict(xTest, verbose: 0);
        var confusion = ConfusionSummary.Matrix(probabilities, testLabels);
        output.WriteLine();
        ConfusionSummary.Print(confusion, KerasSharp.Datasets.FashionMnist.ClassNames, output);
        return new Result(testAccuracy, confusion);
    }
}
