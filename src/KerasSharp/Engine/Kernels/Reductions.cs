using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace KerasSharp.Engine.Kernels;

/// <summary>The kind of axis reduction.</summary>
internal enum ReduceKind
{
    Sum,
    Max,
    Min,
}

/// <summary>Reductions of one axis of a tensor viewed as <c>(outer, n, inner)</c>.</summary>
internal static class Reductions
{
    /// <summary>Reduces the middle axis of an <c>(outer, n, inner)</c> view into <c>(outer, inner)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReduceAxis(ReadOnlySpan<float> x, int outer, int n, int inner, ReduceKind kind, Span<float> destination)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                var row = x.Slice(o * n, n);
                destination[o] = n == 0 ? Identity(kind) : kind switch
                {
                    ReduceKind.Sum => TensorPrimitives.Sum(row),
                    ReduceKind.Max => TensorPrimitives.Max(row),
                    _ => TensorPrimitives.Min(row),
                };
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var d = destination.Slice(o * inner, inner);
            if (n == 0)
            {
                d.Fill(Identity(kind));
                continue;
            }
            x.Slice(o * n * inner, inner).CopyTo(d);
            for (int j = 1; j < n; j++)
            {
                var src = x.Slice((o * n + j) * inner, inner);
                switch (kind)
                {
                    case ReduceKind.Sum:
                        TensorPrimitives.Add(d, src, d);
                        break;
                    case ReduceKind.Max:
                        TensorPrimitives.Max(d, src, d);
                        break;
                    default:
                        TensorPrimitives.Min(d, src, d);
                        break;
                }
            }
        }
    }

    private static float Identity(ReduceKind kind) => kind switch
    {
        ReduceKind.Sum => 0f,
        ReduceKind.Max => float.NegativeInfinity,
        _ => float.PositiveInfinity,
    };
}
