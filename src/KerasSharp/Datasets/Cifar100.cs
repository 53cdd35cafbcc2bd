namespace KerasSharp.Datasets;

/// <summary>
/// The CIFAR-100 small images dataset (<c>keras.datasets.cifar100</c>): 50,000 32x32 colour training images and
/// 10,000 test images labelled over 100 fine-grained classes grouped into 20 coarse-grained superclasses.
/// </summary>
/// <remarks>From Alex Krizhevsky's CIFAR page (https://www.cs.toronto.edu/~kriz/cifar.html).</remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Cifar100.LoadData(labelMode: "coarse");
/// Tensor x = xTrain.ToTensor(divisor: 255.0);   // (50000, 32, 32, 3)
/// </code>
/// </example>
public static class Cifar100
{
    /// <summary>Where and under which names the batches are.</summary>
    internal static readonly CifarReader.Layout Layout = new(
        "CIFAR-100",
        "cifar-100-python",
        "cifar-100-python-target",
        "cifar-100-python.tar.gz",
        "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
        "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
        ["train"],
        "test");

    /// <summary>
    /// Loads the CIFAR-100 dataset, like Keras' <c>cifar100.load_data(label_mode="fine")</c> with the
    /// <c>channels_last</c> image format.
    /// </summary>
    /// <param name="labelMode"><c>"fine"</c> for the 100 classes (labels 0-99), <c>"coarse"</c> for the 20
    /// superclasses (labels 0-19).</param>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>xTrain</c> is a <c>byte[50000, 32, 32, 3]</c> of
    /// pixel values 0-255, <c>yTrain</c> a <c>byte[50000, 1]</c> of labels; <c>xTest</c> and <c>yTest</c> hold the
    /// 10,000 test images.</returns>
    /// <remarks>
    /// Looked for as <see cref="Cifar10.LoadData()"/> looks, with the names <c>cifar-100-python-target</c>,
    /// <c>cifar-100-python</c> and <c>cifar-100-python.tar.gz</c>; downloaded from
    /// https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="labelMode"/> is not <c>"fine"</c> or <c>"coarse"</c>.</exception>
    /// <exception cref="FileNotFoundException">The data is nowhere and could not be downloaded; the message lists every
    /// place looked in, the URL and where to save the archive.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) LoadData(string labelMode = "fine") =>
        LoadData(DatasetSources.FromEnvironment(), labelMode);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="labelMode"><c>"fine"</c> or <c>"coarse"</c>.</param>
    /// <param name="layout">The files; defaults to Keras' (tests change the hash).</param>
    internal static ((byte[,,,] XTrain, byte[,] YTrain), (byte[,,,] XTest, byte[,] YTest)) LoadData(
        DatasetSources sources, string labelMode = "fine", CifarReader.Layout? layout = null)
    {
        if (labelMode is not ("fine" or "coarse"))
        {
            throw new ArgumentException($"`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode={labelMode}.", nameof(labelMode));
        }

        return CifarReader.Load(sources, layout ?? Layout, labelMode + "_labels");
    }
}
