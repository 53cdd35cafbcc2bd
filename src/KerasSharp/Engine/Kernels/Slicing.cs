using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Block copies along one axis of row-major tensors viewed as <c>(outer, n, inner)</c>: the kernel behind slicing,
/// splitting, concatenation and stacking (forward and backward).
/// </summary>
internal static class Slicing
{
    /// <summary>
    /// For every outer index, copies <paramref name="count"/> rows of <paramref name="inner"/> values starting at row
    /// <paramref name="sourceStart"/> of <paramref name="source"/> (which has <paramref name="sourceRows"/> rows per
    /// outer index) to row <paramref name="destinationStart"/> of <paramref name="destination"/> (which has
    /// <paramref name="destinationRows"/> rows per outer index). Allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows(ReadOnlySpan<float> source, int sourceRows, int sourceStart,
        int outer, int count, int inner, Span<float> destination, int destinationRows, int destinationStart)
    {
        int block = count * inner;
        if (block == 0)
        {
            return;
        }
        int sourceStride = sourceRows * inner;
        int destinationStride = destinationRows * inner;
        int s = sourceStart * inner;
        int d = destinationStart * inner;
        for (int o = 0; o < outer; o++)
        {
            source.Slice(s, block).CopyTo(destination.Slice(d, block));
            s += sourceStride;
            d += destinationStride;
        }
    }
}
