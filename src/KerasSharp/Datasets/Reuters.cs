using System.Collections.ObjectModel;

namespace KerasSharp.Datasets;

/// <summary>
/// The Reuters newswire topic classification dataset (<c>keras.datasets.reuters</c>): 11,228 newswires labelled over
/// 46 topics, each encoded as a sequence of word indices.
/// </summary>
/// <remarks>
/// Derived from the classic Reuters-21578 collection. Words are indexed by how often they occur, as in
/// <see cref="Imdb"/>; <see cref="GetLabelNames"/> names the 46 topics.
/// </remarks>
/// <example>
/// <code>
/// var ((xTrain, yTrain), (xTest, yTest)) = Reuters.LoadData(numWords: 10000);
/// Tensor x = Keras.Utils.PadSequences(xTrain, maxlen: 200);
/// Console.WriteLine(Reuters.GetLabelNames()[yTrain[0]]);
/// </code>
/// </example>
public static class Reuters
{
    /// <summary>Where Keras downloads <c>reuters.npz</c> from.</summary>
    internal const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz";

    /// <summary>The SHA-256 Keras checks for <c>reuters.npz</c>.</summary>
    internal const string Sha256 = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916";

    /// <summary>Where Keras downloads the word index from.</summary>
    internal const string WordIndexOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json";

    /// <summary>The MD5 Keras checks for the word index.</summary>
    internal const string WordIndexMd5 = "4d44cc38712099c9e383dc6e5f11a921";

    private static readonly string[] ArrayNames = ["x", "y"];

    private static readonly ReadOnlyCollection<string> LabelNames = new(
    [
        "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar",
        "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
        "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
        "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
        "lead",
    ]);

    /// <summary>
    /// Loads the Reuters dataset, like Keras' <c>reuters.load_data(path="reuters.npz", num_words=None, skip_top=0,
    /// maxlen=None, test_split=0.2, seed=113, start_char=1, oov_char=2, index_from=3)</c>, with Keras' processing in
    /// Keras' order: the newswires are shuffled with NumPy's <c>RandomState(seed)</c>, marked with
    /// <paramref name="startChar"/> and shifted by <paramref name="indexFrom"/>, filtered by
    /// <paramref name="maxlen"/>, limited to the vocabulary, and then split at
    /// <c>int(count * (1 - testSplit))</c>.
    /// </summary>
    /// <param name="path">Where the archive is cached, relative to the Keras cache's <c>datasets</c> folder
    /// (<c>$KERAS_HOME/datasets</c>, else <c>~/.keras/datasets</c>); an absolute path is used as it is.</param>
    /// <param name="numWords">Keep only words whose index is below this; null keeps all (as in Keras, the largest
    /// index itself is then cut).</param>
    /// <param name="skipTop">Replace the words whose index is below this by <paramref name="oovChar"/>.</param>
    /// <param name="maxlen">Drop the newswires that are <paramref name="maxlen"/> or more long; null keeps all.</param>
    /// <param name="testSplit">The fraction of the newswires kept for the test split.</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <param name="startChar">The index that marks the start of each newswire; null for no marker.</param>
    /// <param name="oovChar">The index that replaces cut words; null removes them.</param>
    /// <param name="indexFrom">What is added to every word index.</param>
    /// <returns><c>((xTrain, yTrain), (xTest, yTest))</c>: <c>x</c> holds one <c>int[]</c> of word indices per
    /// newswire, <c>y</c> its topic 0-45.</returns>
    /// <exception cref="ArgumentException">No newswire is shorter than <paramref name="maxlen"/>.</exception>
    /// <exception cref="FileNotFoundException">The archive is not cached and could not be downloaded; the message names
    /// the URL and the path to save it as.</exception>
    /// <exception cref="InvalidDataException">The archive is corrupt, or the download did not have Keras' SHA-256.</exception>
    public static ((int[][] XTrain, int[] YTrain), (int[][] XTest, int[] YTest)) LoadData(
        string path = "reuters.npz", int? numWords = null, int skipTop = 0, int? maxlen = null, double testSplit = 0.2,
        int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        LoadData(DatasetSources.FromEnvironment(), path, new(numWords, skipTop, maxlen, startChar, oovChar, indexFrom), testSplit, seed);

    /// <summary>Loads the dataset from the given sources (tests point these at temporary folders and fake HTTP).</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the archive is cached.</param>
    /// <param name="options">The processing options.</param>
    /// <param name="testSplit">The test fraction.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="sha256">The hash the download must have; defaults to Keras'.</param>
    internal static ((int[][] XTrain, int[] YTrain), (int[][] XTest, int[] YTest)) LoadData(
        DatasetSources sources, string path, TextSequences.Options options, double testSplit, int seed, string sha256 = Sha256)
    {
        string file = DatasetSearch.CachedOrDownloaded("Reuters", sources, path, Origin, sha256);
        int[][] xs;
        int[] labels;
        using (var archive = NpzReader.OpenArchive(file))
        {
            xs = NpzReader.ReadSequences(archive, file, "x", ArrayNames);
            labels = TextSequences.ToLabels(NpzReader.ReadNumbers(archive, file, "y", 1, ArrayNames).Values, file, "y");
        }

        if (xs.Length != labels.Length)
        {
            throw new InvalidDataException(
                $"Archive '{file}' does not match: expected one label per newswire, but x holds {xs.Length} newswires and y holds {labels.Length} labels.");
        }

        (xs, labels) = TextSequences.Shuffle(new NumpyRandomState(seed), xs, labels);
        (xs, labels) = TextSequences.MarkAndFilter(xs, labels, options);
        if (xs.Length == 0 && options.Maxlen is not (null or 0))
        {
            throw TextSequences.NoSequenceKept(options); // Keras fails here too, on the max of no words
        }

        xs = TextSequences.LimitVocabulary(xs, options);
        int split = (int)(xs.Length * (1 - testSplit));
        return ((xs[..split], labels[..split]), (xs[split..], labels[split..]));
    }

    /// <summary>
    /// The word index of the dataset, like Keras' <c>reuters.get_word_index(path="reuters_word_index.json")</c>:
    /// each word and its index before the <c>indexFrom</c> shift (the word <c>"the"</c> has index 1, and appears in
    /// the data as 1 + 3 = 4 with the default <c>indexFrom</c>).
    /// </summary>
    /// <param name="path">Where the JSON file is cached, relative to the Keras cache's <c>datasets</c> folder.</param>
    /// <returns>A new dictionary of word to index.</returns>
    /// <exception cref="FileNotFoundException">The file is not cached and could not be downloaded.</exception>
    /// <exception cref="InvalidDataException">The file is not a JSON object of words to integers, or the download did
    /// not have Keras' MD5.</exception>
    public static Dictionary<string, int> GetWordIndex(string path = "reuters_word_index.json") =>
        GetWordIndex(DatasetSources.FromEnvironment(), path);

    /// <summary>Reads the word index from the given sources.</summary>
    /// <param name="sources">Where to look and how to download.</param>
    /// <param name="path">Where the file is cached.</param>
    /// <param name="hash">The hash the download must have; defaults to Keras'.</param>
    internal static Dictionary<string, int> GetWordIndex(DatasetSources sources, string path, string hash = WordIndexMd5) =>
        TextSequences.ReadWordIndex(DatasetSearch.CachedOrDownloaded("Reuters word index", sources, path, WordIndexOrigin, hash));

    /// <summary>The names of the 46 topics, indexed by label, like Keras' <c>reuters.get_label_names()</c>
    /// (<c>"cocoa"</c>, <c>"grain"</c>, <c>"veg-oil"</c>, <c>"earn"</c>, …).</summary>
    /// <returns>The names, in label order.</returns>
    public static IReadOnlyList<string> GetLabelNames() => LabelNames;
}
