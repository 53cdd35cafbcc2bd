namespace KerasSharp.Datasets;

/// <summary>
/// The Boston Housing price regression dataset (<c>keras.datasets.boston_housing</c>): 506 examples of 13
/// attributes of houses around Boston in the late 1970s, with the median value of the homes (in k$) as target.
/// </summary>
/// <remarks>
/// <para>Taken from the StatLib library of Carnegie Mellon University. Keras warns that the dataset has an ethical
/// problem: its authors included a variable, "B", that may appear to assume that racial self-segregation influences
/// house prices; Keras strongly discourages its use except to illustrate ethical issues in data science.
/// <see cref="CaliforniaHousing"/> (<c>version: "small"</c>) is the suggested replacement.</para>
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = BostonHousing.LoadData();
/// Tensor x = xTrain.ToTensor();   // (404, 13)
/// Tensor y = yTrain.ToTensor();   // (404,)
/// </code>
/// </example>
public static class BostonHousing
{
    /// <summary>Where Keras downloads <c>boston_housing.npz</c> from.</summary>
    internal const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz";

    /// <summary>The SHA-256 Keras checks.</summary>
    internal const string Sha256 = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5";

    /// <summary>
    /// Loads the Boston Housing dataset, like Keras' <c>boston_housing.load_data(path="boston_housing.npz",
    /// test_split=0.2, seed=113)</c>: the examples are shuffled as Keras shuffles them (NumPy's
    /// <c>RandomState(seed)</c>), so the splits hold the same examples in the same order.
    /// </summary>
    /// <param name="path">Where the archive is cached, relative to the Keras cache's <c>datasets</c> folder
    /// (<c>$KERAS_HOME/datasets</c>, else <c>~/.keras/datasets</c>); an absolute path is used as it is.</param>
    /// <param name="testSplit">The fraction of the examples kept for the test split, at least 0 and below 1.</param>
    /// <param name="seed">The seed of the shuffle before the split.</param>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>x</c> is a <c>double[count, 13]</c> of attributes,
    /// <c>y</c> a <c>double[count]</c> of prices in k$ (float64, as Keras returns them); 404 training and 102 test
    /// examples with the defaults. <see cref="DatasetExtensions.ToTensor(double[,])"/> makes float tensors.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testSplit"/> is not in [0, 1).</exception>
    /// <exception cref="FileNotFoundException">The archive is not cached and could not be downloaded; the message names
    /// the URL and the path to save it as.</exception>
    /// <exception cref="InvalidDataException">The archive is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((double[,] XTrain, double[] YTrain), (double[,] XTest, double[] YTest)) LoadData(
        string path = "boston_housing.npz", double testSplit = 0.2, int seed = 113) =>
        LoadData(DatasetSources.FromEnvironment(), path, testSplit, seed);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the archive is cached.</param>
    /// <param name="testSplit">The test fraction.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="sha256">The hash the download must have; defaults to Keras'.</param>
    internal static ((double[,] XTrain, double[] YTrain), (double[,] XTest, double[] YTest)) LoadData(
        DatasetSources sources, string path = "boston_housing.npz", double testSplit = 0.2, int seed = 113, string sha256 = Sha256)
    {
        RegressionSplit.CheckTestSplit(testSplit);
        string file = DatasetSearch.CachedOrDownloaded("Boston Housing", sources, path, Origin, sha256);
        return RegressionSplit.Load(file, testSplit, seed);
    }
}
