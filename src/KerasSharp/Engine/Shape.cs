using System.Collections;
using System.Text;

namespace KerasSharp.Engine;

/// <summary>
/// An immutable tensor shape. A dimension of <c>-1</c> stands for Keras' <c>None</c> (unknown, usually the batch).
/// <see cref="ToString"/> prints the Python tuple form, e.g. <c>(None, 784)</c> or <c>(5,)</c>, so messages read like Keras'.
/// A collection expression converts to a shape, as a Python tuple does in Keras: <c>new Input(shape: [784])</c>.
/// </summary>
[System.Runtime.CompilerServices.CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    /// <summary>Creates a shape from its dimensions (copied).</summary>
    /// <param name="dims">The dimensions; -1 means unknown.</param>
    public Shape(params ReadOnlySpan<int> dims)
    {
        foreach (var d in dims)
        {
            if (d < -1)
            {
                throw new ArgumentException(
                    $"Invalid dimension {d} in shape ({string.Join(", ", dims.ToArray())}): dimensions must be non-negative (or -1 for None).");
            }
        }
        _dims = ShapeCache.Intern(dims);
    }

    private Shape(int[] dims, bool _) => _dims = dims;

    /// <summary>A shape over the shared array for <paramref name="dims"/> (valid dimensions; nothing allocated once seen).</summary>
    internal static Shape Of(ReadOnlySpan<int> dims) => new(ShapeCache.Intern(dims), true);

    /// <summary>Creates a shape from its dimensions; lets a collection expression be a shape: <c>Shape s = [-1, 784];</c>.</summary>
    /// <param name="dims">The dimensions; -1 means unknown.</param>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims);

    internal static Shape Wrap(int[] dims) => new(dims, true);

    /// <summary>The shape of a scalar: <c>()</c>.</summary>
    public static Shape Scalar => new(Array.Empty<int>(), true);

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <summary>Number of dimensions (same as <see cref="Rank"/>).</summary>
    public int Count => Rank;

    /// <summary>The dimension at <paramref name="axis"/>; use <c>^1</c> for the last one (Keras' <c>shape[-1]</c>).</summary>
    public int this[int axis] => (_dims ?? [])[axis];

    /// <summary>The dimension at an index from the end or start.</summary>
    public int this[Index axis] => (_dims ?? [])[axis];

    /// <summary>The dimensions as a read-only span.</summary>
    public ReadOnlySpan<int> Dims => _dims ?? [];

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray() => Dims.ToArray();

    /// <summary>True when no dimension is unknown (-1).</summary>
    public bool IsFullyDefined => !Dims.Contains(-1);

    /// <summary>Product of all dimensions (1 for a scalar). Throws when a dimension is unknown.</summary>
    /// <exception cref="InvalidOperationException">
    /// A dimension is unknown, or the product is more than a tensor can hold (the message names the layer running, if any).
    /// </exception>
    public int Size
    {
        get
        {
            // Capped at 2^32 after each factor (more than any tensor), so the product never overflows and a later 0 still gives 0.
            const long cap = 1L << 32;
            long size = 1;
            foreach (var d in Dims)
            {
                if (d < 0)
                {
                    throw new InvalidOperationException($"Shape {this} is not fully defined.");
                }
                size = Math.Min(size * d, cap);
            }
            if (size > Array.MaxLength)
            {
                throw MemoryLimits.TooLarge(this);
            }
            return (int)size;
        }
    }

    /// <summary>Product of all dimensions without the <see cref="int"/> limit of <see cref="Size"/>; <see cref="long.MaxValue"/> when it overflows.</summary>
    /// <exception cref="InvalidOperationException">A dimension is unknown.</exception>
    internal long ElementCount => IsFullyDefined ? Product(Dims) : throw new InvalidOperationException($"Shape {this} is not fully defined.");

    /// <summary>The product of known (non-negative) dimensions in 64 bits; <see cref="long.MaxValue"/> when it overflows.</summary>
    internal static long Product(ReadOnlySpan<int> dims)
    {
        long size = 1;
        bool zero = false, overflow = false;
        foreach (var d in dims)
        {
            if (d == 0)
            {
                zero = true;
            }
            else if (!overflow && size > long.MaxValue / d)
            {
                overflow = true;
            }
            else if (!overflow)
            {
                size *= d;
            }
        }
        return zero ? 0 : overflow ? long.MaxValue : size;
    }

    /// <summary>Resolves a possibly negative axis (Python style) against this rank.</summary>
    /// <param name="axis">The axis; -1 is the last.</param>
    public int NormalizeAxis(int axis)
    {
        int r = Rank;
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of bounds for a tensor of rank {r} with shape {this}.");
        }
        return a;
    }

    /// <summary>A copy of this shape with the first dimension replaced.</summary>
    /// <param name="batch">The new first dimension (-1 for None).</param>
    public Shape WithBatch(int batch)
    {
        Span<int> d = stackalloc int[Rank];
        Dims.CopyTo(d);
        d[0] = batch;
        return Of(d);
    }

    /// <summary>A copy of this shape with dimension <paramref name="axis"/> set to <paramref name="value"/>.</summary>
    internal Shape With(int axis, int value)
    {
        Span<int> d = stackalloc int[Rank];
        Dims.CopyTo(d);
        d[axis] = value;
        return Of(d);
    }

    /// <summary>This shape without the dimensions where <paramref name="remove"/> is true.</summary>
    internal Shape Without(ReadOnlySpan<bool> remove)
    {
        Span<int> d = stackalloc int[Rank];
        int r = 0;
        for (int i = 0; i < Rank; i++)
        {
            if (!remove[i])
            {
                d[r++] = this[i];
            }
        }
        return Of(d[..r]);
    }

    /// <summary>This shape with <paramref name="batch"/> prepended.</summary>
    /// <param name="batch">The leading dimension (-1 for None).</param>
    public Shape Prepend(int batch)
    {
        Span<int> d = stackalloc int[Rank + 1];
        d[0] = batch;
        Dims.CopyTo(d[1..]);
        return Of(d);
    }

    /// <summary>This shape with <paramref name="dim"/> appended.</summary>
    /// <param name="dim">The trailing dimension.</param>
    public Shape Append(int dim)
    {
        Span<int> d = stackalloc int[Rank + 1];
        Dims.CopyTo(d);
        d[^1] = dim;
        return Of(d);
    }

    /// <summary>This shape without its first dimension.</summary>
    public Shape DropFirst() => Of(Dims[1..]);

    /// <summary>Row-major strides in elements.</summary>
    internal int[] Strides()
    {
        var s = new int[Rank];
        int acc = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Math.Max(this[i], 0);
        }
        return s;
    }

    /// <summary>
    /// The NumPy broadcast of two shapes. An unknown dimension (-1, None) takes the other shape's size unless that is
    /// 1, as in Keras' <c>broadcast_shapes</c>. Throws <see cref="ArgumentException"/> naming both shapes when they
    /// are incompatible.
    /// </summary>
    /// <param name="a">First shape.</param>
    /// <param name="b">Second shape.</param>
    /// <param name="opName">Name used in the error message.</param>
    public static Shape Broadcast(Shape a, Shape b, string opName = "broadcast")
    {
        if (a.Equals(b))
        {
            return a;
        }
        int r = Math.Max(a.Rank, b.Rank);
        Span<int> d = stackalloc int[r];
        for (int i = 0; i < r; i++)
        {
            int da = i < r - a.Rank ? 1 : a[i - (r - a.Rank)];
            int db = i < r - b.Rank ? 1 : b[i - (r - b.Rank)];
            // As keras.src.ops.operation_utils.broadcast_shapes: None (-1) takes the other side's size unless that is 1.
            if (da == db || db == 1)
            {
                d[i] = da;
            }
            else if (da == 1)
            {
                d[i] = db;
            }
            else if (da == -1)
            {
                d[i] = db;
            }
            else if (db == -1)
            {
                d[i] = da;
            }
            else
            {
                throw new ArgumentException($"Cannot {opName} tensors with incompatible shapes {a} and {b}: dimension {i} is {da} vs {db}.");
            }
        }
        return Of(d);
    }

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Dims)
        {
            h.Add(d);
        }
        return h.ToHashCode();
    }

    /// <summary>Shape equality.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Shape inequality.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>Creates a shape from an array of dimensions.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Python tuple form, e.g. <c>(None, 28, 28)</c>.</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("(");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            sb.Append(dims[i] < 0 ? "None" : dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (dims.Length == 1)
        {
            sb.Append(',');
        }
        return sb.Append(')').ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_dims ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
