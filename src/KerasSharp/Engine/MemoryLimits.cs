using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace KerasSharp.Engine;

/// <summary>
/// The largest tensor this process can allocate: at most <see cref="Array.MaxLength"/> floats, and no more bytes than
/// the memory available to the process (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, read once). Tensor
/// allocation and weight creation check against it before allocating, so a weight or activation that cannot exist
/// fails at once with an <see cref="InvalidOperationException"/> naming the layer, the shape and the bytes needed,
/// instead of an <see cref="OutOfMemoryException"/> (or minutes of swapping) later.
/// </summary>
/// <remarks>The check on the allocation path is one integer comparison against a cached limit.</remarks>
internal static class MemoryLimits
{
    private static long s_availableBytes = AvailableToProcess();
    private static int s_maxElements = ElementsWithin(s_availableBytes);

    /// <summary>The memory this process can use, in bytes.</summary>
    public static long AvailableBytes => s_availableBytes;

    /// <summary>The most floats one tensor may hold.</summary>
    public static int MaxElements => s_maxElements;

    private static long AvailableToProcess()
    {
        long bytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return bytes > 0 ? bytes : long.MaxValue;
    }

    private static int ElementsWithin(long bytes) => (int)Math.Min(Array.MaxLength, bytes / sizeof(float));

    /// <summary>The number of floats of a tensor of <paramref name="shape"/>, checked to be allocatable.</summary>
    /// <exception cref="InvalidOperationException">The tensor would not fit (the message names the current layer).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Elements(Shape shape)
    {
        int size = shape.Size;
        if (size > s_maxElements)
        {
            ThrowTooLarge(shape);
        }
        return size;
    }

    /// <summary>Checks, before anything is allocated, that a weight of <paramref name="shape"/> can be created.</summary>
    /// <param name="layer">The layer creating it.</param>
    /// <param name="path">The weight's path, e.g. <c>dense/kernel</c>.</param>
    /// <param name="shape">Its shape (a shape with unknown dimensions is left to the initializer to reject).</param>
    public static void EnsureWeight(string layer, string path, Shape shape)
    {
        if (shape.IsFullyDefined && shape.ElementCount > s_maxElements)
        {
            throw new InvalidOperationException($"Layer \"{layer}\" cannot create its weight '{path}' of shape {shape}: {Shortfall(shape)}");
        }
        if (t_weightBudget is { } budget && shape.IsFullyDefined)
        {
            budget.Take(layer, path, shape);
        }
    }

    [ThreadStatic]
    private static WeightBudget? t_weightBudget;

    /// <summary>
    /// Until disposed, limits the values of all weights created on this thread to <paramref name="elements"/> (a model
    /// rebuilt from a file cannot need more than the file holds); beyond it weight creation throws an
    /// <see cref="InvalidDataException"/> that names <paramref name="source"/>.
    /// </summary>
    internal static WeightBudget LimitWeights(long elements, string source)
    {
        var budget = new WeightBudget(elements, source, t_weightBudget);
        t_weightBudget = budget;
        return budget;
    }

    /// <summary>The weight values still allowed on this thread (see <see cref="LimitWeights"/>); disposing restores the previous budget.</summary>
    internal sealed class WeightBudget(long elements, string source, WeightBudget? previous) : IDisposable
    {
        private readonly long _total = elements;
        private long _left = elements;

        /// <summary>Counts a new weight against the budget, before it is allocated.</summary>
        /// <exception cref="InvalidDataException">It would exceed the budget.</exception>
        public void Take(string layer, string path, Shape shape)
        {
            long count = shape.ElementCount;
            if (count > _left)
            {
                throw new InvalidDataException(
                    $"Layer \"{layer}\" would create its weight '{path}' of shape {shape} ({count} values), but {source} holds only {_total} weight values in all: its architecture does not fit its weights.");
            }
            _left -= count;
        }

        /// <summary>Restores the previous budget.</summary>
        public void Dispose() => t_weightBudget = previous;
    }

    /// <summary>The error for a tensor of <paramref name="shape"/> that cannot be allocated, naming the current layer.</summary>
    public static InvalidOperationException TooLarge(Shape shape) =>
        new($"{LayerContext.Cannot()} allocate a tensor of shape {shape}: {Shortfall(shape)}");

    /// <summary>The error for an output of <paramref name="shape"/> that layer <paramref name="layer"/> could not allocate.</summary>
    public static InvalidOperationException TooLarge(Shape shape, string layer) =>
        new($"Layer \"{layer}\" cannot allocate a tensor of shape {shape}: {Shortfall(shape)}");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooLarge(Shape shape) => throw TooLarge(shape);

    /// <summary>Why a shape does not fit: the bytes it needs beyond what the process can use, or its element count beyond a tensor's.</summary>
    private static string Shortfall(Shape shape)
    {
        double elements = 1;
        foreach (var d in shape.Dims)
        {
            elements *= d;
        }
        double bytes = elements * sizeof(float);
        if (bytes > s_availableBytes)
        {
            return $"it needs {FormatBytes(bytes)}, more than the {FormatBytes(s_availableBytes)} this process can use.";
        }
        string count = elements < 1e15 ? ((long)elements).ToString(CultureInfo.InvariantCulture) : elements.ToString("E3", CultureInfo.InvariantCulture);
        return $"it has {count} elements, more than the {s_maxElements} a single tensor can hold.";
    }

    /// <summary>Bytes with one decimal in base-1024 units (B, KB, MB, GB, TB, PB), as Keras' summary counts them.</summary>
    internal static string FormatBytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        int unit = 0;
        while (unit < units.Length - 1 && bytes >= 1024)
        {
            bytes /= 1024;
            unit++;
        }
        return bytes.ToString("F1", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>Pretends the process can use only <paramref name="availableBytes"/> until disposed (for tests).</summary>
    internal static Override Limit(long availableBytes)
    {
        var previous = new Override(s_availableBytes);
        s_availableBytes = availableBytes;
        s_maxElements = ElementsWithin(availableBytes);
        return previous;
    }

    /// <summary>Restores the limit that was in force before <see cref="Limit"/>.</summary>
    internal readonly struct Override(long previousBytes) : IDisposable
    {
        /// <summary>Restores the previous limit.</summary>
        public void Dispose()
        {
            s_availableBytes = previousBytes;
            s_maxElements = ElementsWithin(previousBytes);
        }
    }
}
