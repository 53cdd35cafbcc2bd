using System.Globalization;

namespace KerasSharp.Losses;

/// <summary>
/// What makes a sparse class id valid (an integer in <c>[0, numClasses)</c>, or the ignored class) and Keras' wording
/// for one that is not, shared by the loss's per-batch check and the whole-<c>y</c> check before training.
/// </summary>
internal static class SparseLabels
{
    /// <summary>Whether <paramref name="value"/> is a class id in <c>[0, numClasses)</c> or the ignored class (NaN is neither).</summary>
    public static bool IsValid(float value, int numClasses, int? ignoreClass) =>
        (value >= 0f && value < numClasses && value == MathF.Floor(value)) || (ignoreClass is int ignored && value == ignored);

    /// <summary>The index of the first invalid class id in <paramref name="labels"/>, or -1. Allocates nothing.</summary>
    public static int FirstInvalid(ReadOnlySpan<float> labels, int numClasses, int? ignoreClass, int start = 0)
    {
        for (int i = start; i < labels.Length; i++)
        {
            if (!IsValid(labels[i], numClasses, ignoreClass))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// TF's sentence for an invalid label, without its final period: <c>Received a label value of 10 which is outside
    /// the valid range of [0, 10)</c>, or, for a value that is not an integer, that it is not an integer class id.
    /// </summary>
    public static string Problem(float value, int numClasses)
    {
        bool isInteger = float.IsFinite(value) && value == MathF.Floor(value);
        string text = value.ToString(CultureInfo.InvariantCulture);
        return isInteger
            ? $"Received a label value of {text} which is outside the valid range of [0, {numClasses})"
            : $"Received a label value of {text} which is not an integer class id in the valid range of [0, {numClasses})";
    }
}
