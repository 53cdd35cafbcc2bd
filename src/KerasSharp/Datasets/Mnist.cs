namespace KerasSharp.Datasets;

/// <summary>
/// The MNIST handwritten digits dataset (<c>keras.datasets.mnist</c>): 60,000 28x28 grayscale training images of
/// the 10 digits and 10,000 test images.
/// </summary>
/// <remarks>
/// Yann LeCun and Corinna Cortes hold the copyright of MNIST, a derivative work of the NIST datasets; it is
/// available under the Creative Commons Attribution-Share Alike 3.0 license.
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();
/// Tensor x = xTrain.ToTensor(divisor: 255.0);   // (60000, 28, 28)
/// Tensor y = yTrain.ToTensor();                // (60000,), digits 0-9
/// </code>
/// </example>
public static class Mnist
{
    /// <summary>The folder under the Keras cache where the four IDX files may be put instead of <c>mnist.npz</c>.</summary>
    internal const string FolderName = "mnist";

    /// <summary>Where Keras downloads <c>mnist.npz</c> from.</summary>
    internal const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz";

    /// <summary>The SHA-256 Keras checks for <c>mnist.npz</c>.</summary>
    internal const string NpzSha256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

    /// <summary>
    /// Loads the MNIST dataset, like Keras' <c>mnist.load_data(path="mnist.npz")</c>.
    /// </summary>
    /// <param name="path">Where the archive is cached, relative to the Keras cache's <c>datasets</c> folder
    /// (an absolute path is used as it is).</param>
    /// <returns>
    /// <c>((xTrain, yTrain), (xTest, yTest))</c>: <c>xTrain</c> is a <c>byte[60000, 28, 28]</c> of grayscale pixels
    /// 0-255, <c>yTrain</c> a <c>byte[60000]</c> of digits 0-9; <c>xTest</c> and <c>yTest</c> hold the 10,000 test
    /// examples. Use <see cref="DatasetExtensions.ToTensor(byte[,,], double, bool)"/> and
    /// <see cref="DatasetExtensions.ToTensor(byte[])"/> to get float tensors.
    /// </returns>
    /// <remarks>
    /// Looked for in this order, where the Keras cache is <c>$KERAS_HOME/datasets</c> or, when <c>KERAS_HOME</c> is
    /// not set, <c>~/.keras/datasets</c>:
    /// <list type="number">
    /// <item>the archive Keras caches, <c>&lt;cache&gt;/mnist.npz</c> (or <paramref name="path"/>);</item>
    /// <item>the four IDX files (<c>train-labels-idx1-ubyte.gz</c>, <c>train-images-idx3-ubyte.gz</c>,
    /// <c>t10k-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c>, gzip-compressed or not) in
    /// <c>&lt;cache&gt;/mnist</c>;</item>
    /// <item>a download of <c>mnist.npz</c> from Keras' storage, with a progress bar, checked against the SHA-256
    /// Keras publishes.</item>
    /// </list>
    /// Debian has no MNIST package.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The data is nowhere and could not be downloaded; the message lists
    /// every place looked in and how to install the dataset.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, or the download did not have the expected SHA-256.</exception>
    public static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) LoadData(string path = "mnist.npz") =>
        LoadData(DatasetSources.FromEnvironment(), path);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the archive is cached, relative to the cache's <c>datasets</c> folder.</param>
    /// <param name="npzSha256">The SHA-256 the download must have; defaults to <see cref="NpzSha256"/>.</param>
    internal static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) LoadData(
        DatasetSources sources, string path = "mnist.npz", string npzSha256 = NpzSha256)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var search = new DatasetSearch("MNIST");
        string npzPath = Path.Combine(sources.CacheDatasetsDirectory, path);
        if (search.FindFile(npzPath, "Keras cache") is not null)
        {
            return NpzReader.ReadMnist(npzPath);
        }

        string idxDirectory = Path.Combine(sources.CacheDatasetsDirectory, FolderName);
        string[]? idxPaths = search.FindFiles(idxDirectory, IdxReader.KerasFileNames, "Keras cache (IDX files)");
        if (idxPaths is not null)
        {
            return IdxReader.ReadSplits(idxPaths);
        }

        string[] downloaded = search.Download(
            [new DatasetSearch.RemoteFile(npzPath, new Uri(Origin), npzSha256)],
            sources,
            HowToInstall(npzPath, idxDirectory));
        return NpzReader.ReadMnist(downloaded[0]);
    }

    private static string HowToInstall(string npzPath, string idxDirectory) =>
        $"To install it, copy Keras' mnist.npz to {npzPath}, or the IDX files " +
        $"{string.Join(", ", IdxReader.KerasFileNames)} into {idxDirectory}. (Debian has no MNIST package; " +
        "Fashion-MNIST, a drop-in replacement, installs with `sudo apt-get install dataset-fashion-mnist`.)";
}
