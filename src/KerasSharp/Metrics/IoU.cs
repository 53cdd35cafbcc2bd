using System.Text.Json.Nodes;
using KerasSharp.Engine;
using KerasSharp.Saving;

namespace KerasSharp.Metrics;

/// <summary>
/// Intersection-over-union of class predictions (<c>keras.metrics.IoU</c>), the usual semantic-segmentation metric:
/// for a class, <c>tp / (tp + fp + fn)</c> from a confusion matrix accumulated over every batch; the result is the
/// mean over <see cref="TargetClassIds"/> whose denominator is non-zero.
/// </summary>
/// <remarks>
/// <para>By default both <c>yTrue</c> and <c>yPred</c> hold integer class ids of any shape (each flattened); with
/// <c>sparseYTrue: false</c> or <c>sparseYPred: false</c> that side holds per-class scores on the last axis and its
/// argmax is taken. Positions whose label or prediction is outside <c>[0, numClasses)</c>, or whose label is
/// <c>ignoreClass</c>, are skipped. Sample weights are one per position, one per sample, or a single value.</para>
/// <para>The <c>numClasses × numClasses</c> matrix is allocated at construction; updates allocate nothing.</para>
/// </remarks>
/// <example>
/// <code>
/// var m = new IoU(numClasses: 2, targetClassIds: [0]);
/// m.UpdateState(new float[] { 0, 0, 1, 1 }, new float[] { 0, 1, 0, 1 });
/// Console.WriteLine(m.Result());   // 0.3333…
/// </code>
/// </example>
public class IoU : Metric
{
    private const double Epsilon = 1e-7;
    private readonly double[] _matrix;
    private readonly int[] _targets;

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1.</param>
    /// <param name="targetClassIds">The classes whose IoU is averaged, each in <c>[0, numClasses)</c>.</param>
    /// <param name="name">The metric's name; Keras' default is <c>"io_u"</c>.</param>
    /// <param name="ignoreClass">A label to skip (e.g. a void class), or null.</param>
    /// <param name="sparseYTrue">Whether <c>yTrue</c> holds class ids (true) or per-class scores (false).</param>
    /// <param name="sparseYPred">Whether <c>yPred</c> holds class ids (true) or per-class scores (false).</param>
    /// <param name="axis">The class axis of non-sparse inputs; only the last axis (-1) is supported.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public IoU(
        int numClasses,
        IReadOnlyList<int> targetClassIds,
        string name = "io_u",
        int? ignoreClass = null,
        bool sparseYTrue = true,
        bool sparseYPred = true,
        int axis = -1)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(targetClassIds);
        MeanMetricChecks.Positive(this, numClasses, "num_classes");
        MeanMetricChecks.LastAxisOnly(this, axis);
        if (targetClassIds.Count == 0 || targetClassIds.Any(id => id < 0 || id >= numClasses))
        {
            throw new ArgumentException(
                "Target class id is out of range: expected ids in [0, num_classes) with num_classes=" +
                $"{numClasses}. Received: target_class_ids=[{string.Join(", ", targetClassIds)}]", nameof(targetClassIds));
        }
        NumClasses = numClasses;
        _targets = [.. targetClassIds];
        IgnoreClass = ignoreClass;
        SparseYTrue = sparseYTrue;
        SparseYPred = sparseYPred;
        Axis = axis;
        _matrix = new double[numClasses * numClasses];
    }

    /// <summary>The number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>The classes whose IoU is averaged.</summary>
    public IReadOnlyList<int> TargetClassIds => _targets;

    /// <summary>The label that is skipped, or null.</summary>
    public int? IgnoreClass { get; }

    /// <summary>Whether <c>yTrue</c> holds class ids.</summary>
    public bool SparseYTrue { get; }

    /// <summary>Whether <c>yPred</c> holds class ids.</summary>
    public bool SparseYPred { get; }

    /// <summary>The class axis of non-sparse inputs.</summary>
    public int Axis { get; }

    /// <summary>Adds the batch to the confusion matrix. Allocates nothing.</summary>
    /// <param name="yTrue">Class ids, or per-class scores when not <see cref="SparseYTrue"/>.</param>
    /// <param name="yPred">Class ids, or per-class scores when not <see cref="SparseYPred"/>.</param>
    /// <param name="sampleWeight">Optional weights: one per position, one per sample, or a single value.</param>
    /// <exception cref="ArgumentException">The two sides hold different numbers of positions, or the weights do not match.</exception>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        int trueWidth = Width(yTrue, SparseYTrue);
        int predWidth = Width(yPred, SparseYPred);
        int positions = trueWidth == 0 ? 0 : yTrue.Size / trueWidth;
        if (predWidth == 0 || yPred.Size / predWidth != positions)
        {
            throw new ArgumentException(
                $"Metric '{Name}' ({GetType().Name}) received y_true with shape {yTrue.Shape} and y_pred with shape {yPred.Shape}, " +
                "which do not hold the same number of positions.");
        }
        var t = yTrue.Span;
        var p = yPred.Span;
        var w = sampleWeight is null ? default : sampleWeight.Span;
        int batch = yTrue.Rank == 0 ? 1 : yTrue.Shape[0];
        int perSample = batch == 0 ? 1 : Math.Max(1, positions / batch);
        if (sampleWeight is not null && w.Length != 1 && w.Length != positions && w.Length != batch)
        {
            throw new ArgumentException(
                $"Metric '{Name}' ({GetType().Name}) received sample_weight with shape {sampleWeight.Shape}; expected one weight " +
                $"per position ({positions}), per sample ({batch}) or a single value.", nameof(sampleWeight));
        }
        for (int i = 0; i < positions; i++)
        {
            int label = ClassAt(t, i, trueWidth, SparseYTrue);
            int predicted = PredictedClass(p, i, predWidth, SparseYPred);
            if (label < 0 || label >= NumClasses || predicted < 0 || predicted >= NumClasses || label == IgnoreClass)
            {
                continue;
            }
            double weight = w.IsEmpty ? 1 : w.Length == 1 ? w[0] : w.Length == positions ? w[i] : w[i / perSample];
            _matrix[label * NumClasses + predicted] += weight;
        }
    }

    /// <summary>The mean IoU over the target classes that occur (0 before any sample).</summary>
    public override double Result()
    {
        double sum = 0;
        int valid = 0;
        foreach (int c in _targets)
        {
            double predicted = 0;
            double actual = 0;
            for (int k = 0; k < NumClasses; k++)
            {
                predicted += _matrix[k * NumClasses + c];
                actual += _matrix[c * NumClasses + k];
            }
            double tp = _matrix[c * NumClasses + c];
            double denominator = predicted + actual - tp;
            if (denominator != 0)
            {
                sum += tp / (denominator + Epsilon);
                valid++;
            }
        }
        return sum / (valid + Epsilon);
    }

    /// <summary>Sets the confusion matrix to 0.</summary>
    public override void ResetState() => Array.Clear(_matrix);

    /// <summary>The Keras config: <c>{"name", "dtype", "num_classes", "target_class_ids", "ignore_class", "sparse_y_true",
    /// "sparse_y_pred", "axis"}</c> (the subclasses write Keras' subsets of these).</summary>
    /// <returns>A new JSON object.</returns>
    public override JsonObject GetConfig()
    {
        var config = base.GetConfig();
        config["num_classes"] = NumClasses;
        config["target_class_ids"] = MetricConfig.Ints(_targets);
        config["ignore_class"] = IgnoreClass;
        config["sparse_y_true"] = SparseYTrue;
        config["sparse_y_pred"] = SparseYPred;
        config["axis"] = Axis;
        return config;
    }

    /// <summary>Creates an <see cref="IoU"/> from its Keras config.</summary>
    /// <param name="config">The config, as from <see cref="GetConfig"/>.</param>
    /// <returns>A new metric.</returns>
    public static IoU FromConfig(JsonObject config) => new(
        RequiredClasses(config),
        MetricConfig.GetInts(config, "target_class_ids") ?? throw new ArgumentException("The IoU config has no \"target_class_ids\"."),
        ReadName(config, "io_u"),
        ConfigValues.GetNullableInt(config, "ignore_class"),
        ConfigValues.GetBool(config, "sparse_y_true", true),
        ConfigValues.GetBool(config, "sparse_y_pred", true),
        ConfigValues.GetNullableInt(config, "axis") ?? -1);

    /// <summary>The <c>num_classes</c> of a config, which is required.</summary>
    private protected static int RequiredClasses(JsonObject config) =>
        ConfigValues.GetNullableInt(config, "num_classes") ?? throw new ArgumentException("The IoU config has no \"num_classes\".");

    /// <summary>The predicted class at position <paramref name="index"/>; <see cref="BinaryIoU"/> thresholds instead.</summary>
    private protected virtual int PredictedClass(ReadOnlySpan<float> yPred, int index, int width, bool sparse) =>
        ClassAt(yPred, index, width, sparse);

    private static int Width(Tensor x, bool sparse) => sparse ? 1 : x.Rank == 0 ? 1 : x.Shape[^1];

    private static int ClassAt(ReadOnlySpan<float> x, int index, int width, bool sparse)
    {
        if (sparse)
        {
            float v = x[index];
            return float.IsNaN(v) || v <= -1 || v >= int.MaxValue ? -1 : (int)v;
        }
        return MetricKernels.ArgMax(x.Slice(index * width, width));
    }
}
