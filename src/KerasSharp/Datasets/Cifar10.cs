using System.Collections.ObjectModel;

namespace KerasSharp.Datasets;

/// <summary>
/// The CIFAR-10 small images dataset (<c>keras.datasets.cifar10</c>): 50,000 32x32 colour training images and
/// 10,000 test images of 10 classes (see <see cref="ClassNames"/>).
/// </summary>
/// <remarks>
/// From Alex Krizhevsky's CIFAR page (https://www.cs.toronto.edu/~kriz/cifar.html). As Keras notes, a small fraction
/// of the images is known to be mislabelled.
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Cifar10.LoadData();
/// Tensor x = xTrain.ToTensor(divisor: 255.0);   // (50000, 32, 32, 3), channels_last
/// Tensor y = yTrain.ToTensor();                // (50000, 1)
/// </code>
/// </example>
public static class Cifar10
{
    /// <summary>Where and under which names the batches are.</summary>
    internal static readonly CifarReader.Layout Layout = new(
        "CIFAR-10",
        "cifar-10-batches-py",
        "cifar-10-batches-py-target",
        "cifar-10-python.tar.gz",
        "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
        "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
        ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"],
        "test_batch");

    /// <summary>The names of the 10 classes, indexed by label: airplane, automobile, bird, cat, deer, dog, frog,
    /// horse, ship, truck.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new ReadOnlyCollection<string>(
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]);

    /// <summary>
    /// Loads the CIFAR-10 dataset, like Keras' <c>cifar10.load_data()</c> with the <c>channels_last</c> image format.
    /// </summary>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>xTrain</c> is a <c>byte[50000, 32, 32, 3]</c> of
    /// pixel values 0-255 (rows, columns, RGB channels), <c>yTrain</c> a <c>byte[50000, 1]</c> of labels 0-9;
    /// <c>xTest</c> and <c>yTest</c> hold the 10,000 test images. <c>ToTensor()</c> makes float tensors.</returns>
    /// <remarks>
    /// The files are looked for in the Keras cache (<c>$KERAS_HOME/datasets</c>, else <c>~/.keras/datasets</c>):
    /// the batches extracted by Keras 3 (<c>cifar-10-batches-py-target/cifar-10-batches-py</c>) or by Keras 2 or
    /// <c>tar -xzf</c> (<c>cifar-10-batches-py</c>), then the archive as Keras 3 downloads it
    /// (<c>cifar-10-batches-py-target_archive</c>) or as <c>cifar-10-python.tar.gz</c>; last, the archive is
    /// downloaded from https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz and checked against Keras' SHA-256.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The data is nowhere and could not be downloaded; the message lists every
    /// place looked in, the URL and where to save the archive.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) LoadData() =>
        LoadData(DatasetSources.FromEnvironment());

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="layout">The files; defaults to Keras' (tests change the hash).</param>
    internal static ((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) LoadData(
        DatasetSources sources, CifarReader.Layout? layout = null) =>
        CifarReader.Load(sources, layout ?? Layout, "labels");
}
