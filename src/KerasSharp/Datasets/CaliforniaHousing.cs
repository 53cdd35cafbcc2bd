namespace KerasSharp.Datasets;

/// <summary>
/// The California Housing price regression dataset (<c>keras.datasets.california_housing</c>): 20,640 census block
/// groups of California from the 1990 U.S. census, 8 features each, with the median house value in dollars as target.
/// </summary>
/// <remarks>
/// The features are, in order: MedInc (median income), HouseAge (median house age), AveRooms (average rooms per
/// household), AveBedrms (average bedrooms per household), Population, AveOccup (average household members),
/// Latitude and Longitude. Obtained from the StatLib repository.
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = CaliforniaHousing.LoadData(version: "small");
/// Tensor x = xTrain.ToTensor();   // (480, 8)
/// </code>
/// </example>
public static class CaliforniaHousing
{
    /// <summary>Where Keras downloads <c>california_housing.npz</c> from.</summary>
    internal const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz";

    /// <summary>The SHA-256 Keras checks.</summary>
    internal const string Sha256 = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f";

    /// <summary>How many examples the <c>"small"</c> version keeps.</summary>
    private const int SmallCount = 600;

    /// <summary>
    /// Loads the California Housing dataset, like Keras' <c>california_housing.load_data(version="large",
    /// path="california_housing.npz", test_split=0.2, seed=113)</c>, shuffled as Keras shuffles it.
    /// </summary>
    /// <param name="version"><c>"large"</c> for all 20,640 examples, or <c>"small"</c> for the first 600 (a
    /// stand-in for the deprecated Boston Housing dataset).</param>
    /// <param name="path">Where the archive is cached, relative to the Keras cache's <c>datasets</c> folder
    /// (<c>$KERAS_HOME/datasets</c>, else <c>~/.keras/datasets</c>); an absolute path is used as it is.</param>
    /// <param name="testSplit">The fraction of the examples kept for the test split, at least 0 and below 1.</param>
    /// <param name="seed">The seed of the shuffle before the split.</param>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>x</c> is a <c>double[count, 8]</c>, <c>y</c> a
    /// <c>double[count]</c> of values in dollars (typically 25,000 to 500,000).
    /// <see cref="DatasetExtensions.ToTensor(double[,])"/> makes float tensors.</returns>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not <c>"small"</c> or <c>"large"</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testSplit"/> is not in [0, 1).</exception>
    /// <exception cref="FileNotFoundException">The archive is not cached and could not be downloaded; the message names
    /// the URL and the path to save it as.</exception>
    /// <exception cref="InvalidDataException">The archive is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((double[,] XTrain, double[] YTrain), (double[,] XTest, double[] YTest)) LoadData(
        string version = "large", string path = "california_housing.npz", double testSplit = 0.2, int seed = 113) =>
        LoadData(DatasetSources.FromEnvironment(), version, path, testSplit, seed);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="version"><c>"large"</c> or <c>"small"</c>.</param>
    /// <param name="path">Where the archive is cached.</param>
    /// <param name="testSplit">The test fraction.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="sha256">The hash the download must have; defaults to Keras'.</param>
    internal static ((double[,] XTrain, double[] YTrain), (double[,] XTest, double[] YTest)) LoadData(
        DatasetSources sources, string version = "large", string path = "california_housing.npz", double testSplit = 0.2,
        int seed = 113, string sha256 = Sha256)
    {
        RegressionSplit.CheckTestSplit(testSplit);
        if (version is not ("small" or "large"))
        {
            throw new ArgumentException($"Argument `version` must be one of 'small', 'large'. Received: version={version}", nameof(version));
        }

        string file = DatasetSearch.CachedOrDownloaded("California Housing", sources, path, Origin, sha256);
        return RegressionSplit.Load(file, testSplit, seed, version == "small" ? SmallCount : null);
    }
}
