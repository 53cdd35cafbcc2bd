using System.Globalization;

namespace KerasSharp.Data;

/// <summary>
/// A side of <see cref="Keras.Utils.SplitDataset(Engine.Tensor, SplitSize?, SplitSize?, bool, int?)"/>, as Keras takes
/// it: an <c>int</c> is a number of samples, a <c>double</c> a fraction of them (<c>leftSize: 800</c>,
/// <c>leftSize: 0.8</c>).
/// </summary>
public readonly struct SplitSize : IEquatable<SplitSize>
{
    private SplitSize(double value, bool isFraction)
    {
        Value = value;
        IsFraction = isFraction;
    }

    /// <summary>The number of samples, or the fraction.</summary>
    public double Value { get; }

    /// <summary>Whether <see cref="Value"/> is a fraction (given as a <c>double</c>) rather than a count.</summary>
    public bool IsFraction { get; }

    /// <summary>A number of samples.</summary>
    /// <param name="count">The count.</param>
    public static implicit operator SplitSize(int count) => new(count, isFraction: false);

    /// <summary>A fraction of the samples, in (0, 1).</summary>
    /// <param name="fraction">The fraction.</param>
    public static implicit operator SplitSize(double fraction) => new(fraction, isFraction: true);

    /// <summary>A number of samples (for languages without implicit conversions).</summary>
    /// <param name="count">The count.</param>
    public static SplitSize FromCount(int count) => count;

    /// <summary>A fraction of the samples (for languages without implicit conversions).</summary>
    /// <param name="fraction">The fraction.</param>
    public static SplitSize FromFraction(double fraction) => fraction;

    /// <inheritdoc/>
    public bool Equals(SplitSize other) => Value.Equals(other.Value) && IsFraction == other.IsFraction;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SplitSize other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Value, IsFraction);

    /// <summary>Whether two sizes are the same kind and value.</summary>
    /// <param name="left">A size.</param>
    /// <param name="right">Another size.</param>
    public static bool operator ==(SplitSize left, SplitSize right) => left.Equals(right);

    /// <summary>Whether two sizes differ.</summary>
    /// <param name="left">A size.</param>
    /// <param name="right">Another size.</param>
    public static bool operator !=(SplitSize left, SplitSize right) => !left.Equals(right);

    /// <summary>The size as Python prints it: <c>800</c>, <c>0.8</c>, <c>1.0</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        string text = Value.ToString("R", CultureInfo.InvariantCulture);
        return IsFraction && double.IsFinite(Value) && Value == Math.Floor(Value) ? text + ".0" : text;
    }
}
