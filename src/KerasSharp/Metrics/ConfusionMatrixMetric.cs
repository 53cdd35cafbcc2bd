using System.Globalization;
using System.Runtime.CompilerServices;
using KerasSharp.Engine;

namespace KerasSharp.Metrics;

/// <summary>
/// Base of the metrics computed from thresholded confusion-matrix counts (Keras'
/// <c>metrics_utils.update_confusion_matrix_variables</c>): <see cref="TruePositives"/>, <see cref="TrueNegatives"/>,
/// <see cref="FalsePositives"/>, <see cref="FalseNegatives"/>, <see cref="Precision"/>, <see cref="Recall"/>,
/// <see cref="AUC"/> and the <see cref="SensitivitySpecificityBase"/> family.
/// </summary>
/// <remarks>
/// <para>For every threshold <c>t</c> a prediction counts as positive when <c>yPred &gt; t</c> and a label is positive
/// when it is non-zero; the weighted true-positive, false-positive, true-negative and false-negative counts are
/// accumulated in double precision, one per threshold (and per label for a multi-label <see cref="AUC"/>).</para>
/// <para>Evenly spaced thresholds (such as AUC's 200) are counted in O(thresholds + predictions) by bucketing each
/// prediction, as Keras does; other thresholds are compared one by one. Both allocate nothing per update: the counts
/// are preallocated at construction (or, for a multi-label AUC without <c>numLabels</c>, at the first update).</para>
/// <para>Shapes: <c>yTrue</c> and <c>yPred</c> are equal, or equal after dropping a trailing axis of size 1 from one
/// side. Sample weights are one per sample (<c>(batch,)</c> or <c>(batch, 1)</c>, spread over the sample's
/// predictions), one per prediction (the shape of <c>yPred</c>), or a single value.</para>
/// </remarks>
public abstract class ConfusionMatrixMetric : Metric
{
    /// <summary>The value Keras gives the predictions a top-k filter drops (<c>metrics_utils.NEG_INF</c>).</summary>
    private protected const float NegInf = -1e10f;

    private readonly float[] _thresholds;
    private readonly bool _evenly;
    private readonly bool _withEpsilon;
    private readonly int? _topK;
    private readonly int? _classId;
    private readonly bool _multiLabel;
    private readonly float[]? _labelWeights;
    private readonly bool _fromLogits;
    private int _labels;
    private double[] _tp = [];
    private double[] _fp = [];
    private double[] _tn = [];
    private double[] _fn = [];
    private double[] _bucketTrue = [];
    private double[] _bucketFalse = [];
    private double[] _totalTrue = [];
    private double[] _totalFalse = [];
    private bool[] _inTopK = [];
    private int[] _topIndices = [];

    /// <summary>Creates the counts.</summary>
    /// <param name="name">The metric's name.</param>
    /// <param name="thresholds">The thresholds, in the order the results are reported.</param>
    /// <param name="topK">Keep only the <c>topK</c> largest predictions of each row (last axis), or null.</param>
    /// <param name="classId">Count only this class (index on the last axis), or null.</param>
    /// <param name="multiLabel">Count each label (column of a rank-2 <c>yPred</c>) separately.</param>
    /// <param name="numLabels">The label count of a multi-label metric, or null to take it from the first batch.</param>
    /// <param name="labelWeights">Per-label weights applied to the counts when not multi-label, or null.</param>
    /// <param name="fromLogits">Apply a sigmoid to the predictions first.</param>
    private protected ConfusionMatrixMetric(
        string name,
        IReadOnlyList<double> thresholds,
        int? topK = null,
        int? classId = null,
        bool multiLabel = false,
        int? numLabels = null,
        IReadOnlyList<double>? labelWeights = null,
        bool fromLogits = false)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (topK is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"Argument `top_k` of metric '{name}' must be a positive integer. Received: top_k={topK}");
        }
        if (classId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classId), classId, $"Argument `class_id` of metric '{name}' must be >= 0. Received: class_id={classId}");
        }
        _thresholds = [.. thresholds.Select(t => (float)t)];
        _evenly = IsEvenlyDistributed(thresholds);
        _withEpsilon = _evenly && (thresholds[0] < 0 || thresholds[^1] > 1);
        _topK = topK;
        _classId = classId;
        _multiLabel = multiLabel;
        _labelWeights = labelWeights is null ? null : [.. labelWeights.Select(w => (float)w)];
        _fromLogits = fromLogits;
        if (!multiLabel)
        {
            Build(1);
        }
        else if (numLabels is int n)
        {
            Build(n);
        }
    }

    /// <summary>Number of thresholds.</summary>
    private protected int ThresholdCount => _thresholds.Length;

    /// <summary>Number of labels counted separately: 1 unless multi-label (0 before a multi-label metric has seen a batch).</summary>
    private protected int LabelCount => _labels;

    /// <summary>Weighted true positives, laid out <c>[threshold, label]</c>.</summary>
    private protected ReadOnlySpan<double> TruePositiveCounts => _tp;

    /// <summary>Weighted false positives, laid out <c>[threshold, label]</c>.</summary>
    private protected ReadOnlySpan<double> FalsePositiveCounts => _fp;

    /// <summary>Weighted true negatives, laid out <c>[threshold, label]</c>.</summary>
    private protected ReadOnlySpan<double> TrueNegativeCounts => _tn;

    /// <summary>Weighted false negatives, laid out <c>[threshold, label]</c>.</summary>
    private protected ReadOnlySpan<double> FalseNegativeCounts => _fn;

    /// <summary>Adds the batch's thresholded counts. Allocates nothing once the counts exist.</summary>
    /// <param name="yTrue">The labels (non-zero is positive), <c>(batch, ...)</c>.</param>
    /// <param name="yPred">The predictions, same shape (a trailing axis of size 1 may differ).</param>
    /// <param name="sampleWeight">Optional weights: one per sample, one per prediction, or a single value.</param>
    /// <exception cref="ArgumentException">The shapes cannot be aligned, or the weights, <c>class_id</c>, label weights
    /// or multi-label layout do not match them.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        int batch = MetricKernels.AlignElementwise(this, yTrue.Shape, yPred.Shape);
        var p = yPred.Span;
        int n = p.Length;
        int rowLength = yPred.Rank >= 2 ? yPred.Shape[^1] : n;
        CheckLayout(yPred.Shape, rowLength);
        var weights = new Weights(this, sampleWeight, batch, n);
        if (n == 0 || rowLength == 0)
        {
            return;
        }
        var t = yTrue.Span;
        if (_inTopK.Length < rowLength && _topK is not null)
        {
            _inTopK = new bool[rowLength];
        }
        int perSample = n / batch;
        int first = _classId ?? 0;
        int last = _classId is int c ? c + 1 : rowLength;
        for (int row = 0; row < n / rowLength; row++)
        {
            int offset = row * rowLength;
            if (_topK is int k)
            {
                MarkTopK(p.Slice(offset, rowLength), k);
            }
            for (int col = first; col < last; col++)
            {
                int e = offset + col;
                float pred = p[e];
                if (_fromLogits)
                {
                    pred = 1f / (1f + MathF.Exp(-pred));
                }
                if (_topK is not null && !_inTopK[col])
                {
                    pred = NegInf;
                }
                double w = weights.At(e, perSample) * (_labelWeights is null ? 1.0 : _labelWeights[col]);
                Count(t[e] != 0, pred, w, _multiLabel ? col : 0);
            }
        }
        if (_evenly)
        {
            FoldBuckets();
        }
    }

    /// <summary>Sets every count to 0.</summary>
    public override void ResetState()
    {
        Array.Clear(_tp);
        Array.Clear(_fp);
        Array.Clear(_tn);
        Array.Clear(_fn);
    }

    /// <summary><c>a / b</c>, or 0 when <c>b</c> is 0 (Keras' <c>divide_no_nan</c>).</summary>
    private protected static double DivideNoNan(double a, double b) => b == 0 ? 0 : a / b;

    /// <summary>One value per threshold from the label-0 counts <c>(tp, fp, tn, fn)</c>.</summary>
    private protected double[] PerThreshold(Func<double, double, double, double, double> value)
    {
        var result = new double[_thresholds.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = value(_tp[i], _fp[i], _tn[i], _fn[i]);
        }
        return result;
    }

    /// <summary>The value for a single threshold, or the mean over several (see <see cref="Metric.Result"/>).</summary>
    private protected double SingleOrMean(Func<double, double, double, double, double> value) =>
        _thresholds.Length == 1 ? value(_tp[0], _fp[0], _tn[0], _fn[0]) : MeanOf(PerThreshold(value));

    /// <summary>
    /// Keras' <c>is_evenly_distributed_thresholds</c>: at least 3 thresholds, each within NumPy's <c>allclose</c>
    /// tolerance of <c>i / (n - 1)</c>.
    /// </summary>
    private protected static bool IsEvenlyDistributed(IReadOnlyList<double> thresholds)
    {
        int n = thresholds.Count;
        if (n < 3)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            double even = (float)i / (float)(n - 1);
            if (!(Math.Abs(thresholds[i] - even) <= 1e-7 + 1e-5 * Math.Abs(even)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Checks user thresholds lie in [0, 1] (Keras' <c>assert_thresholds_range</c>).</summary>
    private protected static void CheckThresholdRange(IReadOnlyList<double>? thresholds)
    {
        if (thresholds is null)
        {
            return;
        }
        var invalid = thresholds.Where(t => !(t >= 0 && t <= 1)).ToArray();
        if (invalid.Length > 0)
        {
            throw new ArgumentException(
                "Threshold values must be in [0, 1]. Received: [" +
                string.Join(", ", invalid.Select(t => t.ToString(CultureInfo.InvariantCulture))) + "]",
                nameof(thresholds));
        }
    }

    private void Build(int labels)
    {
        _labels = labels;
        int size = _thresholds.Length * labels;
        _tp = new double[size];
        _fp = new double[size];
        _tn = new double[size];
        _fn = new double[size];
        if (_evenly)
        {
            _bucketTrue = new double[size];
            _bucketFalse = new double[size];
            _totalTrue = new double[labels];
            _totalFalse = new double[labels];
        }
    }

    private void CheckLayout(Shape predShape, int rowLength)
    {
        if (_classId is int c && (predShape.Rank < 2 || c >= rowLength))
        {
            throw new ArgumentException(
                $"Metric '{Name}' ({GetType().Name}) has class_id={c}, so y_pred must have shape (num_samples, num_classes) " +
                $"with more than {c} classes; received y_pred with shape {predShape}.");
        }
        if (_multiLabel)
        {
            if (predShape.Rank != 2)
            {
                throw new ArgumentException(
                    $"`y_pred` must have rank 2 when `multi_label=True`. Found rank {predShape.Rank}. Full shape received for `y_pred`: {predShape}");
            }
            if (_labels == 0)
            {
                Build(predShape[1]);
            }
            else if (_labels != predShape[1])
            {
                throw new ArgumentException(
                    $"Metric '{Name}' ({GetType().Name}) counts {_labels} labels, but received y_pred with shape {predShape}.");
            }
        }
        if (_labelWeights is { } lw && !_multiLabel && lw.Length != rowLength)
        {
            throw new ArgumentException(
                $"Metric '{Name}' ({GetType().Name}) has {lw.Length} label weights, but y_pred has shape {predShape}: " +
                "expected one weight per entry of the last axis.");
        }
    }

    /// <summary>Marks the k largest values of <paramref name="row"/> (lower index first on ties, as <c>top_k</c>).</summary>
    private void MarkTopK(ReadOnlySpan<float> row, int k)
    {
        k = Math.Min(k, row.Length);
        if (_topIndices.Length < k)
        {
            _topIndices = new int[k];
        }
        var top = _topIndices.AsSpan(0, k);
        int count = 0;
        for (int j = 0; j < row.Length; j++)
        {
            float v = row[j];
            if (count == k && !(v > row[top[k - 1]]))
            {
                continue;
            }
            int at = count < k ? count++ : k - 1;
            while (at > 0 && v > row[top[at - 1]])
            {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = j;
        }
        Array.Clear(_inTopK, 0, row.Length);
        foreach (var j in top)
        {
            _inTopK[j] = true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(bool positive, float pred, double weight, int label)
    {
        int labels = _labels;
        if (_evenly)
        {
            // Keras' bucketing: prediction p lands in bucket ceil(p * (n - 1)) - 1 and counts for every threshold
            // at or below it; the -epsilon first threshold of AUC takes bucket -1 too.
            float clipped = Math.Clamp(pred, 0f, 1f);
            float bucket = MathF.Ceiling(clipped * (_thresholds.Length - 1)) - 1f;
            if (_withEpsilon && bucket < 0)
            {
                bucket = 0;
            }
            if (positive)
            {
                _totalTrue[label] += weight;
            }
            else
            {
                _totalFalse[label] += weight;
            }
            if (bucket >= 0)
            {
                int index = (int)bucket * labels + label;
                if (positive)
                {
                    _bucketTrue[index] += weight;
                }
                else
                {
                    _bucketFalse[index] += weight;
                }
            }
            return;
        }
        for (int i = 0; i < _thresholds.Length; i++)
        {
            int index = i * labels + label;
            bool predicted = pred > _thresholds[i];
            var counts = predicted ? (positive ? _tp : _fp) : (positive ? _fn : _tn);
            counts[index] += weight;
        }
    }

    private void FoldBuckets()
    {
        int labels = _labels;
        for (int l = 0; l < labels; l++)
        {
            double cumTrue = 0;
            double cumFalse = 0;
            for (int i = _thresholds.Length - 1; i >= 0; i--)
            {
                int index = i * labels + l;
                cumTrue += _bucketTrue[index];
                cumFalse += _bucketFalse[index];
                _tp[index] += cumTrue;
                _fp[index] += cumFalse;
                _fn[index] += _totalTrue[l] - cumTrue;
                _tn[index] += _totalFalse[l] - cumFalse;
            }
        }
        Array.Clear(_bucketTrue);
        Array.Clear(_bucketFalse);
        Array.Clear(_totalTrue);
        Array.Clear(_totalFalse);
    }

    /// <summary>Weights per prediction: none, a single value, one per sample, or one per prediction.</summary>
    private readonly ref struct Weights
    {
        private readonly ReadOnlySpan<float> _values;
        private readonly int _mode; // 0 none, 1 single, 2 per sample, 3 per prediction

        public Weights(Metric metric, Tensor? sampleWeight, int batch, int predictions)
        {
            if (sampleWeight is null)
            {
                _mode = 0;
                return;
            }
            var shape = sampleWeight.Shape;
            _values = sampleWeight.Span;
            if (sampleWeight.Size == 1)
            {
                _mode = 1;
            }
            else if ((shape.Rank == 1 && shape[0] == batch) || (shape.Rank == 2 && shape[0] == batch && shape[1] == 1))
            {
                _mode = 2;
            }
            else if (sampleWeight.Size == predictions && shape.Rank >= 1 && shape[0] == batch)
            {
                _mode = 3;
            }
            else
            {
                throw new ArgumentException(
                    $"Metric '{metric.Name}' ({metric.GetType().Name}) received sample_weight with shape {shape}, which does " +
                    $"not match the batch of {batch} samples: expected shape ({batch},), ({batch}, 1), the shape of y_pred, " +
                    "or a single value.",
                    nameof(sampleWeight));
            }
        }

        public double At(int element, int perSample) => _mode switch
        {
            0 => 1.0,
            1 => _values[0],
            2 => _values[element / perSample],
            _ => _values[element],
        };
    }
}
