namespace KerasSharp.Tests.Losses;

/// <summary>
/// Independent double-precision implementations of the Keras loss formulas, used to derive expected values.
/// Clipping bounds are Keras' float32 ones: ε = 1e-7 and 1 − ε rounded to float32 (0.99999988…).
/// </summary>
internal static class LossReference
{
    internal const double Eps = 1e-7;
    internal static readonly double OneMinusEps = (double)(1f - 1e-7f);

    internal static double Clip(double p) => Math.Min(Math.Max(p, Eps), OneMinusEps);

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>One element of binary cross-entropy.</summary>
    internal static double Bce(double y, double p, bool fromLogits)
    {
        if (fromLogits)
        {
            return Math.Max(p, 0) - p * y + Math.Log(1 + Math.Exp(-Math.Abs(p)));
        }
        double c = Clip(p);
        return -(y * Math.Log(c) + (1 - y) * Math.Log(1 - c));
    }

    /// <summary>Per-row BCE averaged over the last axis, with optional label smoothing.</summary>
    internal static double[] BceRows(double[,] y, double[,] p, bool fromLogits = false, double smoothing = 0)
    {
        int rows = y.GetLength(0), cols = y.GetLength(1);
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                double t = y[r, c] * (1 - smoothing) + 0.5 * smoothing;
                sum += Bce(t, p[r, c], fromLogits);
            }
            result[r] = sum / cols;
        }
        return result;
    }

    /// <summary>Per-row categorical cross-entropy over the last axis, with optional label smoothing.</summary>
    internal static double[] CceRows(double[,] y, double[,] p, bool fromLogits = false, double smoothing = 0)
    {
        int rows = y.GetLength(0), cols = y.GetLength(1);
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            var logProb = new double[cols];
            if (fromLogits)
            {
                double max = double.NegativeInfinity;
                for (int c = 0; c < cols; c++)
                {
                    max = Math.Max(max, p[r, c]);
                }
                double s = 0;
                for (int c = 0; c < cols; c++)
                {
                    s += Math.Exp(p[r, c] - max);
                }
                double lse = max + Math.Log(s);
                for (int c = 0; c < cols; c++)
                {
                    logProb[c] = p[r, c] - lse;
                }
            }
            else
            {
                double s = 0;
                for (int c = 0; c < cols; c++)
                {
                    s += p[r, c];
                }
                for (int c = 0; c < cols; c++)
                {
                    logProb[c] = Math.Log(Clip(p[r, c] / s));
                }
            }
            double loss = 0;
            for (int c = 0; c < cols; c++)
            {
                double t = y[r, c] * (1 - smoothing) + smoothing / cols;
                loss -= t * logProb[c];
            }
            result[r] = loss;
        }
        return result;
    }

    /// <summary>One-hot rows for integer labels.</summary>
    internal static double[,] OneHot(int[] labels, int numClasses)
    {
        var y = new double[labels.Length, numClasses];
        for (int i = 0; i < labels.Length; i++)
        {
            y[i, labels[i]] = 1;
        }
        return y;
    }

    /// <summary>Per-row mean of f(yTrue, yPred) over the last axis.</summary>
    internal static double[] RowMeans(double[,] y, double[,] p, Func<double, double, double> f)
    {
        int rows = y.GetLength(0), cols = y.GetLength(1);
        var result = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
            {
                sum += f(y[r, c], p[r, c]);
            }
            result[r] = sum / cols;
        }
        return result;
    }

    internal static double HuberElement(double yTrue, double yPred, double delta)
    {
        double x = yPred - yTrue;
        return Math.Abs(x) <= delta ? 0.5 * x * x : delta * Math.Abs(x) - 0.5 * delta * delta;
    }

    internal static double Mean(double[] values) => values.Sum() / values.Length;

    internal static float[,] ToFloat(double[,] values)
    {
        var result = new float[values.GetLength(0), values.GetLength(1)];
        for (int i = 0; i < values.GetLength(0); i++)
        {
            for (int j = 0; j < values.GetLength(1); j++)
            {
                result[i, j] = (float)values[i, j];
            }
        }
        return result;
    }

    internal static float[] ToFloat(double[] values) => Array.ConvertAll(values, v => (float)v);
}
