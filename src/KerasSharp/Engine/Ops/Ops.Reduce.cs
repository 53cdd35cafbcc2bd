using KerasSharp.Engine.Kernels;

namespace KerasSharp.Engine;

public static partial class Ops
{
    /// <summary>Sum over <paramref name="axes"/> (all axes when null), like <c>keras.ops.sum</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axes">Axes to reduce; negative values count from the end; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce(x, axes is null, axes, keepDims, ReduceKind.Sum);

    /// <summary>Sum over one axis.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="keepDims">Keep the axis with size 1.</param>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) => Reduce(x, false, [axis], keepDims, ReduceKind.Sum);

    /// <summary>Mean over <paramref name="axes"/> (all axes when null), like <c>keras.ops.mean</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axes">Axes to reduce; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false) => MeanOf(x, Sum(x, axes, keepDims));

    private static Tensor MeanOf(Tensor x, Tensor sum)
    {
        int count = sum.Size == 0 ? 0 : x.Size / sum.Size;
        return Divide(sum, Scalar(count));
    }

    /// <summary>Mean over one axis.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="keepDims">Keep the axis with size 1.</param>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) => MeanOf(x, Sum(x, axis, keepDims));

    /// <summary>Maximum over <paramref name="axes"/>. The gradient is shared equally among tied maxima.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axes">Axes to reduce; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce(x, axes is null, axes, keepDims, ReduceKind.Max);

    /// <summary>Minimum over <paramref name="axes"/>. The gradient is shared equally among tied minima.</summary>
    /// <param name="x">The input.</param>
    /// <param name="axes">Axes to reduce; null reduces all.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDims = false) => Reduce(x, axes is null, axes, keepDims, ReduceKind.Min);

    private readonly record struct ReduceState(Shape KeptShape, ReduceKind Kind);

    private static Tensor Reduce(Tensor x, bool allAxes, ReadOnlySpan<int> axes, bool keepDims, ReduceKind kind)
    {
        ArgumentNullException.ThrowIfNull(x);
        Span<bool> reduce = stackalloc bool[x.Rank];
        if (allAxes)
        {
            reduce.Fill(true);
        }
        else
        {
            foreach (var a in axes)
            {
                reduce[x.Shape.NormalizeAxis(a)] = true;
            }
        }
        if (kind != ReduceKind.Sum && x.Size == 0)
        {
            throw new ArgumentException($"Cannot take the {kind.ToString().ToLowerInvariant()} of an empty tensor of shape {x.Shape}.");
        }
        // reduce one axis at a time, from the last, through (outer, n, inner) views
        var current = x;
        var kept = x.Shape;
        for (int axis = x.Rank - 1; axis >= 0; axis--)
        {
            if (!reduce[axis])
            {
                continue;
            }
            var (outer, n, inner) = SplitAxis(kept, axis);
            kept = kept.With(axis, 1);
            var next = Tensor.Empty(kept);
            Reductions.ReduceAxis(current.Span, outer, n, inner, kind, next.Data);
            current = next;
        }
        if (ReferenceEquals(current, x))
        {
            current = Tensor.Empty(x.Shape);
            x.Span.CopyTo(current.Data);
        }
        var outShape = keepDims ? kept : kept.Without(reduce);
        var y = current.ViewAs(outShape);
        GradientTape.RecordOp(y, x, static (g, n) =>
        {
            var state = n.GetState<ReduceState>();
            var gk = Reshape(g, state.KeptShape);
            if (state.Kind == ReduceKind.Sum)
            {
                return [BroadcastTo(gk, n.A.Shape)];
            }
            var mask = Equal(n.A, Reshape(n.Output, state.KeptShape));
            var count = Sum(mask, AxesWhereOne(state.KeptShape, n.A.Shape), keepDims: true);
            return [Multiply(Divide(mask, count), gk)];
        }, new ReduceState(kept, kind));
        return y;
    }

    private static int[] AxesWhereOne(Shape kept, Shape full)
    {
        var axes = new List<int>();
        for (int i = 0; i < full.Rank; i++)
        {
            if (kept[i] == 1 && full[i] != 1)
            {
                axes.Add(i);
            }
        }
        return [.. axes];
    }

    /// <summary>
    /// Sums <paramref name="x"/> down to <paramref name="shape"/>, the inverse of broadcasting: used to reduce the
    /// gradient of a broadcast input (a bias, a scalar) back to the input's shape.
    /// </summary>
    /// <param name="x">A tensor whose shape is a broadcast of <paramref name="shape"/>.</param>
    /// <param name="shape">The target shape.</param>
    public static Tensor SumTo(Tensor x, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape == shape)
        {
            return x;
        }
        int lead = x.Rank - shape.Rank;
        if (lead < 0)
        {
            throw new ArgumentException($"Cannot sum a tensor of shape {x.Shape} down to the larger rank shape {shape}.");
        }
        var axes = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (i < lead || (shape[i - lead] == 1 && x.Shape[i] != 1))
            {
                axes.Add(i);
            }
            else if (shape[i - lead] != x.Shape[i])
            {
                throw new ArgumentException($"Cannot sum a tensor of shape {x.Shape} down to shape {shape}.");
            }
        }
        return Reshape(Sum(x, [.. axes], keepDims: true), shape);
    }

    /// <summary>Broadcasts <paramref name="x"/> to <paramref name="shape"/> (copying values); its gradient sums back.</summary>
    /// <param name="x">The input.</param>
    /// <param name="shape">A shape that <paramref name="x"/> broadcasts to.</param>
    public static Tensor BroadcastTo(Tensor x, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape == shape)
        {
            return x;
        }
        var output = Broadcasted(x, shape);
        GradientTape.RecordOp(output, x, static (g, n) => [SumTo(g, n.A.Shape)]);
        return output;
    }

    /// <summary>A copy of <paramref name="x"/> broadcast to <paramref name="shape"/> (or <paramref name="x"/> itself), never recorded.</summary>
    private static Tensor Broadcasted(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }
        var check = Shape.Broadcast(x.Shape, shape, "broadcast");
        if (check != shape)
        {
            throw new ArgumentException($"Cannot broadcast a tensor of shape {x.Shape} to shape {shape}.");
        }
        var output = Tensor.Zeros(shape);
        Broadcasting.Binary<AddOperator>(output.Span, shape, x.Span, x.Shape, output.Data, shape);
        return output;
    }
}
