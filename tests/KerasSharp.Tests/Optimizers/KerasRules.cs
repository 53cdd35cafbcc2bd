namespace KerasSharp.Tests.Optimizers;

/// <summary>
/// Keras 3's update rules of the newer optimizers, written from <c>keras/src/optimizers/*.py</c> in double precision,
/// one step on arrays in place (<c>t</c> is the 1-based update count).
/// </summary>
internal static class KerasRules
{
    public static void Nadam(double[] w, double[] g, double[] m, double[] v, ref double uProduct, int t, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        double u = b1 * (1 - 0.5 * Math.Pow(0.96, t));
        double uNext = b1 * (1 - 0.5 * Math.Pow(0.96, t + 1));
        uProduct *= u;
        double uProductNext = uProduct * uNext;
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - b1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
            double mHat = uNext * m[i] / (1 - uProductNext) + (1 - u) * g[i] / (1 - uProduct);
            double vHat = v[i] / (1 - Math.Pow(b2, t));
            w[i] -= mHat * lr / (Math.Sqrt(vHat) + eps);
        }
    }

    public static void Adamax(double[] w, double[] g, double[] m, double[] u, int t, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - b1);
            u[i] = Math.Max(b2 * u[i], Math.Abs(g[i]));
            w[i] -= lr * m[i] / ((1 - Math.Pow(b1, t)) * (u[i] + eps));
        }
    }

    public static void Adadelta(double[] w, double[] g, double[] a, double[] d, double lr, double rho = 0.95, double eps = 1e-7)
    {
        for (int i = 0; i < w.Length; i++)
        {
            a[i] = rho * a[i] + (1 - rho) * g[i] * g[i];
            double delta = -Math.Sqrt(d[i] + eps) * g[i] / Math.Sqrt(a[i] + eps);
            d[i] = rho * d[i] + (1 - rho) * delta * delta;
            w[i] += lr * delta;
        }
    }

    public static void Ftrl(double[] w, double[] g, double[] acc, double[] linear, double lr, double lrPower, double l1, double l2, double l2Shrinkage, double beta)
    {
        double p = -lrPower;
        double l2Total = l2 + beta / (2 * lr);
        for (int i = 0; i < w.Length; i++)
        {
            double gHat = g[i] + 2 * l2Shrinkage * w[i];
            double n = acc[i] + g[i] * g[i];
            linear[i] += gHat - (Math.Pow(n, p) - Math.Pow(acc[i], p)) / lr * w[i];
            double q = Math.Pow(n, p) / lr + 2 * l2Total;
            w[i] = (Math.Clamp(linear[i], -l1, l1) - linear[i]) / q;
            acc[i] = n;
        }
    }

    public static void Lion(double[] w, double[] g, double[] m, double lr, double b1 = 0.9, double b2 = 0.99)
    {
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= lr * Math.Sign(m[i] * b1 + g[i] * (1 - b1));
            m[i] = m[i] * b2 + g[i] * (1 - b2);
        }
    }

    public static void Lamb(double[] w, double[] g, double[] m, double[] v, int t, double lr, double b1 = 0.9, double b2 = 0.999, double eps = 1e-7)
    {
        var u = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            m[i] += (g[i] - m[i]) * (1 - b1);
            v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
            u[i] = m[i] / (1 - Math.Pow(b1, t)) / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps);
        }
        double wNorm = Math.Sqrt(w.Sum(x => x * x));
        double uNorm = Math.Sqrt(u.Sum(x => x * x));
        double ratio = wNorm > 0 && uNorm > 0 ? wNorm / uNorm : 1;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= ratio * lr * u[i];
        }
    }

    /// <summary>Adafactor on a [rows, columns] matrix (factored), or on a vector when <paramref name="rows"/> is 0.</summary>
    public static void Adafactor(double[] w, double[] g, double[] r, double[] c, double[] v, int rows, int t, double lr,
        double decay = -0.8, double eps1 = 1e-30, double eps2 = 1e-3, double clip = 1.0)
    {
        double rho = Math.Min(lr, 1 / Math.Sqrt(t));
        double alpha = Math.Max(eps2, Math.Sqrt(w.Average(x => x * x))) * rho;
        double beta2 = 1 - Math.Pow(t, decay);
        if (rows > 0)
        {
            int columns = w.Length / rows;
            for (int i = 0; i < rows; i++)
            {
                double mean = 0;
                for (int j = 0; j < columns; j++)
                {
                    mean += (g[i * columns + j] * g[i * columns + j] + eps1) / columns;
                }
                r[i] = beta2 * r[i] + (1 - beta2) * mean;
            }
            for (int j = 0; j < columns; j++)
            {
                double mean = 0;
                for (int i = 0; i < rows; i++)
                {
                    mean += (g[i * columns + j] * g[i * columns + j] + eps1) / rows;
                }
                c[j] = beta2 * c[j] + (1 - beta2) * mean;
            }
            double rMean = r.Average();
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    v[i * columns + j] = r[i] / rMean * c[j];
                }
            }
        }
        else
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i] + eps1);
            }
        }
        var u = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            u[i] = g[i] / Math.Sqrt(v[i]);
        }
        double scale = Math.Max(1, Math.Sqrt(u.Average(x => x * x)) / clip);
        for (int i = 0; i < w.Length; i++)
        {
            w[i] -= alpha * u[i] / scale;
        }
    }
}
