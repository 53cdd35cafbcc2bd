using KerasSharp.Datasets;
using KerasSharp.Engine;
using KerasSharp.Layers;
using KerasSharp.Losses;
using KerasSharp.Models;
using KerasSharp.Optimizers;

namespace KerasSharp.Examples.TransferLearning;

/// <summary>
/// Transfer learning by replacing the head of a trained network, as Keras' transfer-learning guide and its classic
/// <c>mnist_transfer_cnn</c> example do: train a ConvNet on Fashion-MNIST classes 0–4, freeze its convolutional
/// feature layers, replace its classifier with a new one for classes 5–9, train that on a few hundred images, compare
/// with the same network trained from scratch on those images, then unfreeze the top of the base and fine-tune with a
/// low learning rate.
/// </summary>
public static class TransferExperiment
{
    /// <summary>The settings of a run.</summary>
    /// <param name="BaseEpochs">Epochs for the base network on classes 0–4.</param>
    /// <param name="FewShotPerClass">Labelled images per new class (5 classes).</param>
    /// <param name="HeadEpochs">Epochs for the new classifier, and the same budget for the from-scratch network.</param>
    /// <param name="FineTuneEpochs">Epochs of fine-tuning after unfreezing the top of the base.</param>
    /// <param name="BaseSamples">Use only this many base-task training images (all 30,000 when null).</param>
    /// <param name="TestSamples">Evaluate on only this many test images per task (all 5,000 when null).</param>
    public sealed record Settings(int BaseEpochs = 2, int FewShotPerClass = 40, int HeadEpochs = 5, int FineTuneEpochs = 5, int? BaseSamples = null, int? TestSamples = null);

    /// <summary>What a run measured on the test images of classes 5–9.</summary>
    /// <param name="BaseAccuracy">The base network's accuracy on classes 0–4.</param>
    /// <param name="FromScratchAccuracy">Same architecture trained only on the few images.</param>
    /// <param name="TransferAccuracy">Frozen base plus a new head trained on the few images.</param>
    /// <param name="FineTunedAccuracy">After unfreezing the top of the base and fine-tuning with a low learning rate.</param>
    /// <param name="FrozenWeightsUnchanged">Every frozen weight bit-identical before and after training the new head.</param>
    public sealed record Result(double BaseAccuracy, double FromScratchAccuracy, double TransferAccuracy, double FineTunedAccuracy, bool FrozenWeightsUnchanged);

    /// <summary>The ConvNet used for both tasks.</summary>
    /// <param name="classes">Number of output classes.</param>
    public static Sequential ConvNet(int classes)
    {
        var model = new Sequential(
        [
            new Input(shape: [28, 28, 1]),
            new Conv2D(32, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Conv2D(64, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Flatten(),
        ]);
        foreach (var layer in Classifier(classes))
        {
            model.Add(layer);
        }
        return model;
    }

    /// <summary>The classifier on top of the convolutional features: Dense(128, relu) → Dense(classes) logits.</summary>
    /// <param name="classes">Number of output classes.</param>
    public static Layer[] Classifier(int classes) => [new Dense(128, activation: "relu"), new Dense(classes)];

    private const int FeatureLayers = 5;   // Conv2D, MaxPooling2D, Conv2D, MaxPooling2D, Flatten

    private static void Compile(Model model, double learningRate) =>
        model.Compile(optimizer: new Adam(learningRate: learningRate), loss: new SparseCategoricalCrossentropy(fromLogits: true), metrics: ["accuracy"]);

    /// <summary>Runs the whole experiment.</summary>
    /// <param name="settings">Sizes and epochs.</param>
    /// <param name="output">Where to print.</param>
    /// <param name="verbose">Keras verbosity for the Fit calls.</param>
    public static Result Run(Settings settings, TextWriter output, int verbose = 0)
    {
        var ((trainImages, trainLabels), (testImages, testLabels)) = FashionMnist.LoadData();
        var xTrain = trainImages.ToTensor(255f, addChannelAxis: true);
        var xTest = testImages.ToTensor(255f, addChannelAxis: true);

        // 1. The base network learns classes 0-4 (T-shirt/top, Trouser, Pullover, Dress, Coat).
        var (baseX, baseY) = ClassSubsets.Select(xTrain, trainLabels, 0, 5);
        if (settings.BaseSamples is int n && n < baseX.Shape[0])
        {
            (baseX, baseY) = (Ops.SliceRows(baseX, 0, n), Ops.SliceRows(baseY, 0, n));
        }
        var model = ConvNet(5);
        Compile(model, 1e-3);
        output.WriteLine($"Training the base network on classes 0-4 ({baseX.Shape[0]} images)...");
        model.Fit(baseX, baseY, epochs: settings.BaseEpochs, verbose: verbose);
        var (baseTestX, baseTestY) = ClassSubsets.Select(xTest, testLabels, 0, 5, settings.TestSamples / 5);
        double baseAccuracy = model.Evaluate(baseTestX, baseTestY, verbose: 0)[1];

        // 2. The new task: classes 5-9 (Sandal, Shirt, Sneaker, Bag, Ankle boot), only a few labelled images.
        var (fewX, fewY) = ClassSubsets.Select(xTrain, trainLabels, 5, 5, settings.FewShotPerClass);
        var (testX, testY) = ClassSubsets.Select(xTest, testLabels, 5, 5, settings.TestSamples / 5);

        // 3. Transfer: remove the classifier, freeze the convolutional base, add a new classifier.
        while (model.Layers.Count > FeatureLayers)
        {
            model.Pop();
        }
        foreach (var layer in model.Layers)
        {
            layer.Trainable = false;
        }
        var frozenBefore = model.GetWeights().Select(w => w.ToArray()).ToArray();
        foreach (var layer in Classifier(5))
        {
            model.Add(layer);
        }
        Compile(model, 1e-3);
        output.WriteLine($"Training a new classifier on {fewX.Shape[0]} images of classes 5-9 with the base frozen...");
        model.Fit(fewX, fewY, epochs: settings.HeadEpochs, verbose: verbose);
        var frozenAfter = model.Layers.Take(FeatureLayers).SelectMany(l => l.GetWeights()).Select(w => w.ToArray()).ToArray();
        bool unchanged = frozenBefore.Length == frozenAfter.Length && frozenBefore.Zip(frozenAfter).All(p => p.First.SequenceEqual(p.Second));
        double transferAccuracy = model.Evaluate(testX, testY, verbose: 0)[1];

        // 4. The same architecture from scratch on the same few images.
        var scratch = ConvNet(5);
        Compile(scratch, 1e-3);
        output.WriteLine("Training the same network from scratch on the same images...");
        scratch.Fit(fewX, fewY, epochs: settings.HeadEpochs, verbose: verbose);
        double scratchAccuracy = scratch.Evaluate(testX, testY, verbose: 0)[1];

        // 5. Fine-tuning: unfreeze the top of the base (from the second convolution up) and train with a low learning
        //    rate, recompiling as the Keras guide does after changing `trainable`.
        foreach (var layer in model.Layers.Skip(2))
        {
            layer.Trainable = true;
        }
        Compile(model, 1e-4);
        output.WriteLine("Fine-tuning the top of the base with a low learning rate...");
        model.Fit(fewX, fewY, epochs: settings.FineTuneEpochs, verbose: verbose);
        double fineTunedAccuracy = model.Evaluate(testX, testY, verbose: 0)[1];

        var result = new Result(baseAccuracy, scratchAccuracy, transferAccuracy, fineTunedAccuracy, unchanged);
        Print(result, fewX.Shape[0], output);
        return result;
    }

    private static void Print(Result r, int fewShot, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Base network, test accuracy on classes 0-4:           {r.BaseAccuracy:F4}");
        output.WriteLine($"Classes 5-9 with {fewShot} labelled images and the same number of epochs, test accuracy:");
        output.WriteLine($"  from scratch:                                        {r.FromScratchAccuracy:F4}");
        output.WriteLine($"  transfer (frozen base, new classifier):              {r.TransferAccuracy:F4}");
        output.WriteLine($"  transfer + fine-tuning the top (learning rate 1e-4): {r.FineTunedAccuracy:F4}");
        output.WriteLine($"Frozen weights bit-identical after training the head:  {(r.FrozenWeightsUnchanged ? "yes" : "NO")}");
    }
}
