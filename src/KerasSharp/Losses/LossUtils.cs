using System.Globalization;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Shared plumbing of the losses: reduction names, rank alignment, weighting and reduction, label preparation.</summary>
internal static class LossUtils
{
    internal static readonly string[] Reductions = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none"];

    /// <summary>Validates a reduction name (Keras <c>standardize_reduction</c>).</summary>
    internal static string StandardizeReduction(string reduction)
    {
        if (reduction is null || Array.IndexOf(Reductions, reduction) < 0)
        {
            throw new ArgumentException(
                $"Invalid value for argument `reduction`. Expected one of {{{string.Join(", ", Reductions.Select(r => $"'{r}'"))}}}. " +
                $"Received: reduction={(reduction is null ? "null" : $"'{reduction}'")}",
                nameof(reduction));
        }
        return reduction;
    }

    /// <summary>
    /// Keras <c>squeeze_or_expand_to_same_rank</c>: when the ranks differ by one and the longer shape ends in 1, the
    /// rank-1 tensor gets a trailing axis of 1 (if <paramref name="expandRank1"/>) or the longer one loses its trailing 1.
    /// </summary>
    internal static (Tensor X1, Tensor X2) SqueezeOrExpandToSameRank(Tensor x1, Tensor x2, bool expandRank1 = true)
    {
        int r1 = x1.Rank, r2 = x2.Rank;
        if (r1 == r2)
        {
            return (x1, x2);
        }
        if (r1 == r2 + 1 && x1.Shape[^1] == 1)
        {
            if (r2 == 1 && expandRank1)
            {
                x2 = Ops.Reshape(x2, x2.Shape.Append(1));
            }
            else
            {
                x1 = Ops.Reshape(x1, DropLast(x1.Shape));
            }
        }
        if (r2 == r1 + 1 && x2.Shape[^1] == 1)
        {
            if (r1 == 1 && expandRank1)
            {
                x1 = Ops.Reshape(x1, x1.Shape.Append(1));
            }
            else
            {
                x2 = Ops.Reshape(x2, DropLast(x2.Shape));
            }
        }
        return (x1, x2);
    }

    /// <summary>Whether two shapes broadcast together (Keras' element-wise regression losses broadcast, e.g. a <c>(1,)</c> target against a <c>(1, 10)</c> prediction).</summary>
    internal static bool CanBroadcast(Shape a, Shape b)
    {
        for (int i = 1; i <= Math.Min(a.Rank, b.Rank); i++)
        {
            if (a[^i] != b[^i] && a[^i] != 1 && b[^i] != 1)
            {
                return false;
            }
        }
        return true;
    }

    internal static Shape DropLast(Shape shape) => new(shape.Dims[..^1]);

    /// <summary>Validates a label smoothing argument (a float in [0, 1]) and returns it as the float the formulas use.</summary>
    internal static float LabelSmoothing(double labelSmoothing, string lossName)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                $"Invalid value for argument `label_smoothing` of {lossName}: expected a float in [0, 1]. Received: label_smoothing={labelSmoothing.ToString(CultureInfo.InvariantCulture)}");
        }
        return (float)labelSmoothing;
    }

    /// <summary>Binary label smoothing: <c>y·(1 − s) + 0.5·s</c> (labels squeezed towards 0.5); <c>s = 0</c> returns <paramref name="yTrue"/>.</summary>
    internal static Tensor SmoothBinaryLabels(Tensor yTrue, float smoothing) =>
        smoothing == 0f ? yTrue : Ops.Add(Ops.Multiply(yTrue, Tensor.Scalar(1f - smoothing)), Tensor.Scalar(0.5f * smoothing));

    /// <summary>
    /// Categorical label smoothing: <c>y·(1 − s) + s / num_classes</c>, with <c>num_classes</c> the size of
    /// <paramref name="yPred"/>'s class <paramref name="axis"/>, as in Keras 3; <c>s = 0</c> returns <paramref name="yTrue"/>.
    /// </summary>
    internal static Tensor SmoothCategoricalLabels(Tensor yTrue, Tensor yPred, float smoothing, int axis)
    {
        if (smoothing == 0f)
        {
            return yTrue;
        }
        float numClasses = yPred.Shape[yPred.Shape.NormalizeAxis(axis)];
        return Ops.Add(Ops.Multiply(yTrue, Tensor.Scalar(1f - smoothing)), Tensor.Scalar(smoothing / numClasses));
    }

    /// <summary>Throws unless the predictions have a class axis (rank ≥ 1).</summary>
    internal static void RequireClassAxis(Tensor yTrue, Tensor yPred, string lossName)
    {
        if (yPred.Rank == 0)
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{lossName}' must be at least rank 1. Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
    }

    /// <summary>
    /// Keras <c>convert_binary_labels_to_hinge</c>: when every label is 0 or 1 they become −1 or 1 (<c>2y − 1</c>);
    /// other labels (already −1/1) are returned unchanged.
    /// </summary>
    internal static Tensor HingeLabels(Tensor yTrue)
    {
        foreach (float y in yTrue.Span)
        {
            if (y != 0f && y != 1f)
            {
                return yTrue;
            }
        }
        return Ops.Subtract(Ops.Multiply(yTrue, Tensor.Scalar(2f)), Tensor.Scalar(1f));
    }

    /// <summary>The hinge margins <c>max(1 − y·yPred, 0)</c>, with labels converted by <see cref="HingeLabels"/>.</summary>
    internal static Tensor HingeMargins(Tensor yTrue, Tensor yPred) =>
        Ops.Maximum(Ops.Subtract(Tensor.Scalar(1f), Ops.Multiply(HingeLabels(yTrue), yPred)), Tensor.Scalar(0f));

    /// <summary>
    /// L2 normalization along <paramref name="axis"/> as Keras' <c>normalize</c>: <c>x / sqrt(max(Σx², ε²))</c>, so a
    /// zero vector stays zero with a finite gradient.
    /// </summary>
    internal static Tensor L2Normalize(Tensor x, int axis)
    {
        var squareSum = Ops.Sum(Ops.Square(x), axis, keepDims: true);
        return Ops.Divide(x, Ops.Sqrt(Ops.Maximum(squareSum, Tensor.Scalar((float)(1e-7 * 1e-7)))));
    }

    /// <summary>An axis argument as Keras writes it in a config: null for all axes, else the list of axes.</summary>
    internal static System.Text.Json.Nodes.JsonNode? AxesNode(int[]? axes) =>
        axes is null ? null : new System.Text.Json.Nodes.JsonArray([.. axes.Select(static a => (System.Text.Json.Nodes.JsonNode?)a)]);

    /// <summary>
    /// Keras <c>reduce_weighted_values</c>: merges the mask into the sample weights, weights the values, then reduces.
    /// </summary>
    internal static Tensor ReduceWeightedValues(Tensor values, Tensor? sampleWeight, Tensor? mask, string reduction, string lossName)
    {
        if (sampleWeight is not null)
        {
            sampleWeight = AlignWeights(values.Shape, sampleWeight, lossName);
        }
        if (mask is not null)
        {
            if (reduction is "mean" or "sum_over_batch_size")
            {
                // Valid entries get weight total/valid, so dividing by the total divides by the valid count.
                double valid = 0;
                foreach (var m in mask.Span)
                {
                    valid += m;
                }
                float scale = valid == 0 ? 0f : (float)(mask.Size / valid);
                mask = Ops.Multiply(mask, Tensor.Scalar(scale));
            }
            sampleWeight = sampleWeight is null ? mask : Ops.Multiply(sampleWeight, mask);
        }
        if (sampleWeight is not null)
        {
            values = Ops.Multiply(values, sampleWeight);
        }
        return ReduceValues(values, sampleWeight, reduction);
    }

    /// <summary>Keras <c>reduce_values</c>.</summary>
    private static Tensor ReduceValues(Tensor values, Tensor? sampleWeight, string reduction)
    {
        if (reduction == "none" || values.Rank == 0)
        {
            return values;
        }
        var loss = Ops.Sum(values);
        if (reduction == "sum")
        {
            return loss;
        }
        double divisor;
        if (reduction == "mean_with_sample_weight" && sampleWeight is not null)
        {
            divisor = 0;
            foreach (var w in sampleWeight.Span)
            {
                divisor += w;
            }
        }
        else
        {
            divisor = values.Size;
        }
        // divide_no_nan: a zero divisor gives 0 (an empty batch reduces to 0).
        return divisor == 0 ? Ops.Multiply(loss, Tensor.Scalar(0f)) : Ops.Divide(loss, Tensor.Scalar((float)divisor));
    }

    /// <summary>
    /// Aligns sample weights with the per-sample losses (a trailing axis of 1 is dropped or added as Keras'
    /// <c>squeeze_or_expand_to_same_rank</c> does) and requires that they broadcast to the losses' shape.
    /// </summary>
    private static Tensor AlignWeights(Shape valuesShape, Tensor sampleWeight, string lossName)
    {
        var w = sampleWeight;
        if (w.Rank == valuesShape.Rank + 1 && w.Shape[^1] == 1)
        {
            w = Ops.Reshape(w, DropLast(w.Shape));
        }
        else if (valuesShape.Rank == w.Rank + 1 && valuesShape.Rank > 0 && valuesShape[^1] == 1)
        {
            w = Ops.Reshape(w, w.Shape.Append(1));
        }
        if (!BroadcastsTo(w.Shape, valuesShape))
        {
            throw new ArgumentException(
                $"Invalid `sample_weight` for loss '{lossName}': its shape {sampleWeight.Shape} cannot be broadcast to " +
                $"the per-sample losses of shape {valuesShape}. Pass one weight per sample, e.g. shape ({(valuesShape.Rank > 0 ? valuesShape[0].ToString(CultureInfo.InvariantCulture) : "")},).",
                nameof(sampleWeight));
        }
        return w;
    }

    private static bool BroadcastsTo(Shape from, Shape to)
    {
        if (from.Rank > to.Rank)
        {
            return false;
        }
        for (int i = 1; i <= from.Rank; i++)
        {
            if (from[^i] != 1 && from[^i] != to[^i])
            {
                return false;
            }
        }
        return true;
    }
}
