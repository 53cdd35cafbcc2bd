using System.Globalization;

namespace KerasSharp.Datasets;

/// <summary>
/// What the Keras housing datasets share: read <c>x</c> (rows of features) and <c>y</c> (targets) from an
/// <c>.npz</c>, shuffle the rows with <c>numpy.random.RandomState(seed)</c> and cut them at
/// <c>int(len(x) * (1 - test_split))</c> into a training and a test split.
/// </summary>
internal static class RegressionSplit
{
    private static readonly string[] ArrayNames = ["x", "y"];

    /// <summary>Keras' check of <c>test_split</c>: 0 inclusive to 1 exclusive.</summary>
    /// <param name="testSplit">The fraction of examples that go to the test split.</param>
    internal static void CheckTestSplit(double testSplit)
    {
        if (!(testSplit >= 0 && testSplit < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testSplit),
                testSplit,
                $"Invalid `test_split` argument: {testSplit.ToString(CultureInfo.InvariantCulture)}. It must be between 0 and 1 (exclusive of 1).");
        }
    }

    /// <summary>Reads, optionally truncates, shuffles and splits the data in the <c>.npz</c> at <paramref name="path"/>.</summary>
    /// <param name="path">The archive.</param>
    /// <param name="testSplit">The fraction of examples that go to the test split.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <param name="take">Keep only the first examples (before shuffling), or null for all.</param>
    internal static ((double[,] XTrain, double[] YTrain), (double[,] XTest, double[] YTest)) Load(
        string path, double testSplit, int seed, int? take = null)
    {
        double[] x, y;
        int[] xShape;
        using (var archive = NpzReader.OpenArchive(path))
        {
            (x, xShape) = NpzReader.ReadNumbers(archive, path, "x", expectedRank: 2, ArrayNames);
            (y, _) = NpzReader.ReadNumbers(archive, path, "y", expectedRank: 1, ArrayNames);
        }

        if (xShape[0] != y.Length)
        {
            throw new InvalidDataException(
                $"Archive '{path}' does not match: expected one target per example, but x holds {xShape[0]} rows and y holds {y.Length} targets.");
        }

        int count = Math.Min(xShape[0], take ?? int.MaxValue);
        int features = xShape[1];
        int[] order = new NumpyRandomState(seed).Permutation(count);
        int trainCount = (int)(count * (1 - testSplit));
        return (Rows(0, trainCount), Rows(trainCount, count));

        (double[,] X, double[] Y) Rows(int from, int to)
        {
            var xs = new double[to - from, features];
            var ys = new double[to - from];
            for (int r = from; r < to; r++)
            {
                int source = order[r];
                for (int f = 0; f < features; f++)
                {
                    xs[r - from, f] = x[(source * features) + f];
                }

                ys[r - from] = y[source];
            }

            return (xs, ys);
        }
    }
}
