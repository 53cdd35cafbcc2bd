using System.Globalization;
using System.Text.Json.Nodes;
using KerasSharp.Engine;

namespace KerasSharp.Losses;

/// <summary>Shared plumbing of the losses: reduction names, rank alignment, weighting and reduction, config reading.</summary>
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

    /// <summary>
    /// Aligns the ranks of <paramref name="yTrue"/> and <paramref name="yPred"/> as Keras' loss wrapper does, then
    /// requires equal shapes.
    /// </summary>
    internal static (Tensor YTrue, Tensor YPred) AlignSameShape(Tensor yTrue, Tensor yPred, string lossName)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = SqueezeOrExpandToSameRank(yTrue, yPred);
        if (t.Shape != p.Shape)
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{lossName}' must have the same shape. " +
                $"Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        return (t, p);
    }

    /// <summary>
    /// Aligns the ranks of <paramref name="yTrue"/> and <paramref name="yPred"/> as Keras' loss wrapper does, then
    /// requires shapes that broadcast together (Keras' element-wise regression losses broadcast, e.g. a <c>(1,)</c>
    /// target against a <c>(1, 10)</c> prediction).
    /// </summary>
    internal static (Tensor YTrue, Tensor YPred) AlignBroadcastable(Tensor yTrue, Tensor yPred, string lossName)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = SqueezeOrExpandToSameRank(yTrue, yPred);
        if (!CanBroadcast(t.Shape, p.Shape))
        {
            throw new ArgumentException(
                $"Arguments `y_true` and `y_pred` of loss '{lossName}' have incompatible shapes: they must be equal or " +
                $"broadcastable. Received: y_true.shape={yTrue.Shape}, y_pred.shape={yPred.Shape}.");
        }
        return (t, p);
    }

    private static bool CanBroadcast(Shape a, Shape b)
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

    /// <summary>Throws unless every key of <paramref name="config"/> is one the loss knows (Keras' <c>dtype</c> is ignored).</summary>
    internal static void CheckKeys(JsonObject config, string className, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (key, _) in config)
        {
            if (key != "dtype" && Array.IndexOf(known, key) < 0)
            {
                throw new ArgumentException(
                    $"Unrecognized keyword argument '{key}' in the config of {className}. Expected keys: {string.Join(", ", known)}.",
                    nameof(config));
            }
        }
    }

    internal static string GetName(JsonObject config, string defaultName) =>
        config["name"] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrEmpty(s) ? s : defaultName;

    /// <summary>The reduction in a config; Keras writes <c>null</c> for <c>reduction=None</c>, which means "none".</summary>
    internal static string GetReduction(JsonObject config)
    {
        if (!config.TryGetPropertyValue("reduction", out var node))
        {
            return "sum_over_batch_size";
        }
        return node is null ? "none" : node.GetValue<string>();
    }

    internal static bool GetBool(JsonObject config, string key, bool defaultValue) =>
        config[key] is JsonNode n ? n.GetValue<bool>() : defaultValue;

    internal static float GetFloat(JsonObject config, string key, float defaultValue) =>
        config[key] is JsonNode n ? (float)ToDouble(n) : defaultValue;

    internal static int GetInt(JsonObject config, string key, int defaultValue) =>
        config[key] is JsonNode n ? ToInt(n) : defaultValue;

    internal static int? GetNullableInt(JsonObject config, string key) =>
        config[key] is JsonNode n ? ToInt(n) : null;

    // A JsonValue made from a float/int/long (not parsed text) only converts to its own type, so go through the JSON text.
    private static double ToDouble(JsonNode n) => double.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int ToInt(JsonNode n)
    {
        double d = ToDouble(n);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            throw new ArgumentException($"Expected an integer in the loss config, received {n.ToJsonString()}.");
        }
        return (int)d;
    }
}
