namespace KerasSharp.Metrics;

/// <summary>
/// The per-element and per-row formulas of the built-in mean metrics, as Keras' metric functions compute them
/// (<c>keras/src/losses/losses.py</c>, <c>regression_metrics.py</c>, <c>correlation_metrics.py</c>), in double precision
/// from float inputs. Keras' fuzz factor <c>epsilon</c> is 1e-7.
/// </summary>
internal static class MetricOps
{
    /// <summary>Keras' <c>backend.epsilon()</c>.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary><c>(t - p)²</c>.</summary>
    public readonly struct SquaredError : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred)
        {
            double d = (double)yTrue - yPred;
            return d * d;
        }
    }

    /// <summary><c>100 · |t - p| / max(|t|, ε)</c>.</summary>
    public readonly struct AbsolutePercentageError : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred) =>
            100.0 * Math.Abs(((double)yTrue - yPred) / Math.Max(Math.Abs(yTrue), Epsilon));
    }

    /// <summary><c>(log(max(p, ε) + 1) - log(max(t, ε) + 1))²</c>.</summary>
    public readonly struct SquaredLogarithmicError : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred)
        {
            double d = Math.Log(Math.Max(yPred, Epsilon) + 1.0) - Math.Log(Math.Max(yTrue, Epsilon) + 1.0);
            return d * d;
        }
    }

    /// <summary><c>log(cosh(p - t))</c>, computed as <c>x + softplus(-2x) - log 2</c>.</summary>
    public readonly struct LogCosh : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred)
        {
            double x = (double)yPred - yTrue;
            return x + Softplus(-2 * x) - Math.Log(2);
        }
    }

    /// <summary><c>max(1 - t·p, 0)</c> (squared for the squared hinge), with 0/1 labels mapped to -1/1 when the batch's labels are all 0 or 1.</summary>
    public readonly struct Hinge(bool convertBinary, bool squared) : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred)
        {
            double t = convertBinary ? 2.0 * yTrue - 1.0 : yTrue;
            double h = Math.Max(1.0 - t * yPred, 0.0);
            return squared ? h * h : h;
        }
    }

    /// <summary><c>p - t · log(p + ε)</c>.</summary>
    public readonly struct Poisson : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred) => yPred - yTrue * Math.Log(yPred + (double)Epsilon);
    }

    /// <summary>Binary crossentropy of one probability (clipped to [ε, 1 - ε]) or logit, with label smoothing.</summary>
    public readonly struct BinaryCrossentropy(bool fromLogits, double labelSmoothing) : IElementwiseMetricOp
    {
        public double Invoke(float yTrue, float yPred)
        {
            double t = labelSmoothing == 0 ? yTrue : yTrue * (1.0 - labelSmoothing) + 0.5 * labelSmoothing;
            if (fromLogits)
            {
                return Softplus(yPred) - yPred * t;
            }
            double p = Math.Clamp(yPred, Epsilon, 1f - Epsilon);
            return -(t * Math.Log(p) + (1 - t) * Math.Log(1 - p));
        }
    }

    /// <summary>1 when the argmaxes of the label row and the prediction row agree.</summary>
    public readonly struct ArgMaxMatch : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) =>
            MetricKernels.ArgMax(yTrue) == MetricKernels.ArgMax(yPred) ? 1.0 : 0.0;
    }

    /// <summary>1 when the label's argmax is among the k largest predictions (ties count as inside, like <c>in_top_k</c>).</summary>
    public readonly struct TopKMatch(int k) : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred) => InTopK(MetricKernels.ArgMax(yTrue), yPred, k);
    }

    /// <summary>Cosine of the angle between the rows: <c>Σ t·p / (‖t‖ ‖p‖)</c>, each squared norm floored at ε².</summary>
    public readonly struct Cosine : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            double dot = 0, tt = 0, pp = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                dot += (double)yTrue[i] * yPred[i];
                tt += (double)yTrue[i] * yTrue[i];
                pp += (double)yPred[i] * yPred[i];
            }
            double floor = (double)Epsilon * Epsilon;
            return dot / Math.Sqrt(Math.Max(tt, floor)) / Math.Sqrt(Math.Max(pp, floor));
        }
    }

    /// <summary><c>max(max((1 - t)·p) - Σ t·p + 1, 0)</c>.</summary>
    public readonly struct CategoricalHinge : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            double pos = 0;
            double neg = double.NegativeInfinity;
            for (int i = 0; i < yTrue.Length; i++)
            {
                pos += (double)yTrue[i] * yPred[i];
                neg = Math.Max(neg, (1.0 - yTrue[i]) * yPred[i]);
            }
            return Math.Max(neg - pos + 1.0, 0.0);
        }
    }

    /// <summary><c>Σ t·log(t / p)</c> with both clipped to [ε, 1].</summary>
    public readonly struct KLDivergence : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                double t = Math.Clamp(yTrue[i], Epsilon, 1f);
                double p = Math.Clamp(yPred[i], Epsilon, 1f);
                s += t * Math.Log(t / p);
            }
            return s;
        }
    }

    /// <summary>
    /// Categorical crossentropy <c>-Σ t·log(q)</c>, where <c>q</c> is the softmax of logits or the probabilities
    /// rescaled to sum to 1 and clipped to [ε, 1 - ε]; labels smoothed to <c>t(1 - s) + s / classes</c>.
    /// </summary>
    public readonly struct CategoricalCrossentropy(bool fromLogits, double labelSmoothing) : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            double s = 0;
            int classes = yPred.Length;
            for (int i = 0; i < classes; i++)
            {
                double t = labelSmoothing == 0 ? yTrue[i] : yTrue[i] * (1.0 - labelSmoothing) + labelSmoothing / classes;
                if (t != 0)
                {
                    s -= t * LogProbability(yPred, i, fromLogits);
                }
            }
            return s;
        }
    }

    /// <summary>Pearson correlation of the two rows: the mean of the products of their standardised values.</summary>
    public readonly struct Pearson : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            var (mt, vt) = MeanVariance(yTrue);
            var (mp, vp) = MeanVariance(yPred);
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                s += (yTrue[i] - mt) * (yPred[i] - mp);
            }
            return s / yTrue.Length / (Math.Sqrt(vt) * Math.Sqrt(vp));
        }
    }

    /// <summary>Lin's concordance correlation of the two rows: <c>2 cov / (var t + var p + (mean t - mean p)² + ε)</c>.</summary>
    public readonly struct Concordance : IRowMetricOp
    {
        public double Invoke(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
        {
            var (mt, vt) = MeanVariance(yTrue);
            var (mp, vp) = MeanVariance(yPred);
            double s = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                s += (yTrue[i] - mp) * (yPred[i] - mp);
            }
            double norm = vt + vp + (mt - mp) * (mt - mp);
            return 2 * (s / yTrue.Length) / (norm + Epsilon);
        }
    }

    /// <summary>1 when the class id equals the argmax of the scores (compared as floats, as Keras does).</summary>
    public readonly struct SparseArgMaxMatch : ISparseRowMetricOp
    {
        public double Invoke(float label, ReadOnlySpan<float> yPred) => (float)MetricKernels.ArgMax(yPred) == label ? 1.0 : 0.0;
    }

    /// <summary>1 when the class id's score is among the k largest (ties count as inside, like <c>in_top_k</c>).</summary>
    public readonly struct SparseTopKMatch(int k) : ISparseRowMetricOp
    {
        public double Invoke(float label, ReadOnlySpan<float> yPred)
        {
            int target = (int)label;
            return target < 0 || target >= yPred.Length ? 0.0 : InTopK(target, yPred, k);
        }
    }

    /// <summary><c>-log q[label]</c> (see <see cref="CategoricalCrossentropy"/>); 0 for the ignored class.</summary>
    public readonly struct SparseCategoricalCrossentropy(bool fromLogits, int? ignoreClass) : ISparseRowMetricOp
    {
        public double Invoke(float label, ReadOnlySpan<float> yPred)
        {
            int target = (int)label;
            if (ignoreClass is int ignored && target == ignored)
            {
                return 0.0;
            }
            if (target < 0 || target >= yPred.Length)
            {
                throw new ArgumentException(
                    $"SparseCategoricalCrossentropy received the class id {label}, outside [0, {yPred.Length}) for y_pred with {yPred.Length} classes.");
            }
            return -LogProbability(yPred, target, fromLogits);
        }
    }

    private static double InTopK(int target, ReadOnlySpan<float> yPred, int k)
    {
        float at = yPred[target];
        if (float.IsNaN(at))
        {
            at = float.NegativeInfinity;
        }
        int above = 0;
        foreach (var v in yPred)
        {
            if (v > at)
            {
                above++;
            }
        }
        return above < k ? 1.0 : 0.0;
    }

    private static double LogProbability(ReadOnlySpan<float> yPred, int index, bool fromLogits)
    {
        if (fromLogits)
        {
            double max = double.NegativeInfinity;
            foreach (var v in yPred)
            {
                max = Math.Max(max, v);
            }
            double sumExp = 0;
            foreach (var v in yPred)
            {
                sumExp += Math.Exp(v - max);
            }
            return yPred[index] - max - Math.Log(sumExp);
        }
        double sum = 0;
        foreach (var v in yPred)
        {
            sum += v;
        }
        float q = (float)(yPred[index] / sum);
        return Math.Log(Math.Clamp(q, Epsilon, 1f - Epsilon));
    }

    private static (double Mean, double Variance) MeanVariance(ReadOnlySpan<float> row)
    {
        double mean = 0;
        foreach (var v in row)
        {
            mean += v;
        }
        mean /= row.Length;
        double variance = 0;
        foreach (var v in row)
        {
            variance += (v - mean) * (v - mean);
        }
        return (mean, variance / row.Length);
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
