using System.Text.Json;

namespace KerasSharp.Datasets;

/// <summary>
/// The processing Keras' IMDB and Reuters loaders apply to their word-index sequences, step for step: the shuffle
/// with <c>numpy.random.RandomState(seed)</c>, the start character and <c>index_from</c> shift, the <c>maxlen</c>
/// filter (sequences shorter than <c>maxlen</c> are kept, longer ones dropped) and the vocabulary limit
/// (<c>skip_top &lt;= w &lt; num_words</c>, others replaced by <c>oov_char</c> or removed).
/// </summary>
internal static class TextSequences
{
    /// <summary>The options of <c>load_data</c>, as Keras names them.</summary>
    /// <param name="NumWords">Keep words whose index is below this (after the shift); null or 0 for all.</param>
    /// <param name="SkipTop">Replace the words whose index is below this.</param>
    /// <param name="Maxlen">Drop sequences of this length or longer; null or 0 for none.</param>
    /// <param name="StartChar">Put this first in every sequence; null for nothing.</param>
    /// <param name="OovChar">What replaces cut words; null to remove them.</param>
    /// <param name="IndexFrom">What is added to every word index.</param>
    internal readonly record struct Options(int? NumWords, int SkipTop, int? Maxlen, int? StartChar, int? OovChar, int IndexFrom);

    /// <summary>The sequences and labels in the order of <paramref name="random"/>'s next permutation, as Keras'
    /// <c>rng.shuffle(indices); x = x[indices]</c>.</summary>
    /// <param name="random">The generator, shared across calls as Keras shares it.</param>
    /// <param name="x">The sequences.</param>
    /// <param name="y">One label per sequence.</param>
    internal static (int[][] X, int[] Y) Shuffle(NumpyRandomState random, int[][] x, int[] y)
    {
        int[] order = random.Permutation(x.Length);
        var xs = new int[x.Length][];
        var ys = new int[x.Length];
        for (int i = 0; i < order.Length; i++)
        {
            xs[i] = x[order[i]];
            ys[i] = y[order[i]];
        }

        return (xs, ys);
    }

    /// <summary>Adds the start character, shifts by <c>index_from</c> and applies the <c>maxlen</c> filter.</summary>
    /// <param name="x">The sequences (not modified).</param>
    /// <param name="y">One label per sequence.</param>
    /// <param name="options">The options.</param>
    internal static (int[][] X, int[] Y) MarkAndFilter(int[][] x, int[] y, Options options)
    {
        var xs = new List<int[]>(x.Length);
        var ys = new List<int>(x.Length);
        int offset = options.StartChar is null ? 0 : 1;
        for (int i = 0; i < x.Length; i++)
        {
            var marked = new int[x[i].Length + offset];
            if (options.StartChar is int start)
            {
                marked[0] = start;
            }

            for (int k = 0; k < x[i].Length; k++)
            {
                marked[k + offset] = x[i][k] + options.IndexFrom;
            }

            if (options.Maxlen is not (null or 0) && marked.Length >= options.Maxlen)
            {
                continue;
            }

            xs.Add(marked);
            ys.Add(y[i]);
        }

        return ([.. xs], [.. ys]);
    }

    /// <summary>Keras' error when the <c>maxlen</c> filter keeps nothing.</summary>
    /// <param name="options">The options.</param>
    internal static ArgumentException NoSequenceKept(Options options) =>
        new($"After filtering for sequences shorter than maxlen={options.Maxlen}, no sequence was kept. Increase maxlen.", "maxlen");

    /// <summary>Limits the vocabulary: a word <c>w</c> stays when <c>skip_top &lt;= w &lt; num_words</c>, where a
    /// missing <c>num_words</c> is the largest index of all sequences (so, as in Keras, that word itself is cut);
    /// others become <c>oov_char</c>, or are removed when it is null.</summary>
    /// <param name="xs">All the sequences, training and test.</param>
    /// <param name="options">The options.</param>
    internal static int[][] LimitVocabulary(int[][] xs, Options options)
    {
        int numWords = options.NumWords ?? 0;
        if (numWords == 0)
        {
            numWords = int.MinValue;
            foreach (int[] sequence in xs)
            {
                foreach (int w in sequence)
                {
                    numWords = Math.Max(numWords, w);
                }
            }
        }

        var result = new int[xs.Length][];
        var kept = new List<int>();
        for (int i = 0; i < xs.Length; i++)
        {
            kept.Clear();
            foreach (int w in xs[i])
            {
                if (w >= options.SkipTop && w < numWords)
                {
                    kept.Add(w);
                }
                else if (options.OovChar is int oov)
                {
                    kept.Add(oov);
                }
            }

            result[i] = [.. kept];
        }

        return result;
    }

    /// <summary>Integer labels from the doubles an <c>.npz</c> array was read as.</summary>
    /// <param name="values">The values.</param>
    /// <param name="path">The archive, for error messages.</param>
    /// <param name="name">The array, for error messages.</param>
    internal static int[] ToLabels(double[] values, string path, string name)
    {
        var labels = new int[values.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            double v = values[i];
            labels[i] = v == Math.Floor(v) && v is >= int.MinValue and <= int.MaxValue
                ? (int)v
                : throw new InvalidDataException($"Array '{name}' in '{path}' holds {v} at {i} where an integer label was expected.");
        }

        return labels;
    }

    /// <summary>Reads a word index file (a JSON object of word to index), as Keras' <c>get_word_index</c>.</summary>
    /// <param name="path">The JSON file.</param>
    internal static Dictionary<string, int> ReadWordIndex(string path)
    {
        try
        {
            using FileStream file = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(file);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"Word index '{path}' is not a JSON object of words and indices.");
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (JsonProperty word in document.RootElement.EnumerateObject())
            {
                index[word.Name] = word.Value.ValueKind == JsonValueKind.Number && word.Value.TryGetInt32(out int i)
                    ? i
                    : throw new InvalidDataException($"Word index '{path}' maps '{word.Name}' to {word.Value.GetRawText()}, not to an integer index.");
            }

            return index;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Word index '{path}' is not a JSON object of words and indices: {e.Message}", e);
        }
    }
}
