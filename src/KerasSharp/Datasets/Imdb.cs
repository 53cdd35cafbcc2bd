namespace KerasSharp.Datasets;

/// <summary>
/// The IMDB movie review sentiment dataset (<c>keras.datasets.imdb</c>): 25,000 training and 25,000 test reviews
/// labelled positive (1) or negative (0), each encoded as a sequence of word indices.
/// </summary>
/// <remarks>
/// Words are indexed by how often they occur in the data: index 3 (with the default <c>indexFrom: 3</c>) is the
/// most frequent word, so "keep the 10,000 most frequent words but drop the 20 most frequent" is
/// <c>numWords: 10000, skipTop: 20</c>. Index 0 encodes padding, by convention. Source: Andrew Maas et al., Stanford
/// (https://ai.stanford.edu/~amaas/data/sentiment/).
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Imdb.LoadData(numWords: 10000);
/// Tensor x = Keras.Utils.PadSequences(xTrain, maxlen: 200);   // (25000, 200), ready for an Embedding layer
/// Tensor y = yTrain.ToTensor();                               // (25000,)
/// </code>
/// </example>
public static class Imdb
{
    /// <summary>Where Keras downloads <c>imdb.npz</c> from.</summary>
    internal const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz";

    /// <summary>The SHA-256 Keras checks for <c>imdb.npz</c>.</summary>
    internal const string Sha256 = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f";

    /// <summary>Where Keras downloads the word index from.</summary>
    internal const string WordIndexOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json";

    /// <summary>The MD5 Keras checks for the word index.</summary>
    internal const string WordIndexMd5 = "bfafd718b763782e994055a2d397834f";

    private static readonly string[] ArrayNames = ["x_train", "y_train", "x_test", "y_test"];

    /// <summary>
    /// Loads the IMDB dataset, like Keras' <c>imdb.load_data(path="imdb.npz", num_words=None, skip_top=0,
    /// maxlen=None, seed=113, start_char=1, oov_char=2, index_from=3)</c>, with Keras' processing in Keras' order:
    /// the training and then the test reviews are shuffled with NumPy's <c>RandomState(seed)</c>; every review gets
    /// <paramref name="startChar"/> in front and <paramref name="indexFrom"/> added to its word indices; with
    /// <paramref name="maxlen"/>, only reviews shorter than it (start character included) are kept; then words
    /// outside <c>skipTop &lt;= index &lt; numWords</c> become <paramref name="oovChar"/>.
    /// </summary>
    /// <param name="path">Where the archive is cached, relative to the Keras cache's <c>datasets</c> folder
    /// (<c>$KERAS_HOME/datasets</c>, else <c>~/.keras/datasets</c>); an absolute path is used as it is.</param>
    /// <param name="numWords">Keep only words whose index is below this (the <c>numWords - indexFrom</c> most frequent
    /// ones); null keeps all (as in Keras, the largest index itself is then cut).</param>
    /// <param name="skipTop">Replace the words whose index is below this (the most frequent ones) by
    /// <paramref name="oovChar"/>; 0 skips none.</param>
    /// <param name="maxlen">Drop the reviews that are <paramref name="maxlen"/> or more long; null keeps all.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <param name="startChar">The index that marks the start of each review; null for no marker.</param>
    /// <param name="oovChar">The index that replaces cut words; null removes them.</param>
    /// <param name="indexFrom">What is added to every word index (indices below it are reserved: 0 padding, 1 start,
    /// 2 out-of-vocabulary).</param>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>x</c> holds one <c>int[]</c> of word indices per
    /// review (reviews differ in length, as Keras' object arrays of lists do; <see cref="Keras.Utils.PadSequences"/>
    /// makes a tensor of them), <c>y</c> one label per review (0 negative, 1 positive; <c>ToTensor()</c> makes a
    /// tensor).</returns>
    /// <exception cref="ArgumentException">No review is shorter than <paramref name="maxlen"/> in one of the splits.</exception>
    /// <exception cref="FileNotFoundException">The archive is not cached and could not be downloaded; the message names
    /// the URL and the path to save it as.</exception>
    /// <exception cref="InvalidDataException">The archive is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((int[][] XTrain, int[] YTrain), (int[][] XTest, int[] YTest)) LoadData(
        string path = "imdb.npz", int? numWords = null, int skipTop = 0, int? maxlen = null, int seed = 113,
        int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        LoadData(DatasetSources.FromEnvironment(), path, new(numWords, skipTop, maxlen, startChar, oovChar, indexFrom), seed);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the archive is cached.</param>
    /// <param name="options">The processing options.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="sha256">The hash the download must have; defaults to Keras'.</param>
    internal static ((int[][] XTrain, int[] YTrain), (int[][] XTest, int[] YTest)) LoadData(
        DatasetSources sources, string path, TextSequences.Options options, int seed, string sha256 = Sha256)
    {
        string file = DatasetSearch.CachedOrDownloaded("IMDB", sources, path, Origin, sha256);
        int[][] xTrain, xTest;
        int[] yTrain, yTest;
        using (var archive = NpzReader.OpenArchive(file))
        {
            xTrain = NpzReader.ReadSequences(archive, file, "x_train", ArrayNames);
            yTrain = TextSequences.ToLabels(NpzReader.ReadNumbers(archive, file, "y_train", 1, ArrayNames).Values, file, "y_train");
            xTest = NpzReader.ReadSequences(archive, file, "x_test", ArrayNames);
            yTest = TextSequences.ToLabels(NpzReader.ReadNumbers(archive, file, "y_test", 1, ArrayNames).Values, file, "y_test");
        }

        CheckCounts(file, "train", xTrain, yTrain);
        CheckCounts(file, "test", xTest, yTest);
        var random = new NumpyRandomState(seed);
        (xTrain, yTrain) = TextSequences.Shuffle(random, xTrain, yTrain);
        (xTest, yTest) = TextSequences.Shuffle(random, xTest, yTest);
        (xTrain, yTrain) = TextSequences.MarkAndFilter(xTrain, yTrain, options);
        (xTest, yTest) = TextSequences.MarkAndFilter(xTest, yTest, options);
        if (options.Maxlen is not (null or 0) && (xTrain.Length == 0 || xTest.Length == 0))
        {
            throw TextSequences.NoSequenceKept(options);
        }

        int[][] xs = TextSequences.LimitVocabulary([.. xTrain, .. xTest], options);
        return ((xs[..xTrain.Length], yTrain), (xs[xTrain.Length..], yTest));
    }

    /// <summary>
    /// The word index of the dataset, like Keras' <c>imdb.get_word_index(path="imdb_word_index.json")</c>: each
    /// word and its index before the <c>indexFrom</c> shift (so word <c>w</c> appears in the data as
    /// <c>wordIndex[w] + indexFrom</c>).
    /// </summary>
    /// <param name="path">Where the JSON file is cached, relative to the Keras cache's <c>datasets</c> folder.</param>
    /// <returns>A new dictionary of word to index.</returns>
    /// <example>
    /// <code>
    /// var inverted = Imdb.GetWordIndex().ToDictionary(p => p.Value + 3, p => p.Key);
    /// inverted[1] = "[START]";
    /// inverted[2] = "[OOV]";
    /// string review = string.Join(" ", xTrain[0].Select(i => inverted[i]));
    /// </code>
    /// </example>
    /// <exception cref="FileNotFoundException">The file is not cached and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON object of words to integers, or the download did
    /// not have Keras' MD5.</exception>
    public static Dictionary<string, int> GetWordIndex(string path = "imdb_word_index.json") =>
        GetWordIndex(DatasetSources.FromEnvironment(), path);

    /// <summary>Reads the word index from the given sources.</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the file is cached.</param>
    /// <param name="hash">The hash the download must have; defaults to Keras'.</param>
    internal static Dictionary<string, int> GetWordIndex(DatasetSources sources, string path, string hash = WordIndexMd5) =>
        TextSequences.ReadWordIndex(DatasetSearch.CachedOrDownloaded("IMDB word index", sources, path, WordIndexOrigin, hash));

    private static void CheckCounts(string path, string split, int[][] x, int[] y)
    {
        if (x.Length != y.Length)
        {
            throw new InvalidDataException(
                $"Archive '{path}' does not match: expected one label per review, but x_{split} holds {x.Length} reviews and y_{split} holds {y.Length} labels.");
        }
    }
}
