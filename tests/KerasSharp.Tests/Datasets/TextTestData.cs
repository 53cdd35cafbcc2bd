using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// Writes a tiny IMDB- or Reuters-style <c>.npz</c> (object arrays of Python lists of word indices, int64 labels)
/// with NumPy, and runs Keras' <c>load_data</c> processing on it in Python, step by step as Keras' code does, for
/// each set of options.
/// </summary>
internal static class TextTestData
{
    private const string Script =
        """
        import sys, json, numpy as np
        kind, path, cases = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        gen = np.random.RandomState(5)
        def corpus(n):
            x = np.empty(n, dtype=object)
            for i in range(n):
                x[i] = [int(w) for w in gen.randint(0, 30, size=gen.randint(0, 12))]
            return x, gen.randint(0, 3 if kind == 'reuters' else 2, size=n).astype('int64')
        if kind == 'imdb':
            xa, ya = corpus(23); xb, yb = corpus(17)
            np.savez(path, x_train=xa, y_train=ya, x_test=xb, y_test=yb)
        else:
            xa, ya = corpus(37)
            np.savez(path, x=xa, y=ya)
        f = np.load(path, allow_pickle=True)

        def mark(xs, start_char, index_from):
            if start_char is not None:
                return [[start_char] + [w + index_from for w in x] for x in xs]
            if index_from:
                return [[w + index_from for w in x] for x in xs]
            return [[w for w in x] for x in xs]

        def remove_long(maxlen, xs, labels):
            kept = [(x, y) for x, y in zip(xs, labels) if len(x) < maxlen]
            return [x for x, _ in kept], [y for _, y in kept]

        def limit(xs, num_words, skip_top, oov_char):
            if not num_words:
                num_words = max(max(x) for x in xs)
            if oov_char is not None:
                return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
            return [[w for w in x if skip_top <= w < num_words] for x in xs]

        out = []
        for c in cases:
            rng = np.random.RandomState(c['seed'])
            try:
                if kind == 'imdb':
                    xa, ya, xb, yb = f['x_train'], f['y_train'], f['x_test'], f['y_test']
                    idx = np.arange(len(xa)); rng.shuffle(idx); xa = xa[idx]; ya = ya[idx]
                    idx = np.arange(len(xb)); rng.shuffle(idx); xb = xb[idx]; yb = yb[idx]
                    xa = mark(xa, c['start_char'], c['index_from']); xb = mark(xb, c['start_char'], c['index_from'])
                    if c['maxlen']:
                        xa, ya = remove_long(c['maxlen'], xa, ya); xb, yb = remove_long(c['maxlen'], xb, yb)
                        if not xa or not xb:
                            raise ValueError('no sequence was kept')
                    xs = limit(xa + xb, c['num_words'], c['skip_top'], c['oov_char'])
                    labels = [int(v) for v in np.concatenate([ya, yb])]
                    n = len(xa)
                else:
                    xs, labels = f['x'], f['y']
                    idx = np.arange(len(xs)); rng.shuffle(idx); xs = xs[idx]; labels = labels[idx]
                    xs = mark(xs, c['start_char'], c['index_from'])
                    if c['maxlen']:
                        xs, labels = remove_long(c['maxlen'], xs, labels)
                    xs = limit(xs, c['num_words'], c['skip_top'], c['oov_char'])
                    labels = [int(v) for v in labels]
                    n = int(len(xs) * (1 - c['test_split']))
                out.append({'x_train': xs[:n], 'y_train': labels[:n], 'x_test': xs[n:], 'y_test': labels[n:]})
            except ValueError as e:
                out.append({'error': str(e)})
        print(json.dumps(out))
        """;

    /// <summary>One set of <c>load_data</c> options, with Keras' names and defaults.</summary>
    internal sealed record Case(
        int? NumWords = null, int SkipTop = 0, int? Maxlen = null, int Seed = 113, int? StartChar = 1, int? OovChar = 2,
        int IndexFrom = 3, double TestSplit = 0.2)
    {
        internal JsonObject ToJson() => new()
        {
            ["num_words"] = NumWords,
            ["skip_top"] = SkipTop,
            ["maxlen"] = Maxlen,
            ["seed"] = Seed,
            ["start_char"] = StartChar,
            ["oov_char"] = OovChar,
            ["index_from"] = IndexFrom,
            ["test_split"] = TestSplit,
        };
    }

    /// <summary>What Keras returns for one case, or null when it raises.</summary>
    internal sealed record Result(int[][] XTrain, int[] YTrain, int[][] XTest, int[] YTest);

    /// <summary>Writes the archive (<paramref name="kind"/> <c>imdb</c> or <c>reuters</c>) and returns Keras'
    /// result for each case.</summary>
    internal static Result?[] WriteAndProcess(string kind, string path, IReadOnlyList<Case> cases)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new JsonArray([.. cases.Select(c => (JsonNode)c.ToJson())]);
        string output = H5py.Run(Script, kind, path, json.ToJsonString());
        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.EnumerateArray().Select(e => e.TryGetProperty("error", out _)
            ? null
            : new Result(Jagged(e.GetProperty("x_train")), Ints(e.GetProperty("y_train")), Jagged(e.GetProperty("x_test")), Ints(e.GetProperty("y_test"))))];
    }

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    private static int[][] Jagged(JsonElement e) => [.. e.EnumerateArray().Select(Ints)];

    /// <summary>Writes a word index JSON file and returns its bytes.</summary>
    internal static byte[] WordIndexJson() => System.Text.Encoding.UTF8.GetBytes("{\"the\": 1, \"and\": 2, \"caf\\u00e9\": 3}");

    /// <summary>Formats an integer for a command line.</summary>
    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
