using System.Globalization;

namespace KerasSharp.Metrics;

/// <summary>Argument checks shared by the metric constructors, with Keras' wording.</summary>
internal static class MeanMetricChecks
{
    /// <summary>Only the last axis is supported for the row metrics.</summary>
    public static void LastAxisOnly(Metric metric, int axis)
    {
        if (axis != -1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(axis), axis,
                $"Metric '{metric.Name}' ({metric.GetType().Name}) supports only axis=-1 (the last axis). Received: axis={axis}");
        }
    }

    /// <summary>A value in [0, 1].</summary>
    public static void Fraction(Metric metric, double value, string kerasName)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(
                kerasName, value,
                $"Argument `{kerasName}` of metric '{metric.Name}' ({metric.GetType().Name}) must be in [0, 1]. " +
                $"Received: {kerasName}={value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A positive integer.</summary>
    public static void Positive(Metric metric, int value, string kerasName)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(
                kerasName, value,
                $"Argument `{kerasName}` of metric '{metric.Name}' ({metric.GetType().Name}) must be a positive integer. Received: {kerasName}={value}");
        }
    }

    /// <summary>Whether every label is 0 or 1 (Keras' <c>convert_binary_labels_to_hinge</c> test).</summary>
    public static bool AllBinary(ReadOnlySpan<float> labels)
    {
        foreach (var t in labels)
        {
            if (t != 0 && t != 1)
            {
                return false;
            }
        }
        return true;
    }
}
