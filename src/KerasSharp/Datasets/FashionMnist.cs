using System.Collections.ObjectModel;

namespace KerasSharp.Datasets;

/// <summary>
/// The Fashion-MNIST dataset (<c>keras.datasets.fashion_mnist</c>): 60,000 28x28 grayscale training images of
/// 10 fashion categories and 10,000 test images, a drop-in replacement for MNIST.
/// </summary>
/// <remarks>
/// <para>Labels are integers 0-9; <see cref="ClassNames"/> gives their names.</para>
/// <para>The copyright for Fashion-MNIST is held by Zalando SE; it is licensed under the MIT license.</para>
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
/// Tensor trainImages = xTrain.ToTensor(divisor: 255.0);   // (60000, 28, 28), values in [0, 1]
/// Tensor trainLabels = yTrain.ToTensor();                // (60000,)
/// Console.WriteLine(FashionMnist.ClassNames[yTrain[0]]); // Ankle boot
/// </code>
/// </example>
public static class FashionMnist
{
    /// <summary>The folder, under the Keras cache and under Debian's <c>/usr/share/datasets</c>, that holds the files.</summary>
    internal const string FolderName = "fashion-mnist";

    /// <summary>Where Keras downloads the files from.</summary>
    internal const string BaseUrl = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /// <summary>The SHA-256 Keras checks for each downloaded file.</summary>
    internal static readonly IReadOnlyDictionary<string, string> FileHashes = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>
    {
        ["train-labels-idx1-ubyte.gz"] = "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        ["train-images-idx3-ubyte.gz"] = "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        ["t10k-labels-idx1-ubyte.gz"] = "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        ["t10k-images-idx3-ubyte.gz"] = "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    });

    /// <summary>
    /// The names of the 10 classes, indexed by label: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt,
    /// Sneaker, Bag, Ankle boot (the names the TensorFlow classification tutorial uses).
    /// </summary>
    public static IReadOnlyList<string> ClassNames { get; } = new ReadOnlyCollection<string>(
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]);

    /// <summary>
    /// Loads the Fashion-MNIST dataset, like Keras' <c>fashion_mnist.load_data()</c>.
    /// </summary>
    /// <returns>
    /// <c>((xTrain, yTrain), (xTest, yTest))</c>: <c>xTrain</c> is a <c>byte[60000, 28, 28]</c> of grayscale pixels
    /// 0-255, <c>yTrain</c> a <c>byte[60000]</c> of labels 0-9; <c>xTest</c> and <c>yTest</c> hold the 10,000 test
    /// examples. Use <see cref="DatasetExtensions.ToTensor(byte[,,], double, bool)"/> and
    /// <see cref="DatasetExtensions.ToTensor(byte[])"/> to get float tensors.
    /// </returns>
    /// <remarks>
    /// The four files (<c>train-labels-idx1-ubyte.gz</c>, <c>train-images-idx3-ubyte.gz</c>,
    /// <c>t10k-labels-idx1-ubyte.gz</c>, <c>t10k-images-idx3-ubyte.gz</c>; also accepted uncompressed without the
    /// <c>.gz</c>) are looked for in this order:
    /// <list type="number">
    /// <item>the Keras cache, <c>$KERAS_HOME/datasets/fashion-mnist</c> or, when <c>KERAS_HOME</c> is not set,
    /// <c>~/.keras/datasets/fashion-mnist</c>;</item>
    /// <item>Debian's <c>dataset-fashion-mnist</c> package, <c>/usr/share/datasets/fashion-mnist</c>;</item>
    /// <item>a download of the missing files from Keras' storage into the Keras cache, with a progress bar, each
    /// file checked against the SHA-256 Keras publishes.</item>
    /// </list>
    /// </remarks>
    /// <exception cref="FileNotFoundException">The files are nowhere and could not be downloaded; the message lists
    /// every place looked in and how to install the dataset.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt (wrong format, truncated, counts that do not match), or
    /// a download did not have the expected SHA-256.</exception>
    public static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) LoadData() =>
        LoadData(DatasetSources.FromEnvironment());

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="fileHashes">The SHA-256 each download must have; defaults to <see cref="FileHashes"/>.</param>
    internal static ((byte[,,] XTrain, byte[] YTrain), (byte[,,] XTest, byte[] YTest)) LoadData(
        DatasetSources sources, IReadOnlyDictionary<string, string>? fileHashes = null)
    {
        fileHashes ??= FileHashes;
        var search = new DatasetSearch("Fashion-MNIST");
        string cacheDirectory = Path.Combine(sources.CacheDatasetsDirectory, FolderName);
        string[]? paths = search.FindFiles(cacheDirectory, IdxReader.KerasFileNames, "Keras cache");
        if (paths is null && sources.SystemDatasetsDirectory is not null)
        {
            paths = search.FindFiles(
                Path.Combine(sources.SystemDatasetsDirectory, FolderName),
                IdxReader.KerasFileNames,
                "Debian package dataset-fashion-mnist at");
        }

        if (paths is null)
        {
            var files = new DatasetSearch.RemoteFile[IdxReader.KerasFileNames.Length];
            for (int i = 0; i < files.Length; i++)
            {
                string name = IdxReader.KerasFileNames[i];
                files[i] = new(Path.Combine(cacheDirectory, name), new Uri(BaseUrl + name), fileHashes[name]);
            }

            paths = search.Download(files, sources, HowToInstall(cacheDirectory));
        }

        return IdxReader.ReadSplits(paths);
    }

    private static string HowToInstall(string cacheDirectory) =>
        "To install it, run `sudo apt-get install dataset-fashion-mnist` (Debian and Ubuntu), or copy the files " +
        $"{string.Join(", ", IdxReader.KerasFileNames)} into {cacheDirectory}.";
}
