using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>
/// Constant padding of a row-major tensor and its adjoint (cropping). The inner tensor of shape <c>inner</c> sits in
/// the outer tensor of shape <c>outer</c> at offset <c>before[a]</c> on each axis; each innermost row is copied as one
/// block.
/// </summary>
internal static class Padding
{
    /// <summary>Copies <paramref name="inner"/> into its place in <paramref name="outer"/> (the rest of <paramref name="outer"/> is left unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Embed(ReadOnlySpan<float> inner, ReadOnlySpan<int> innerShape, ReadOnlySpan<int> before, Span<float> outer, ReadOnlySpan<int> outerShape)
    {
        int rank = innerShape.Length;
        if (rank == 0)
        {
            outer[0] = inner[0];
            return;
        }
        Span<int> index = stackalloc int[rank];
        Span<int> outerStrides = stackalloc int[rank];
        Strides(outerShape, outerStrides);
        int rowLength = innerShape[rank - 1];
        int rows = rowLength == 0 ? 0 : inner.Length / rowLength;
        for (int r = 0; r < rows; r++)
        {
            inner.Slice(r * rowLength, rowLength).CopyTo(outer.Slice(OuterOffset(index, before, outerStrides), rowLength));
            Advance(index, innerShape);
        }
    }

    /// <summary>Copies the window of <paramref name="outer"/> at <paramref name="before"/> into <paramref name="inner"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Crop(ReadOnlySpan<float> outer, ReadOnlySpan<int> outerShape, ReadOnlySpan<int> before, Span<float> inner, ReadOnlySpan<int> innerShape)
    {
        int rank = innerShape.Length;
        if (rank == 0)
        {
            inner[0] = outer[0];
            return;
        }
        Span<int> index = stackalloc int[rank];
        Span<int> outerStrides = stackalloc int[rank];
        Strides(outerShape, outerStrides);
        int rowLength = innerShape[rank - 1];
        int rows = rowLength == 0 ? 0 : inner.Length / rowLength;
        for (int r = 0; r < rows; r++)
        {
            outer.Slice(OuterOffset(index, before, outerStrides), rowLength).CopyTo(inner.Slice(r * rowLength, rowLength));
            Advance(index, innerShape);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Strides(ReadOnlySpan<int> shape, Span<int> strides)
    {
        int stride = 1;
        for (int a = shape.Length - 1; a >= 0; a--)
        {
            strides[a] = stride;
            stride *= shape[a];
        }
    }

    /// <summary>Offset in the outer tensor of the start of the inner row at <paramref name="index"/> (last axis 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int OuterOffset(ReadOnlySpan<int> index, ReadOnlySpan<int> before, ReadOnlySpan<int> outerStrides)
    {
        int offset = 0;
        for (int a = 0; a < index.Length; a++)
        {
            offset += (index[a] + before[a]) * outerStrides[a];
        }
        return offset;
    }

    /// <summary>Moves to the next inner row (odometer over every axis but the last).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Advance(Span<int> index, ReadOnlySpan<int> shape)
    {
        for (int a = index.Length - 2; a >= 0; a--)
        {
            if (++index[a] < shape[a])
            {
                return;
            }
            index[a] = 0;
        }
    }
}
