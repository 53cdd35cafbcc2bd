using System.Globalization;
using System.Text;
using KerasSharp.Engine;

namespace KerasSharp.Tests.Testing;

/// <summary>
/// NumPy-style <c>allclose</c> assertions for tensors: each element must satisfy
/// <c>|actual − expected| ≤ atol + rtol·|expected|</c>. Equal infinities match; NaN never matches.
/// A failure names the first mismatching index (flat and per axis), both values and both shapes.
/// </summary>
public static class TensorAssert
{
    /// <summary>Asserts that <paramref name="actual"/> holds <paramref name="expected"/> (row-major), element by element.</summary>
    /// <param name="actual">The tensor under test; its size must equal the number of expected values.</param>
    /// <param name="expected">The expected values in row-major order.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void AllClose(Tensor actual, float[] expected, double rtol = 1e-5, double atol = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Check(actual.Span, actual.Shape, expected, new Shape(expected.Length), rtol, atol, compareShapes: false);
    }

    /// <summary>Asserts that two tensors have the same shape and close values.</summary>
    /// <param name="actual">The tensor under test.</param>
    /// <param name="expected">The reference tensor.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void AllClose(Tensor actual, Tensor expected, double rtol = 1e-5, double atol = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Check(actual.Span, actual.Shape, expected.Span, expected.Shape, rtol, atol, compareShapes: true);
    }

    /// <summary>Asserts that two spans have the same length and close values.</summary>
    /// <param name="actual">The values under test.</param>
    /// <param name="expected">The reference values.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void AllClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double rtol = 1e-5, double atol = 1e-6) =>
        Check(actual, new Shape(actual.Length), expected, new Shape(expected.Length), rtol, atol, compareShapes: false);

    /// <summary>Asserts that two arrays have the same length and close values.</summary>
    /// <param name="actual">The values under test.</param>
    /// <param name="expected">The reference values.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static void AllClose(float[] actual, float[] expected, double rtol = 1e-5, double atol = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AllClose(actual.AsSpan(), expected.AsSpan(), rtol, atol);
    }

    /// <summary>True when <paramref name="actual"/> is within <c>atol + rtol·|expected|</c> of <paramref name="expected"/>.</summary>
    /// <param name="actual">The value under test.</param>
    /// <param name="expected">The reference value.</param>
    /// <param name="rtol">Relative tolerance.</param>
    /// <param name="atol">Absolute tolerance.</param>
    public static bool IsClose(double actual, double expected, double rtol = 1e-5, double atol = 1e-6)
    {
        if (double.IsNaN(actual) || double.IsNaN(expected))
        {
            return false;
        }
        if (double.IsInfinity(actual) || double.IsInfinity(expected))
        {
            return actual == expected;
        }
        return Math.Abs(actual - expected) <= atol + rtol * Math.Abs(expected);
    }

    private static void Check(ReadOnlySpan<float> actual, Shape actualShape, ReadOnlySpan<float> expected, Shape expectedShape,
        double rtol, double atol, bool compareShapes)
    {
        if (compareShapes ? actualShape != expectedShape : actual.Length != expected.Length)
        {
            Assert.Fail($"Shapes differ: actual {actualShape} ({actual.Length} values), expected {expectedShape} ({expected.Length} values).");
        }
        int mismatches = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!IsClose(actual[i], expected[i], rtol, atol))
            {
                if (first < 0)
                {
                    first = i;
                }
                mismatches++;
                worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]));
            }
        }
        if (first < 0)
        {
            return;
        }
        var inv = CultureInfo.InvariantCulture;
        var message = new StringBuilder()
            .Append(inv, $"Not close (rtol={rtol:G3}, atol={atol:G3}): {mismatches} of {actual.Length} values differ. ")
            .Append(inv, $"First mismatch at flat index {first}{MultiIndex(first, actualShape)}: ")
            .Append(inv, $"actual {actual[first]:R}, expected {expected[first]:R} (|diff| = {Math.Abs((double)actual[first] - expected[first]):G4}, ")
            .Append(inv, $"largest |diff| = {worst:G4}). Shapes: actual {actualShape}, expected {expectedShape}.");
        Assert.Fail(message.ToString());
    }

    private static string MultiIndex(int flat, Shape shape)
    {
        if (shape.Rank < 2 || !shape.IsFullyDefined || shape.Size == 0)
        {
            return "";
        }
        var ix = new int[shape.Rank];
        for (int axis = shape.Rank - 1; axis >= 0; axis--)
        {
            ix[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return " [" + string.Join(", ", ix) + "]";
    }
}
