using System.Collections;
using System.Runtime.CompilerServices;

namespace KerasSharp.Layers;

/// <summary>
/// A pair of integers for the two spatial axes, for Keras arguments that take "an int or a tuple of 2 ints"
/// (<c>kernel_size</c>, <c>strides</c>, <c>dilation_rate</c>, <c>pool_size</c>, <c>size</c>, …). Converts implicitly
/// from a single int (used for both axes), a tuple <c>(3, 3)</c>, a collection expression <c>[3, 3]</c> or an
/// <c>int[]</c> of length 2.
/// </summary>
/// <example>
/// <code>
/// new Conv2D(32, 3);                       // kernel (3, 3)
/// new Conv2D(32, (3, 5), strides: 2);      // kernel (3, 5), strides (2, 2)
/// new Conv2D(32, [3, 3], dilationRate: [2, 2]);
/// </code>
/// </example>
[CollectionBuilder(typeof(IntPair), nameof(Create))]
public readonly struct IntPair : IEquatable<IntPair>, IEnumerable<int>
{
    /// <summary>Creates a pair.</summary>
    /// <param name="height">The value for the first spatial axis (height, rows).</param>
    /// <param name="width">The value for the second spatial axis (width, columns).</param>
    public IntPair(int height, int width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>The value for the first spatial axis (height, rows).</summary>
    public int Height { get; }

    /// <summary>The value for the second spatial axis (width, columns).</summary>
    public int Width { get; }

    /// <summary>Creates a pair from exactly two values (the collection-expression builder for <c>[h, w]</c>).</summary>
    /// <param name="values">The height and width values.</param>
    /// <exception cref="ArgumentException">There are not exactly two values.</exception>
    public static IntPair Create(ReadOnlySpan<int> values)
    {
        if (values.Length != 2)
        {
            throw new ArgumentException(
                $"Expected a tuple of 2 integers (height, width), or a single int for both. Received: [{string.Join(", ", values.ToArray())}]",
                nameof(values));
        }
        return new IntPair(values[0], values[1]);
    }

    /// <summary>The same value for both axes, as Keras does for a single int.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator IntPair(int value) => new(value, value);

    /// <summary>A pair from a tuple <c>(height, width)</c>.</summary>
    /// <param name="value">The tuple.</param>
    public static implicit operator IntPair((int Height, int Width) value) => new(value.Height, value.Width);

    /// <summary>A pair from an array of exactly two values.</summary>
    /// <param name="values">The array.</param>
    /// <exception cref="ArgumentException">The array does not hold exactly two values.</exception>
    public static implicit operator IntPair(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Create(values);
    }

    /// <summary>Deconstructs into <c>(height, width)</c>.</summary>
    /// <param name="height">The first value.</param>
    /// <param name="width">The second value.</param>
    public void Deconstruct(out int height, out int width)
    {
        height = Height;
        width = Width;
    }

    /// <summary>The values as <c>[height, width]</c>.</summary>
    public int[] ToArray() => [Height, Width];

    /// <summary>Enumerates height then width.</summary>
    public IEnumerator<int> GetEnumerator()
    {
        yield return Height;
        yield return Width;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(IntPair other) => Height == other.Height && Width == other.Width;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntPair other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Height, Width);

    /// <summary>Equality of both values.</summary>
    /// <param name="left">The first pair.</param>
    /// <param name="right">The second pair.</param>
    public static bool operator ==(IntPair left, IntPair right) => left.Equals(right);

    /// <summary>Inequality of either value.</summary>
    /// <param name="left">The first pair.</param>
    /// <param name="right">The second pair.</param>
    public static bool operator !=(IntPair left, IntPair right) => !left.Equals(right);

    /// <summary>The Python tuple form, e.g. <c>(3, 3)</c>, as Keras prints it in messages.</summary>
    public override string ToString() => $"({Height}, {Width})";
}
