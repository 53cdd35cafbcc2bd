using System.Globalization;
using System.Text.Json;
using KerasSharp.Tests.Saving;

namespace KerasSharp.Tests.Datasets;

/// <summary>
/// Writes a housing-style <c>.npz</c> (<c>x</c> rows of float64 features, <c>y</c> float64 targets) with NumPy and
/// computes the split Keras' <c>load_data</c> makes of it, with NumPy, following Keras' steps.
/// </summary>
internal static class HousingTestData
{
    private const string Script =
        """
        import sys, json, numpy as np
        path, rows, cols, take, split, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
        gen = np.random.RandomState(99)
        x = gen.uniform(-50, 500, size=(rows, cols))
        y = gen.uniform(5, 50, size=rows)
        np.savez(path, x=x, y=y)
        with np.load(path, allow_pickle=False) as f:
            x = f["x"]; y = f["y"]
        if take >= 0:
            x = x[:take]; y = y[:take]
        rng = np.random.RandomState(seed)
        indices = np.arange(len(x))
        rng.shuffle(indices)
        x = x[indices]; y = y[indices]
        n = int(len(x) * (1 - split))
        print(json.dumps({"x_train": x[:n].tolist(), "y_train": y[:n].tolist(), "x_test": x[n:].tolist(), "y_test": y[n:].tolist()}))
        """;

    /// <summary>Writes the archive to <paramref name="path"/> and returns Keras' split of it.</summary>
    internal static ((double[][] XTrain, double[] YTrain), (double[][] XTest, double[] YTest)) WriteAndSplit(
        string path, int rows, int cols, int? take, double testSplit, int seed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string json = H5py.Run(Script, path, Text(rows), Text(cols), Text(take ?? -1), testSplit.ToString("R", CultureInfo.InvariantCulture), Text(seed));
        using var document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return ((Matrix(root.GetProperty("x_train")), Vector(root.GetProperty("y_train"))),
            (Matrix(root.GetProperty("x_test")), Vector(root.GetProperty("y_test"))));
    }

    /// <summary>The rows of a 2-D array.</summary>
    internal static double[][] Rows(double[,] values) =>
        [.. Enumerable.Range(0, values.GetLength(0)).Select(r => Enumerable.Range(0, values.GetLength(1)).Select(c => values[r, c]).ToArray())];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double[] Vector(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(Vector)];
}
