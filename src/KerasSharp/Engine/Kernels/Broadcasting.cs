using System.Runtime.CompilerServices;

namespace KerasSharp.Engine.Kernels;

/// <summary>Binary element-wise kernels with NumPy broadcasting over row-major spans.</summary>
internal static class Broadcasting
{
    /// <summary>
    /// <c>destination = op(x, y)</c> where <paramref name="x"/> and <paramref name="y"/> broadcast to
    /// <paramref name="outShape"/>. The innermost axis runs as one span operation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(ReadOnlySpan<float> x, Shape xShape, ReadOnlySpan<float> y, Shape yShape, Span<float> destination, Shape outShape)
        where TOp : struct, IBinaryOperator
    {
        if (destination.Length == 0)
        {
            return;
        }
        if (x.Length == destination.Length && y.Length == destination.Length)
        {
            TOp.Invoke(x, y, destination);
            return;
        }
        if (y.Length == 1 && x.Length == destination.Length)
        {
            TOp.Invoke(x, y[0], destination);
            return;
        }
        if (x.Length == 1 && y.Length == destination.Length)
        {
            TOp.Invoke(x[0], y, destination);
            return;
        }
        int rank = outShape.Rank;
        Span<int> xStrides = stackalloc int[rank];
        Span<int> yStrides = stackalloc int[rank];
        BroadcastStrides(xShape, outShape, xStrides);
        BroadcastStrides(yShape, outShape, yStrides);
        int inner = outShape[rank - 1];
        int xInner = xStrides[rank - 1];
        int yInner = yStrides[rank - 1];
        int rows = destination.Length / inner;
        Span<int> counter = stackalloc int[rank];
        int xOff = 0, yOff = 0;
        for (int row = 0; row < rows; row++)
        {
            var d = destination.Slice(row * inner, inner);
            if (xInner != 0 && yInner != 0)
            {
                TOp.Invoke(x.Slice(xOff, inner), y.Slice(yOff, inner), d);
            }
            else if (xInner != 0)
            {
                TOp.Invoke(x.Slice(xOff, inner), y[yOff], d);
            }
            else if (yInner != 0)
            {
                TOp.Invoke(x[xOff], y.Slice(yOff, inner), d);
            }
            else
            {
                d.Fill(TOp.Invoke(x[xOff], y[yOff]));
            }
            // advance the odometer over the outer axes
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                counter[axis]++;
                xOff += xStrides[axis];
                yOff += yStrides[axis];
                if (counter[axis] < outShape[axis])
                {
                    break;
                }
                xOff -= xStrides[axis] * counter[axis];
                yOff -= yStrides[axis] * counter[axis];
                counter[axis] = 0;
            }
        }
    }

    /// <summary>Strides of <paramref name="shape"/> viewed as <paramref name="outShape"/>: 0 along broadcast axes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BroadcastStrides(Shape shape, Shape outShape, Span<int> strides)
    {
        int offset = outShape.Rank - shape.Rank;
        int acc = 1;
        for (int i = outShape.Rank - 1; i >= 0; i--)
        {
            int src = i - offset;
            if (src < 0 || shape[src] == 1)
            {
                strides[i] = 0;
            }
            else
            {
                strides[i] = acc;
            }
            if (src >= 0)
            {
                acc *= shape[src];
            }
        }
    }
}
