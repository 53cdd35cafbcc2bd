using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>Row gather and its adjoint, the scatter-add of rows (embedding lookups and their gradients).</summary>
internal static class Gather
{
    /// <summary><c>destination[i] = source[indices[i]]</c>, row by row (rows of <paramref name="rowSize"/> values); indices are trusted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(ReadOnlySpan<float> source, int rowSize, ReadOnlySpan<int> indices, Span<float> destination)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            source.Slice(indices[i] * rowSize, rowSize).CopyTo(destination.Slice(i * rowSize, rowSize));
        }
    }

    /// <summary><c>destination[indices[i]] += gradient[i]</c>, row by row; repeated indices accumulate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterAddRows(ReadOnlySpan<float> gradient, int rowSize, ReadOnlySpan<int> indices, Span<float> destination)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            var row = destination.Slice(indices[i] * rowSize, rowSize);
            TensorPrimitives.Add(row, gradient.Slice(i * rowSize, rowSize), row);
        }
    }
}
